// `redis-testkit merge-reports`: the per-process leak reports of a run (one directory, or one per
// shard of a sharded run) -> leak-report.json, leak-report.md and leak-report.html, plus the run's
// summary on stdout.
#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "flags.h"
#include "junit_properties.h"
#include "redis_testkit/cleanup/log_format.h"
#include "redis_testkit/cleanup/report_merge.h"
#include "report_dirs.h"

namespace redis_testkit::cli {
namespace {

struct Flags {
  ReportDirFlags dirs;
  std::optional<std::string> junit;
};

int Run(const Flags& flags) {
  const std::optional<std::string>& junit = flags.junit;
  const ReportDirs dirs = ResolveReportDirs(flags.dirs);
  if (dirs.dirs.size() == 1 && !std::filesystem::is_directory(dirs.dir)) {
    // No test process wrote a report (e.g. every test was filtered out): nothing to merge.
    std::printf("redis-testkit merge-reports: %s does not exist: no report to merge\n",
                dirs.dir.c_str());
    return kExitOk;
  }
  // Several directories are the shards of one run: a missing one would make the totals lie.
  for (const std::filesystem::path& dir : dirs.dirs) {
    if (dirs.dirs.size() > 1 && !std::filesystem::is_directory(dir)) {
      std::fprintf(stderr,
                   "redis-testkit merge-reports: report directory %s does not exist (a shard "
                   "whose artifacts are missing?): nothing merged\n",
                   dir.c_str());
      return kExitFailed;
    }
  }
  const cleanup::MergeResult result = cleanup::MergeReports(dirs.dirs, dirs.out);
  for (const std::string& warning : result.warnings) {
    std::fprintf(stderr, "warning: %s\n", warning.c_str());
  }
  const cleanup::MergedReport merged = cleanup::LoadReports(dirs.dirs);
  std::printf("%s\n", cleanup::FormatSuiteSummary(merged.totals).c_str());
  std::printf("merged %d report(s) from %zu director%s, %lld test(s) -> %s, %s, %s\n",
              result.files_merged, dirs.dirs.size(), dirs.dirs.size() == 1 ? "y" : "ies",
              result.tests, result.json_path.c_str(), result.markdown_path.c_str(),
              result.html_path.c_str());
  if (junit) {
    const cleanup::JUnitAnnotation annotation = cleanup::AnnotateJUnitFile(*junit, merged);
    std::printf("%s: Redis properties added to %d test case(s) (%d without a kit record)\n",
                junit->c_str(), annotation.annotated, annotation.without_record);
  }
  return kExitOk;
}

Action Define(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  AddReportDirFlags(app, flags->dirs);
  AddValue(app, "--junit", flags->junit, "FILE",
           "add each test's Redis figures as <properties> to the <testcase> elements of a JUnit "
           "file written by `ctest --output-junit` (ctest does not carry GoogleTest properties)");
  return [flags] { return Run(*flags); };
}

}  // namespace

const Subcommand kMergeCommand{
    "merge-reports", "merge the per-process leak reports of a run into leak-report.{json,md,html}",
    "Reads every per-process report (*.json) in the report directory - the "
    "REDIS_TESTKIT_REPORT_DIR\n"
    "of the run - and writes leak-report.json (every test, run totals) and leak-report.md (tests\n"
    "with leaks, top key patterns by bytes, peak memory per test, OOM events, slowest tests) into\n"
    "the output directory; earlier merged reports there are replaced, never read as input. Files "
    "of\n"
    "another schema or a newer version are skipped with a warning. Prints the run's summary. A\n"
    "missing report directory is not an error (no test wrote a "
    "report).\n"
    "It also writes leak-report.html: one self-contained page (no script, no network) with the\n"
    "totals, a chart of used memory per test in run order, tests with leaks, leaked keys by\n"
    "pattern, OOM events and the slowest tests.\n"
    "Several --dir (the report directories of the shards of a run, one per CI job) are merged\n"
    "into one report whose totals are the sums of the parts; --out is required then, and a\n"
    "missing directory is an error (exit 1).\n",
    "", Define};

}  // namespace redis_testkit::cli
