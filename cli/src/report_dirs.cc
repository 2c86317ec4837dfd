#include "report_dirs.h"

#include "redis_testkit/cleanup/report_writer.h"

namespace redis_testkit::cli {

ReportDirs ResolveReportDirs(Arguments& args) {
  const std::optional<std::string> dir = args.Option("--dir");
  const std::optional<std::string> out = args.Option("--out");
  const std::optional<std::string> default_out = args.Option("--default-out");
  ReportDirs dirs;
  bool users_choice = true;
  if (dir) {
    dirs.dir = *dir;
  } else {
    const ReportConfig report = LoadConfig().config.report;
    dirs.dir = report.report_dir.empty() ? cleanup::ReportWriter::kDefaultDir : report.report_dir;
    users_choice = report.report_dir_explicit;
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
