// Writes a process's Report into the report directory as <binary>-<pid>-<start time>.json
// (unique per process; writing again replaces the file), atomically: a temp file, then rename.
#pragma once

#include <filesystem>
#include <string>

#include "redis_testkit/cleanup/report.h"

namespace redis_testkit::cleanup {

class ReportWriter {
 public:
  static constexpr const char* kDefaultDir = "redis-testkit-reports";

  // dir: ReportConfig::report_dir; empty means ./redis-testkit-reports. Created when missing.
  explicit ReportWriter(std::filesystem::path dir);

  // "gateway_tests-4242-20240501T120000Z.json" (unsafe characters of the binary name become '_').
  static std::string FileName(const ProcessInfo& process);
  // Writes and returns the path. Throws std::runtime_error naming the path and the OS error.
  std::filesystem::path Write(const Report& report) const;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

}  // namespace redis_testkit::cleanup
