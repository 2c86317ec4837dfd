// `redis-testkit merge-reports`: the per-process leak reports of a run -> leak-report.json and
// leak-report.md, plus the run's summary on stdout.
#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "redis_testkit/cleanup/junit_properties.h"
#include "redis_testkit/cleanup/log_format.h"
#include "redis_testkit/cleanup/report_merge.h"
#include "report_dirs.h"

namespace redis_testkit::cli {
namespace {

int Run(Arguments& args) {
  const std::optional<std::string> junit = args.Option("--junit");
  const ReportDirs dirs = ResolveReportDirs(args);
  args.ExpectNoMore();
  if (!std::filesystem::is_directory(dirs.dir)) {
    // No test process wrote a report (e.g. every test was filtered out): nothing to merge.
    std::printf("redis-testkit merge-reports: %s does not exist: no report to merge\n",
                dirs.dir.c_str());
    return kExitOk;
  }
  const cleanup::MergeResult result = cleanup::MergeReports(dirs.dir, dirs.out);
  for (const std::string& warning : result.warnings) {
    std::fprintf(stderr, "warning: %s\n", warning.c_str());
  }
  cleanup::MergedReport merged = cleanup::LoadReports(dirs.dir);
  merged.Compute();
  std::printf("%s\n", cleanup::FormatSuiteSummary(merged.totals).c_str());
  std::printf("merged %d report(s), %lld test(s) -> %s, %s\n", result.files_merged, result.tests,
              result.json_path.c_str(), result.markdown_path.c_str());
  if (junit) {
    const cleanup::JUnitAnnotation annotation = cleanup::AnnotateJUnitFile(*junit, merged);
    std::printf("%s: Redis properties added to %d test case(s) (%d without a kit record)\n",
                junit->c_str(), annotation.annotated, annotation.without_record);
  }
  return kExitOk;
}

}  // namespace

const Subcommand kMergeCommand{
    "merge-reports", "merge the per-process leak reports of a run into leak-report.{json,md}",
    "Usage: redis-testkit merge-reports [--dir DIR] [--out DIR] [--default-out DIR]\n"
    "                                   [--junit FILE]\n\n"
    "Reads every per-process report (*.json) in the report directory - the "
    "REDIS_TESTKIT_REPORT_DIR\n"
    "of the run - and writes leak-report.json (every test, run totals) and leak-report.md (tests\n"
    "with leaks, top key patterns by bytes, peak memory per test, OOM events, slowest tests) into\n"
    "the output directory; earlier merged reports there are replaced, never read as input. Files "
    "of\n"
    "another schema or a newer version are skipped with a warning. Prints the run's summary. A\n"
    "missing report directory is not an error (no test wrote a "
    "report).\n\n" REDIS_TESTKIT_REPORT_DIRS_USAGE
    "--junit FILE       add each test's Redis figures as <properties> to the <testcase>\n"
    "                   elements of a JUnit file written by `ctest --output-junit` (ctest does\n"
    "                   not carry GoogleTest properties)\n",
    Run};

}  // namespace redis_testkit::cli
