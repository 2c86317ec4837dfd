// ReportWriter: unique file name per process, atomic write.
#include "redis_testkit/cleanup/report_writer.h"

#include <utility>

#include "atomic_file.h"

namespace redis_testkit::cleanup {

ReportWriter::ReportWriter(std::filesystem::path dir)
    : dir_(dir.empty() ? std::filesystem::path(kDefaultDir) : std::move(dir)) {}

std::string ReportWriter::FileName(const ProcessInfo& process) {
  std::string binary = process.binary.empty() ? "tests" : process.binary;
  for (char& c : binary) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-' || c == '.';
    if (!safe) c = '_';
  }
  // "2024-05-01T12:00:00.123Z" -> "20240501T120000Z" (milliseconds dropped; the pid is unique).
  std::string stamp;
  for (char c : process.started_at) {
    if (c == '.') break;
    if (c != '-' && c != ':') stamp += c;
  }
  if (!stamp.empty() && stamp.back() != 'Z') stamp += 'Z';
  return binary + "-" + std::to_string(process.pid) + "-" + (stamp.empty() ? "0" : stamp) + ".json";
}

std::filesystem::path ReportWriter::Write(const Report& report) const {
  std::filesystem::path path = dir_ / FileName(report.process);
  internal::WriteFileAtomically(path, ReportToJson(report));
  return path;
}

}  // namespace redis_testkit::cleanup
