// Loading a directory of per-process reports, run totals, the merged JSON, MergeReports.
#include "redis_testkit/cleanup/report_merge.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <unordered_map>

#include "atomic_file.h"
#include "redis_testkit/cleanup/report_html.h"
#include "report_json.h"

namespace redis_testkit::cleanup {
namespace {

constexpr std::size_t kRunSlowest = 10;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open it");
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// Appends the per-process report files of `dir` (every *.json but the merged one) to `files`.
void ListReportFiles(const std::filesystem::path& dir, std::vector<std::filesystem::path>& files) {
  std::error_code error;
  std::filesystem::directory_iterator it(dir, error);
  if (error) {
    throw std::runtime_error("cannot list report directory " + dir.string() + ": " +
                             error.message() +
                             " (set REDIS_TESTKIT_REPORT_DIR or pass the directory)");
  }
  for (const std::filesystem::directory_entry& entry : it) {
    const std::filesystem::path& path = entry.path();
    const std::string name = path.filename().string();
    if (path.extension() != ".json" || name.starts_with(".") || name == kMergedJsonName) continue;
    if (!entry.is_regular_file(error)) continue;
    files.push_back(path);
  }
}

}  // namespace

void MergedReport::Compute() {
  totals = SuiteSummary{};
  patterns.clear();
  std::unordered_map<std::string, std::size_t> index;
  for (const Source& source : sources) {
    totals.Add(SuiteSummary::FromRecords(source.report.tests, kRunSlowest), kRunSlowest);
    for (const TestRecord& record : source.report.tests) {
      for (const PatternGroup& group : record.patterns) {
        auto [it, inserted] = index.try_emplace(group.pattern, patterns.size());
        if (inserted) {
          patterns.emplace_back();
          patterns.back().group.pattern = group.pattern;
        }
        RunPattern& run = patterns[it->second];
        ++run.tests;
        run.group.count += group.count;
        run.group.bytes += group.bytes;
        run.group.no_ttl += group.no_ttl;
        for (const std::string& sample : group.samples) {
          if (run.group.samples.size() < PatternGroup::kMaxSamples) {
            run.group.samples.push_back(sample);
          }
        }
      }
    }
  }
  std::sort(patterns.begin(), patterns.end(), [](const RunPattern& a, const RunPattern& b) {
    if (a.group.bytes != b.group.bytes) return a.group.bytes > b.group.bytes;
    if (a.group.count != b.group.count) return a.group.count > b.group.count;
    return a.group.pattern < b.group.pattern;
  });
}

MergedReport LoadReports(const std::filesystem::path& dir) {
  return LoadReports(std::vector<std::filesystem::path>{dir});
}

MergedReport LoadReports(const std::vector<std::filesystem::path>& dirs) {
  std::vector<std::filesystem::path> files;
  for (const std::filesystem::path& dir : dirs) ListReportFiles(dir, files);
  std::stable_sort(files.begin(), files.end(),
                   [](const auto& a, const auto& b) { return a.filename() < b.filename(); });
  MergedReport merged;
  for (const std::filesystem::path& path : files) {
    const std::string name = path.filename().string();
    // One directory: the file's name; several: which directory too.
    const std::string shown = dirs.size() == 1 ? name : path.string();
    try {
      const nlohmann::json j = nlohmann::json::parse(ReadFile(path), nullptr, false);
      if (j.is_discarded()) throw ReportFormatError("not valid JSON");
      merged.sources.push_back({name, internal::ReportFromJsonValue(j)});
    } catch (const std::exception& e) {
      merged.warnings.push_back("skipped " + shown + ": " + e.what());
    }
  }
  merged.Compute();
  return merged;
}

std::string MergedReportToJson(const MergedReport& merged) {
  using nlohmann::json;
  json patterns = json::array();
  for (const RunPattern& run : merged.patterns) {
    json entry = internal::ToJson(run.group);
    entry["tests"] = run.tests;
    patterns.push_back(std::move(entry));
  }
  json reports = json::array();
  for (const MergedReport::Source& source : merged.sources) {
    json report = internal::ToJson(source.report);
    report.erase("schema");
    report.erase("version");
    report["file"] = source.file;
    reports.push_back(std::move(report));
  }
  const json document = {{"schema", kMergedSchema},
                         {"version", kMergedVersion},
                         {"generated_at", merged.generated_at},
                         {"source_schema", kReportSchema},
                         {"source_version", kReportVersion},
                         {"warnings", merged.warnings},
                         {"totals", internal::ToJson(merged.totals)},
                         {"patterns", std::move(patterns)},
                         {"reports", std::move(reports)}};
  return internal::Dump(document);
}

MergeResult MergeReports(const std::filesystem::path& dir,
                         const std::filesystem::path& output_dir) {
  return MergeReports(std::vector<std::filesystem::path>{dir}, output_dir);
}

MergeResult MergeReports(const std::vector<std::filesystem::path>& dirs,
                         const std::filesystem::path& output_dir) {
  MergedReport merged = LoadReports(dirs);
  merged.generated_at = internal::UtcIsoNow();
  const std::filesystem::path out = output_dir.empty() && !dirs.empty() ? dirs.front() : output_dir;
  MergeResult result;
  result.json_path = out / kMergedJsonName;
  result.markdown_path = out / kMergedMarkdownName;
  result.html_path = out / kMergedHtmlName;
  internal::WriteFileAtomically(result.json_path, MergedReportToJson(merged));
  internal::WriteFileAtomically(result.markdown_path, RenderMarkdown(merged));
  internal::WriteFileAtomically(result.html_path, RenderHtml(merged));
  result.files_merged = static_cast<int>(merged.sources.size());
  result.files_skipped = static_cast<int>(merged.warnings.size());
  result.tests = merged.totals.tests;
  result.warnings = std::move(merged.warnings);
  return result;
}

}  // namespace redis_testkit::cleanup
