// RenderMarkdown: the merged report for people (GitHub-flavoured Markdown tables).
#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "joined.h"
#include "redis_testkit/cleanup/command_profile.h"
#include "redis_testkit/cleanup/format_units.h"
#include "redis_testkit/cleanup/report_merge.h"
#include "report_rows.h"

namespace redis_testkit::cleanup {
namespace {

using internal::TestRow;

constexpr std::size_t kMaxLeakRows = 100;
constexpr std::size_t kMaxPatternRows = 20;
constexpr std::size_t kMaxPeakRows = 20;
constexpr std::size_t kMaxSlowRows = 10;
constexpr std::size_t kMaxCommandRows = 20;
constexpr std::size_t kMaxSlowCommandRows = 20;

// `text` as an inline code span that survives a table cell: '|' escaped, '`' and newlines shown.
std::string Code(std::string_view text) {
  std::string out = "`";
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '`') {
      out += '\'';
    } else if (c == '\n' || c == '\r') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out + "`";
}

std::string Row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const std::string& cell : cells) out += " " + cell + " |";
  return out + "\n";
}

std::string Header(const std::vector<std::string>& cells, const std::string& aligns) {
  std::string out = Row(cells) + "|";
  for (char a : aligns) out += a == 'r' ? "---:|" : "---|";
  return out + "\n";
}

std::string More(std::size_t total, std::size_t shown) {
  if (total <= shown) return {};
  std::string out = "\n";  // not `"\n" + ...`: GCC 12 -O2 reports a false -Wrestrict there
  out += std::to_string(total - shown) + " more in " + kMergedJsonName + ".\n";
  return out;
}

std::string Process(const MergedReport::Source& source) {
  return Code(source.report.process.binary + " (pid " + std::to_string(source.report.process.pid) +
              ")");
}

std::string Totals(const MergedReport& merged) {
  const SuiteSummary& t = merged.totals;
  std::string out = "## Totals\n\n" + Header({"", ""}, "lr");
  out += Row({"Report files", std::to_string(merged.sources.size())});
  out += Row({"Tests", std::to_string(t.tests) + " (" + std::to_string(t.passed) + " passed, " +
                           std::to_string(t.failed) + " failed, " + std::to_string(t.skipped) +
                           " skipped)"});
  out += Row({"Tests with leaks", std::to_string(t.tests_with_leaks)});
  out += Row({"Leaked keys", std::to_string(t.leaked_keys) + " (" + std::to_string(t.no_ttl_keys) +
                                 " without TTL)"});
  out += Row({"Leaked bytes", FormatBytes(t.leaked_bytes)});
  out += Row({"Allowlisted keys", std::to_string(t.allowlisted_keys)});
  out += Row({"OOM rejections", std::to_string(t.oom_rejections) + " (in " +
                                    std::to_string(t.tests_with_oom) + " tests)"});
  out += Row({"Peak used memory",
              FormatBytes(t.peak_used_memory) +
                  (t.peak_test.empty() ? std::string() : " (" + Code(t.peak_test) + ")")});
  out += Row({"Test time", FormatDuration(t.total_duration_ms)});
  out += Row({"Kit overhead", FormatDuration(t.total_overhead_ms)});
  return out;
}

std::string Warnings(const MergedReport& merged) {
  if (merged.warnings.empty()) return {};
  std::string out = "\n## Warnings\n\n";
  for (const std::string& warning : merged.warnings) out += "- " + warning + "\n";
  return out;
}

std::string LeakTable(const std::vector<TestRow>& tests) {
  const std::vector<TestRow> rows = internal::LeakingTests(tests);
  std::string out = "\n## Tests with leaks\n\n";
  if (rows.empty()) return out + "None.\n";
  out += Header(
      {"Test", "Process", "No TTL", "Left behind", "Allowlisted", "Bytes", "Where", "Top pattern"},
      "llrrrrll");
  for (std::size_t i = 0; i < rows.size() && i < kMaxLeakRows; ++i) {
    const TestRecord& r = *rows[i].record;
    out +=
        Row({Code(r.FullName()), Process(*rows[i].source), std::to_string(r.leaks.no_ttl_count),
             std::to_string(r.leaks.left_behind_count), std::to_string(r.leaks.allowlisted_count),
             FormatBytes(r.leaks.LeakedBytes()), internal::Joined(internal::LeakPlaces(r)),
             r.patterns.empty() ? std::string("") : Code(r.patterns.front().pattern)});
  }
  return out + More(rows.size(), kMaxLeakRows);
}

std::string PatternTable(const MergedReport& merged) {
  std::string out = "\n## Top key patterns by bytes\n\n";
  if (merged.patterns.empty()) return out + "None.\n";
  out += Header({"Pattern", "Keys", "Bytes", "No TTL", "Tests", "Sample"}, "lrrrrl");
  for (std::size_t i = 0; i < merged.patterns.size() && i < kMaxPatternRows; ++i) {
    const RunPattern& p = merged.patterns[i];
    out += Row({Code(p.group.pattern), std::to_string(p.group.count), FormatBytes(p.group.bytes),
                std::to_string(p.group.no_ttl), std::to_string(p.tests),
                p.group.samples.empty() ? std::string("") : Code(p.group.samples.front())});
  }
  return out + More(merged.patterns.size(), kMaxPatternRows);
}

std::string Peaks(std::vector<TestRow> rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const TestRow& a, const TestRow& b) {
    return a.record->memory.HighWater() > b.record->memory.HighWater();
  });
  std::string out = "\n## Peak memory per test (top " + std::to_string(kMaxPeakRows) + ")\n\n";
  if (rows.empty()) return out + "No tests.\n";
  out +=
      "High water: the server's peak when the test raised it (*), else the larger of used "
      "memory before and after the test.\n\n";
  out += Header(
      {"Test", "High water", "Used before", "Used after", "Delta", "Maxmemory", "RSS", "Frag"},
      "lrrrrrrr");
  for (std::size_t i = 0; i < rows.size() && i < kMaxPeakRows; ++i) {
    const MemoryFigures& m = rows[i].record->memory;
    std::array<char, 32> frag{};
    std::snprintf(frag.data(), frag.size(), "%.2f", m.fragmentation);
    out +=
        Row({Code(rows[i].record->FullName()),
             FormatBytes(m.HighWater()) + (m.PeakRaised() ? " *" : ""), FormatBytes(m.used_before),
             FormatBytes(m.used_after), FormatSignedBytes(m.Delta()),
             m.maxmemory > 0 ? FormatPercent(m.MaxmemoryShare()) + " of " + FormatBytes(m.maxmemory)
                             : std::string("no cap"),
             FormatBytes(m.rss), frag.data()});
  }
  return out;
}

std::string Oom(const std::vector<TestRow>& tests) {
  std::string out = "\n## OOM events\n\n";
  std::string rows;
  for (const TestRow& row : internal::OomTests(tests)) {
    const TestRecord& r = *row.record;
    rows += Row({Code(r.FullName()), std::to_string(r.oom_rejections),
                 FormatBytes(r.memory.used_after), FormatBytes(r.memory.peak),
                 r.memory.maxmemory > 0 ? FormatBytes(r.memory.maxmemory) : std::string("no cap"),
                 row.source->report.server.maxmemory_policy});
  }
  if (rows.empty()) return out + "None.\n";
  return out +
         Header({"Test", "Rejections", "Used after", "Peak", "Maxmemory", "Policy"}, "lrrrrl") +
         rows;
}

std::string Slowest(const MergedReport& merged) {
  std::string out = "\n## Slowest tests\n\n";
  if (merged.totals.slowest.empty()) return out + "No tests.\n";
  out += Header({"Test", "Duration", "Status"}, "lrl");
  for (std::size_t i = 0; i < merged.totals.slowest.size() && i < kMaxSlowRows; ++i) {
    const TestRef& t = merged.totals.slowest[i];
    out += Row({Code(t.FullName()), FormatDuration(t.duration_ms), ToString(t.status)});
  }
  return out;
}

// The run's commands (every test's profile summed) and, per command, the test that ran it most.
std::string Commands(const std::vector<TestRow>& tests) {
  std::vector<CommandFigures> total;
  std::map<std::string, std::pair<long long, const TestRecord*>> busiest;  // command -> calls, test
  for (const TestRow& row : tests) {
    CommandProfile::Accumulate(total, row.record->commands);
    for (const CommandFigures& c : row.record->commands) {
      auto& best = busiest[c.command];
      if (c.calls > best.first) best = {c.calls, row.record};
    }
  }
  std::string out = "\n## Commands run by the tests\n\n";
  if (total.empty()) return out + "None recorded (INFO commandstats).\n";
  out += "From INFO commandstats before and after each test, the kit's own commands taken out.\n\n";
  out += Header({"Command", "Calls", "Server time", "Most calls in"}, "lrrl");
  for (std::size_t i = 0; i < total.size() && i < kMaxCommandRows; ++i) {
    const CommandFigures& c = total[i];
    const auto& [calls, test] = busiest[c.command];
    out += Row({Code(c.command), std::to_string(c.calls),
                FormatDuration(static_cast<double>(c.usec) / 1000.0),
                Code(test->FullName()) + " (" + std::to_string(calls) + ")"});
  }
  return out + More(total.size(), kMaxCommandRows);
}

std::string SlowCommands(const std::vector<TestRow>& tests) {
  std::string out = "\n## Slow commands\n\n";
  std::string rows;
  std::size_t count = 0;
  for (const TestRow& row : tests) {
    for (const SlowCommand& slow : row.record->slow_commands) {
      if (count++ < kMaxSlowCommandRows) {
        rows += Row({Code(row.record->FullName()),
                     FormatDuration(static_cast<double>(slow.usec) / 1000.0), Code(slow.command),
                     Code(slow.client)});
      }
    }
  }
  if (count == 0) return out + "None (SLOWLOG of the servers the kit owns).\n";
  return out + Header({"Test", "Duration", "Command", "Client"}, "lrll") + rows +
         More(count, kMaxSlowCommandRows);
}

}  // namespace

std::string RenderMarkdown(const MergedReport& merged) {
  const std::vector<TestRow> tests = internal::RunOrder(merged);
  std::string out = "# Redis test kit report\n\nGenerated " + merged.generated_at + " from " +
                    std::to_string(merged.sources.size()) + " report file(s).\n\n";
  out += Totals(merged);
  out += Warnings(merged);
  out += LeakTable(tests);
  out += PatternTable(merged);
  out += Peaks(tests);
  out += Oom(tests);
  out += Slowest(merged);
  out += Commands(tests);
  out += SlowCommands(tests);
  return out;
}

}  // namespace redis_testkit::cleanup
