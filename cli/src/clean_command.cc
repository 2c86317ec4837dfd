// `redis-testkit clean-reports`: removes the reports an earlier run left in the report
// directories (redis_testkit_discover_tests runs it before a ctest run), and nothing else: the
// directory may be the user's own.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <system_error>

#include "commands.h"
#include "flags.h"
#include "redis_testkit/cleanup/report.h"
#include "redis_testkit/cleanup/report_html.h"
#include "redis_testkit/cleanup/report_merge.h"
#include "report_dirs.h"

namespace redis_testkit::cli {
namespace {

namespace fs = std::filesystem;

// The "schema" of a JSON file ("" when it is not a JSON object with one).
std::string SchemaOf(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const nlohmann::json json = nlohmann::json::parse(text.str(), nullptr, false);
  if (!json.is_object() || !json.contains("schema") || !json["schema"].is_string()) return "";
  return json["schema"].get<std::string>();
}

// ".<name>.json.<pid>.tmp" / ".<name>.md.<pid>.tmp" / ".<name>.html.<pid>.tmp": what an interrupted
// atomic write of the kit leaves behind.
bool IsKitTempFile(const std::string& name) {
  static const std::regex kTemp(R"(\..+\.(json|md|html)\.[0-9]+\.tmp)");
  return std::regex_match(name, kTemp);
}

bool IsMergedMarkdown(const fs::path& path) {
  std::ifstream in(path);
  std::string first_line;
  std::getline(in, first_line);
  return first_line == "# Redis test kit report";
}

// leak-report.html carries the generator meta tag of merge-reports in its first kilobytes.
bool IsMergedHtml(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head.find(std::string("<meta name=\"generator\" content=\"") +
                   std::string(cleanup::kHtmlGenerator) + "\">") != std::string::npos;
}

struct Removal {
  int per_process = 0;
  int merged = 0;
  int temporary = 0;
};

void Remove(const fs::path& path, int& counter) {
  std::error_code error;
  if (fs::remove(path, error)) {
    ++counter;
  } else if (error) {
    throw std::runtime_error("cannot remove " + path.string() + ": " + error.message());
  }
}

void CleanReportDirectory(const fs::path& dir, Removal& removal) {
  std::error_code error;
  fs::directory_iterator it(dir, error);
  if (error) return;  // missing or unreadable: nothing of ours to remove
  for (const fs::directory_entry& entry : it) {
    if (!entry.is_regular_file(error)) continue;
    const std::string name = entry.path().filename().string();
    if (IsKitTempFile(name)) {
      Remove(entry.path(), removal.temporary);
    } else if (entry.path().extension() == ".json" &&
               SchemaOf(entry.path()) == cleanup::kReportSchema) {
      Remove(entry.path(), removal.per_process);
    }
  }
}

void CleanMergedReports(const fs::path& out, Removal& removal) {
  const fs::path json = out / cleanup::kMergedJsonName;
  if (fs::is_regular_file(json) && SchemaOf(json) == cleanup::kMergedSchema) {
    Remove(json, removal.merged);
  }
  const fs::path markdown = out / cleanup::kMergedMarkdownName;
  if (fs::is_regular_file(markdown) && IsMergedMarkdown(markdown)) {
    Remove(markdown, removal.merged);
  }
  const fs::path html = out / cleanup::kMergedHtmlName;
  if (fs::is_regular_file(html) && IsMergedHtml(html)) Remove(html, removal.merged);
}

int Run(const ReportDirFlags& flags) {
  if (flags.dir.size() > 1) throw UsageError("clean-reports takes one --dir");
  const ReportDirs dirs = ResolveReportDirs(flags);
  Removal removal;
  CleanReportDirectory(dirs.dir, removal);
  CleanMergedReports(dirs.out, removal);
  if (dirs.out != dirs.dir) CleanMergedReports(dirs.dir, removal);
  std::printf("report directory: %s\n", dirs.dir.c_str());
  std::printf("merged reports: %s\n", dirs.out.c_str());
  std::printf("removed %d per-process report(s), %d merged report(s), %d temporary file(s)\n",
              removal.per_process, removal.merged, removal.temporary);
  return kExitOk;
}

Action Define(CLI::App& app) {
  auto flags = std::make_shared<ReportDirFlags>();
  AddReportDirFlags(app, *flags);
  return [flags] { return Run(*flags); };
}

}  // namespace

const Subcommand kCleanCommand{
    "clean-reports", "remove the reports of an earlier run (and nothing else) before a new one",
    "Removes what the kit wrote, and only that: the per-process reports (*.json whose schema is\n"
    "redis-testkit/leak-report) and interrupted writes (.NAME.json.PID.tmp) in the report\n"
    "directory, and the merged leak-report.json / .md / .html in the output directory. The\n"
    "directories and every other file stay (the report directory may be the user's own). Missing\n"
    "directories are not an error. Prints the two directories (\"report directory: DIR\",\n"
    "\"merged reports: DIR\") and what it removed.\n",
    "", Define};

}  // namespace redis_testkit::cli
