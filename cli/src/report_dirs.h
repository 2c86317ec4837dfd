// Where merge-reports and clean-reports work: the per-process report directory and the directory
// of the merged reports, resolved from the command line and the configuration in one place.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli_support.h"

namespace redis_testkit::cli {

struct ReportDirs {
  std::filesystem::path dir;  // the per-process reports (REDIS_TESTKIT_REPORT_DIR of the run)
  std::filesystem::path out;  // leak-report.json, leak-report.md, leak-report.html
  // Every --dir given, in order (dir is the first); only merge-reports takes more than one (the
  // report directories of the shards of a run), and then needs --out.
  std::vector<std::filesystem::path> dirs;
};

// The values of --dir (each occurrence, in order), --out and --default-out.
struct ReportDirFlags {
  std::vector<std::string> dir;
  std::optional<std::string> out;
  std::optional<std::string> default_out;
};

// Defines the three flags (shared by both subcommands) on `app`, bound to `flags`.
void AddReportDirFlags(CLI::App& app, ReportDirFlags& flags);

// From the flags' values: dir: --dir, else the configured report
// directory (REDIS_TESTKIT_REPORT_DIR, else REDIS_TESTKIT_DEFAULT_REPORT_DIR, else
// ./redis-testkit-reports). out: --out, else --default-out when the directory is not the user's
// choice (neither --dir nor REDIS_TESTKIT_REPORT_DIR: redis_testkit_discover_tests passes
// <build>/redis-testkit), else dir. Throws ConfigError when the configuration must be read and is
// invalid.
ReportDirs ResolveReportDirs(const ReportDirFlags& flags);

}  // namespace redis_testkit::cli
