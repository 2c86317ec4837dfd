#include "report_dirs.h"

#include "flags.h"
#include "redis_testkit/cleanup/report_writer.h"

namespace redis_testkit::cli {

void AddReportDirFlags(CLI::App& app, ReportDirFlags& flags) {
  AddValues(app, "--dir", flags.dir, "DIR",
            "the per-process reports (default: REDIS_TESTKIT_REPORT_DIR, else "
            "REDIS_TESTKIT_DEFAULT_REPORT_DIR, else ./redis-testkit-reports); merge-reports: "
            "repeat it to merge several, e.g. one per CI shard");
  AddValue(app, "--out", flags.out, "DIR", "the merged reports (default: the report directory)");
  AddValue(app, "--default-out", flags.default_out, "DIR",
           "the merged reports when the report directory is not the user's choice (neither --dir "
           "nor REDIS_TESTKIT_REPORT_DIR: redis_testkit_discover_tests passes "
           "<build>/redis-testkit; a user's directory gets both)");
}

ReportDirs ResolveReportDirs(const ReportDirFlags& flags) {
  const std::optional<std::string> dir =
      flags.dir.empty() ? std::nullopt : std::optional<std::string>(flags.dir.front());
  ReportDirs dirs;
  dirs.dirs.assign(flags.dir.begin(), flags.dir.end());
  const std::optional<std::string>& out = flags.out;
  const std::optional<std::string>& default_out = flags.default_out;
  bool users_choice = true;
  if (dir) {
    dirs.dir = *dir;
  } else {
    const ReportConfig report = LoadConfig().config.report;
    dirs.dir = report.report_dir.empty() ? cleanup::ReportWriter::kDefaultDir : report.report_dir;
    users_choice = report.report_dir_explicit;
    dirs.dirs.push_back(dirs.dir);
  }
  if (dirs.dirs.size() > 1 && !out) {
    throw UsageError(
        "several --dir (e.g. the report directories of the shards of a run) need "
        "--out DIR: where the merged reports go");
  }
  if (out) {
    dirs.out = *out;
  } else if (default_out && !users_choice) {
    dirs.out = *default_out;
  } else {
    dirs.out = dirs.dir;
  }
  return dirs;
}

}  // namespace redis_testkit::cli
