// Where merge-reports and clean-reports work: the per-process report directory and the directory
// of the merged reports, resolved from the command line and the configuration in one place.
#pragma once

#include <filesystem>
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

// Consumes --dir (each occurrence), --out and --default-out. dir: --dir, else the configured report
// directory (REDIS_TESTKIT_REPORT_DIR, else REDIS_TESTKIT_DEFAULT_REPORT_DIR, else
// ./redis-testkit-reports). out: --out, else --default-out when the directory is not the user's
// choice (neither --dir nor REDIS_TESTKIT_REPORT_DIR: redis_testkit_discover_tests passes
// <build>/redis-testkit), else dir. Throws ConfigError when the configuration must be read and is
// invalid.
ReportDirs ResolveReportDirs(Arguments& args);

// The usage text of those three options (shared by both subcommands' --help).
#define REDIS_TESTKIT_REPORT_DIRS_USAGE                                                            \
  "--dir DIR          the per-process reports (default: REDIS_TESTKIT_REPORT_DIR, else\n"          \
  "                   REDIS_TESTKIT_DEFAULT_REPORT_DIR, else ./redis-testkit-reports)\n"           \
  "                   (merge-reports: repeat it to merge several, e.g. one per CI shard)\n"        \
  "--out DIR          the merged reports (default: the report directory)\n"                        \
  "--default-out DIR  the merged reports when the report directory is not the user's choice\n"     \
  "                   (neither --dir nor REDIS_TESTKIT_REPORT_DIR: redis_testkit_discover_tests\n" \
  "                   passes <build>/redis-testkit; a user's directory gets both)\n"

}  // namespace redis_testkit::cli
