// Merges the per-process reports of one directory, or of several (one per CI job of a sharded
// run), into leak-report.json (every test of every report, plus run totals: the sums over all the
// reports), leak-report.md and leak-report.html (for people, report_html.h). Called by
// `redis-testkit merge-reports`. A file that is not a report of a version this code reads is
// skipped with a warning that names it and why; warnings go into both outputs, so nothing is lost
// silently.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "redis_testkit/cleanup/key_pattern.h"
#include "redis_testkit/cleanup/report.h"

namespace redis_testkit::cleanup {

inline constexpr std::string_view kMergedSchema = "redis-testkit/merged-leak-report";
inline constexpr int kMergedVersion = 1;
inline constexpr const char* kMergedJsonName = "leak-report.json";
inline constexpr const char* kMergedMarkdownName = "leak-report.md";

// A key pattern over the whole run.
struct RunPattern {
  PatternGroup group;   // count / bytes / no_ttl summed over tests, first samples kept
  long long tests = 0;  // tests that leaked keys of this pattern
  friend bool operator==(const RunPattern&, const RunPattern&) = default;
};

struct MergedReport {
  struct Source {
    std::string file;  // file name inside the directory
    Report report;
    friend bool operator==(const Source&, const Source&) = default;
  };
  std::string generated_at;           // UTC ISO time
  std::vector<Source> sources;        // sorted by file name
  std::vector<std::string> warnings;  // files skipped and why
  SuiteSummary totals;                // slowest: top 10
  std::vector<RunPattern> patterns;   // by bytes, descending

  // Builds totals and patterns from sources (call after filling sources).
  void Compute();
};

// Reads every *.json of `dir` except the merged outputs. Throws std::runtime_error when `dir`
// cannot be listed.
MergedReport LoadReports(const std::filesystem::path& dir);
// The same over several directories: every report of each, sources sorted by file name. Throws
// std::runtime_error naming a directory that cannot be listed.
MergedReport LoadReports(const std::vector<std::filesystem::path>& dirs);

std::string MergedReportToJson(const MergedReport& merged);
std::string RenderMarkdown(const MergedReport& merged);

struct MergeResult {
  std::filesystem::path json_path;
  std::filesystem::path markdown_path;
  std::filesystem::path html_path;
  int files_merged = 0;
  int files_skipped = 0;
  long long tests = 0;
  std::vector<std::string> warnings;
};

// LoadReports(dir) -> leak-report.json, leak-report.md and leak-report.html in `output_dir`
// (empty: `dir`), each written atomically. Throws std::runtime_error on I/O errors.
MergeResult MergeReports(const std::filesystem::path& dir,
                         const std::filesystem::path& output_dir = {});
// The same over several directories (`output_dir` empty: the first).
MergeResult MergeReports(const std::vector<std::filesystem::path>& dirs,
                         const std::filesystem::path& output_dir);

}  // namespace redis_testkit::cleanup
