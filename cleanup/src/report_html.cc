// RenderHtml: leak-report.html, the merged report as one self-contained page.
#include "redis_testkit/cleanup/report_html.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "html_table.h"
#include "memory_chart.h"
#include "redis_testkit/cleanup/format_units.h"
#include "report_rows.h"

namespace redis_testkit::cleanup {
namespace {

using internal::HtmlTable;
using internal::TestRow;

constexpr std::size_t kMaxLeakRows = 100;
constexpr std::size_t kMaxKeysPerTest = 3;
constexpr std::size_t kMaxPatternRows = 50;
constexpr std::size_t kMaxProfileRows = 50;
constexpr std::size_t kMaxSlowCommandRows = 100;

// Nothing may come from outside the page: no script, no font, no image, no connection.
constexpr const char* kHead =
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    "style-src 'unsafe-inline'\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";

constexpr const char* kStyle =
    "<style>"
    "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2430;background:#fff}"
    "h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #d8dee6}"
    "table{border-collapse:collapse;margin:8px 0}"
    "th,td{border:1px solid #d8dee6;padding:3px 8px;text-align:left;vertical-align:top}"
    "th{background:#f2f5f8}td.num{text-align:right;font-variant-numeric:tabular-nums}"
    "code{font:12px ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}"
    ".failed{color:#b3261e;font-weight:600}.note{color:#5b6573}"
    "figure{margin:8px 0}svg{width:100%;max-width:960px;height:auto;background:#fbfcfd}"
    ".grid line{stroke:#e3e8ee}.axis{font-size:11px;fill:#5b6573}"
    ".series{fill:none;stroke-width:1.6}.series-before{stroke:#4c78a8}"
    ".series-after{stroke:#54a24b}.series-peak{stroke:#b279a2;stroke-dasharray:4 2}"
    "circle.series-before{fill:#4c78a8}circle.series-after{fill:#54a24b}"
    "circle.series-peak{fill:#b279a2}"
    ".cap line{stroke:#b3261e;stroke-dasharray:6 3}.hover rect{fill:transparent}"
    ".hover rect:hover{fill:rgba(76,120,168,.12)}"
    ".marker-leak{fill:#f58518;stroke:#fff}.marker-oom{fill:#b3261e}"
    ".legend .key{display:inline-block;width:14px;height:4px;margin:0 4px 2px 12px}"
    ".key-before{background:#4c78a8}.key-after{background:#54a24b}.key-peak{background:#b279a2}"
    ".key-leak{background:#f58518;height:10px;border-radius:5px}"
    ".key-oom{background:#b3261e;height:10px}"
    "</style>";

std::string Section(const char* id, const char* title, const std::string& body) {
  return std::string("<section id=\"") + id + "\"><h2>" + title + "</h2>" + body + "</section>\n";
}

std::string Code(std::string_view text) { return "<code>" + EscapeHtml(text) + "</code>"; }

std::string Para(const std::string& text) { return "<p class=\"note\">" + text + "</p>"; }

std::string More(std::size_t total, std::size_t shown) {
  if (total <= shown) return {};
  return Para(std::to_string(total - shown) + " more in " + kMergedJsonName + ".");
}

// Server time in microseconds, as a duration.
std::string Micros(long long usec) { return FormatDuration(static_cast<double>(usec) / 1000.0); }

struct CommandTotal {
  long long calls = 0;
  long long usec = 0;
  long long tests = 0;
};

long long Calls(const TestRecord& record) {
  long long calls = 0;
  for (const CommandFigures& c : record.commands) calls += c.calls;
  return calls;
}

std::string Totals(const MergedReport& merged) {
  const SuiteSummary& t = merged.totals;
  HtmlTable table("totals-table", {"", ""}, "lr");
  table.Row({"Report files", std::to_string(merged.sources.size())});
  table.Row({"Tests", std::to_string(t.tests) + " (" + std::to_string(t.passed) + " passed, " +
                          std::to_string(t.failed) + " failed, " + std::to_string(t.skipped) +
                          " skipped)"});
  table.Row({"Tests with leaks", std::to_string(t.tests_with_leaks)});
  table.Row({"Leaked keys", std::to_string(t.leaked_keys) + " (" + std::to_string(t.no_ttl_keys) +
                                " without TTL)"});
  table.Row({"Leaked bytes", FormatBytes(t.leaked_bytes)});
  table.Row({"Allowlisted keys", std::to_string(t.allowlisted_keys)});
  table.Row({"OOM rejections", std::to_string(t.oom_rejections) + " (in " +
                                   std::to_string(t.tests_with_oom) + " tests)"});
  table.Row({"Peak used memory", FormatBytes(t.peak_used_memory) +
                                     (t.peak_test.empty() ? "" : " (" + Code(t.peak_test) + ")")});
  table.Row({"Test time", FormatDuration(t.total_duration_ms)});
  table.Row({"Kit overhead", FormatDuration(t.total_overhead_ms)});
  return Section("totals", "Totals", table.Html());
}

std::string Warnings(const MergedReport& merged) {
  if (merged.warnings.empty()) return {};
  std::string list = "<ul>";
  for (const std::string& warning : merged.warnings) list += "<li>" + EscapeHtml(warning) + "</li>";
  return Section("warnings", "Warnings", list + "</ul>");
}

std::string Chart(const std::vector<TestRow>& tests) {
  std::vector<internal::ChartPoint> points;
  points.reserve(tests.size());
  for (const TestRow& row : tests) {
    const TestRecord& r = *row.record;
    points.push_back({.label = r.FullName(),
                      .before = r.memory.used_before,
                      .after = r.memory.used_after,
                      .peak = r.memory.HighWater(),
                      .maxmemory = r.memory.maxmemory,
                      .leaked_keys = r.leaks.LeakedCount(),
                      .oom_rejections = r.oom_rejections});
  }
  const std::string chart = internal::MemoryChart(std::move(points)).Render();
  return Section("memory", "Used memory per test", chart.empty() ? Para("No tests.") : chart);
}

std::string LeakedKeys(const TestRecord& record) {
  std::string out;
  std::size_t shown = 0;
  for (const std::vector<LeakedKey>* list : {&record.leaks.no_ttl, &record.leaks.left_behind}) {
    for (const LeakedKey& key : *list) {
      if (shown++ == kMaxKeysPerTest) return out + " …";
      if (!out.empty()) out += "<br>";
      out += Code(key.key) + " " + EscapeHtml(key.type) + ", " + FormatBytes(key.bytes) + ", " +
             EscapeHtml(FormatTtl(key.ttl_ms)) + ", " +
             EscapeHtml(internal::KeyPlace(key, /*slot=*/true));
    }
  }
  return out;
}

std::string LeakTable(const std::vector<TestRow>& tests) {
  const std::vector<TestRow> rows = internal::LeakingTests(tests);
  if (rows.empty()) return Section("leaks", "Tests with leaks", Para("None."));
  HtmlTable table("leaks-table",
                  {"Test", "Process", "No TTL", "Left behind", "Allowlisted", "Bytes", "Keys"},
                  "llrrrrl");
  for (std::size_t i = 0; i < rows.size() && i < kMaxLeakRows; ++i) {
    const TestRecord& r = *rows[i].record;
    const ProcessInfo& process = rows[i].source->report.process;
    table.Row({Code(r.FullName()),
               Code(process.binary + " (pid " + std::to_string(process.pid) + ")"),
               std::to_string(r.leaks.no_ttl_count), std::to_string(r.leaks.left_behind_count),
               std::to_string(r.leaks.allowlisted_count), FormatBytes(r.leaks.LeakedBytes()),
               LeakedKeys(r)});
  }
  return Section("leaks", "Tests with leaks", table.Html() + More(rows.size(), kMaxLeakRows));
}

std::string PatternTable(const MergedReport& merged) {
  if (merged.patterns.empty()) return Section("patterns", "Leaked keys by pattern", Para("None."));
  HtmlTable table("patterns-table", {"Pattern", "Keys", "Bytes", "No TTL", "Tests", "Samples"},
                  "lrrrrl");
  for (std::size_t i = 0; i < merged.patterns.size() && i < kMaxPatternRows; ++i) {
    const RunPattern& p = merged.patterns[i];
    std::string samples;
    for (const std::string& sample : p.group.samples) {
      samples += (samples.empty() ? "" : "<br>") + Code(sample);
    }
    table.Row({Code(p.group.pattern), std::to_string(p.group.count), FormatBytes(p.group.bytes),
               std::to_string(p.group.no_ttl), std::to_string(p.tests), samples});
  }
  return Section("patterns", "Leaked keys by pattern",
                 table.Html() + More(merged.patterns.size(), kMaxPatternRows));
}

// The command profile over the run (every command, most server time first) and per test (the
// tests with the most calls first); nothing when no report holds one.
std::string CommandProfile(const std::vector<TestRow>& tests) {
  std::map<std::string, CommandTotal> totals;
  std::vector<const TestRecord*> profiled;
  for (const TestRow& row : tests) {
    if (row.record->commands.empty()) continue;
    profiled.push_back(row.record);
    for (const CommandFigures& c : row.record->commands) {
      CommandTotal& total = totals[c.command];
      total.calls += c.calls;
      total.usec += c.usec;
      ++total.tests;
    }
  }
  if (profiled.empty()) return {};
  std::vector<std::pair<std::string, CommandTotal>> run(totals.begin(), totals.end());
  std::stable_sort(run.begin(), run.end(),
                   [](const auto& a, const auto& b) { return a.second.usec > b.second.usec; });
  HtmlTable by_command("commands-table", {"Command", "Calls", "Server time", "Tests"}, "lrrr");
  for (const auto& [command, total] : run) {
    by_command.Row({Code(command), std::to_string(total.calls), Micros(total.usec),
                    std::to_string(total.tests)});
  }
  std::stable_sort(profiled.begin(), profiled.end(),
                   [](const TestRecord* a, const TestRecord* b) { return Calls(*a) > Calls(*b); });
  HtmlTable by_test("test-commands-table", {"Test", "Calls", "Server time", "Commands"}, "lrrl");
  for (std::size_t i = 0; i < profiled.size() && i < kMaxProfileRows; ++i) {
    const TestRecord& r = *profiled[i];
    std::string list;
    long long usec = 0;
    for (const CommandFigures& c : r.commands) {
      usec += c.usec;
      list += (list.empty() ? "" : ", ") + Code(c.command) + " " + std::to_string(c.calls);
    }
    by_test.Row({Code(r.FullName()), std::to_string(Calls(r)), Micros(usec), list});
  }
  return Section("commands", "Command profile",
                 Para("Calls and server time per command (INFO commandstats, the kit's own "
                      "commands excluded).") +
                     by_command.Html() + "<h3>Per test</h3>" + by_test.Html() +
                     More(profiled.size(), kMaxProfileRows));
}

std::string SlowCommands(const std::vector<TestRow>& tests) {
  HtmlTable table("slow-commands-table", {"Test", "Duration", "Command", "Client"}, "lrll");
  std::size_t total = 0;
  for (const TestRow& row : tests) {
    for (const SlowCommand& slow : row.record->slow_commands) {
      if (total++ >= kMaxSlowCommandRows) continue;
      table.Row(
          {Code(row.record->FullName()), Micros(slow.usec), Code(slow.command), Code(slow.client)});
    }
  }
  if (table.Empty()) return {};
  return Section("slow-commands", "Slow commands", table.Html() + More(total, kMaxSlowCommandRows));
}

std::string Oom(const std::vector<TestRow>& tests) {
  HtmlTable table("oom-table", {"Test", "Rejections", "Used after", "Peak", "Maxmemory", "Policy"},
                  "lrrrrl");
  for (const TestRow& row : internal::OomTests(tests)) {
    const TestRecord& r = *row.record;
    table.Row({Code(r.FullName()), std::to_string(r.oom_rejections),
               FormatBytes(r.memory.used_after), FormatBytes(r.memory.peak),
               r.memory.maxmemory > 0 ? FormatBytes(r.memory.maxmemory) : "no cap",
               EscapeHtml(row.source->report.server.maxmemory_policy)});
  }
  return Section("oom", "OOM events", table.Empty() ? Para("None.") : table.Html());
}

std::string Slowest(const MergedReport& merged) {
  if (merged.totals.slowest.empty()) return Section("slowest", "Slowest tests", Para("No tests."));
  HtmlTable table("slowest-table", {"Test", "Duration", "Status"}, "lrl");
  for (const TestRef& t : merged.totals.slowest) {
    const std::string status = ToString(t.status);
    table.Row({Code(t.FullName()), FormatDuration(t.duration_ms),
               t.status == TestStatus::kFailed ? "<span class=\"failed\">" + status + "</span>"
                                               : status});
  }
  return Section("slowest", "Slowest tests", table.Html());
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderHtml(const MergedReport& merged) {
  const std::vector<TestRow> tests = internal::RunOrder(merged);
  std::string out = kHead;
  out += "<meta name=\"generator\" content=\"" + std::string(kHtmlGenerator) + "\">";
  out += "<title>Redis test kit report</title>";
  out += kStyle;
  out += "</head><body>\n<h1>Redis test kit report</h1>";
  out += Para("Generated " + EscapeHtml(merged.generated_at) + " from " +
              std::to_string(merged.sources.size()) + " report file(s).");
  out += Totals(merged);
  out += Warnings(merged);
  out += Chart(tests);
  out += LeakTable(tests);
  out += PatternTable(merged);
  out += CommandProfile(tests);
  out += SlowCommands(tests);
  out += Oom(tests);
  out += Slowest(merged);
  out += "</body></html>\n";
  return out;
}

}  // namespace redis_testkit::cleanup
