#include "report_dirs.h"

#include "redis_testkit/cleanup/report_writer.h"

namespace redis_testkit::cli {

ReportDirs ResolveReportDirs(Arguments& args) {
  const std::optional<std::string> dir = args.Option("--dir");
  ReportDirs dirs;
  if (dir) dirs.dirs.emplace_back(*dir);
  while (const std::optional<std::string> more = args.Option("--dir"))
    dirs.dirs.emplace_back(*more);
  const std::optional<std::string> out = args.Option("--out");
  const std::optional<std::string> default_out = args.Option("--default-out");
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
