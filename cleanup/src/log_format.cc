// FormatTestLine / FormatSuiteSummary (see log_format.h).
#include "redis_testkit/cleanup/log_format.h"

#include <array>
#include <cstdio>

#include "redis_testkit/cleanup/command_profile.h"
#include "redis_testkit/cleanup/format_units.h"

namespace redis_testkit::cleanup {
namespace {

constexpr std::size_t kTopCommands = 3;  // in the log line; all of them in the report

std::string Ratio(double value) {
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.2f", value);
  return buffer.data();
}

std::string SignedCount(long long n) { return (n < 0 ? "" : "+") + std::to_string(n); }

std::string CountAndBytes(long long count, long long bytes) {
  std::string out = std::to_string(count);
  if (count > 0) out += " (" + FormatBytes(bytes) + ")";
  return out;
}

// "db 5" or "dbs 0,5".
std::string DbList(const std::vector<int>& dbs) {
  std::string out = dbs.size() == 1 ? "db " : "dbs ";
  for (std::size_t i = 0; i < dbs.size(); ++i) {
    out += (i == 0 ? "" : ",") + std::to_string(dbs[i]);
  }
  return out;
}

}  // namespace

std::string FormatTestLine(const TestRecord& r) {
  const MemoryFigures& m = r.memory;
  std::string line = "[redis] " + r.FullName();
  // On a cluster the figures below are sums over the masters (per master in the JSON report).
  if (!r.nodes.empty()) line += " masters " + std::to_string(r.nodes.size()) + " (sums)";
  line += " keys " + std::to_string(r.keys_before) + "->" + std::to_string(r.keys_after) + " (" +
          SignedCount(r.keys_after - r.keys_before) + ")";
  line += " used " + FormatBytes(m.used_before) + "->" + FormatBytes(m.used_after) + " (" +
          FormatSignedBytes(m.Delta()) + ")";
  line += " peak " + FormatBytes(m.peak);
  line += " rss " + FormatBytes(m.rss);
  line += " frag " + Ratio(m.fragmentation);
  if (m.used_after >= kFragmentationAlarmMinUsed && m.fragmentation >= kFragmentationAlarmRatio) {
    line += " (high)";
  }
  line += " maxmem " + (m.maxmemory > 0 ? FormatPercent(m.MaxmemoryShare()) : std::string("none"));
  line += " oom " + std::to_string(r.oom_rejections);
  if (r.evicted_keys > 0) line += " evicted " + std::to_string(r.evicted_keys);
  if (!r.commands.empty()) line += " cmds: " + CommandProfile::FormatTop(r.commands, kTopCommands);
  if (!r.slow_commands.empty()) line += " slow " + std::to_string(r.slow_commands.size());
  if (!r.leak_check) return line + " leaks: off";
  line += " leaks: no_ttl " + CountAndBytes(r.leaks.no_ttl_count, r.leaks.no_ttl_bytes);
  line += ", left_behind " + CountAndBytes(r.leaks.left_behind_count, r.leaks.left_behind_bytes);
  if (r.leaks.allowlisted_count > 0) {
    line += ", allowlisted " + std::to_string(r.leaks.allowlisted_count);
  }
  if (!r.leak_dbs.empty()) line += " in " + DbList(r.leak_dbs);
  return line;
}

std::string FormatSuiteSummary(const SuiteSummary& s) {
  std::string out = "[redis] summary: " + std::to_string(s.tests) + " tests (" +
                    std::to_string(s.passed) + " passed, " + std::to_string(s.failed) +
                    " failed, " + std::to_string(s.skipped) + " skipped); peak used " +
                    FormatBytes(s.peak_used_memory);
  if (!s.peak_test.empty()) out += " (" + s.peak_test + ")";
  out += "; tests with leaks " + std::to_string(s.tests_with_leaks) + "; leaked keys " +
         std::to_string(s.leaked_keys) + " (no_ttl " + std::to_string(s.no_ttl_keys) + ") " +
         FormatBytes(s.leaked_bytes);
  out += "; oom rejections " + std::to_string(s.oom_rejections);
  if (s.tests_with_oom > 0) out += " in " + std::to_string(s.tests_with_oom) + " tests";
  out += "; kit overhead " + FormatDuration(s.total_overhead_ms);
  out += "\n[redis] slowest:";
  if (s.slowest.empty()) out += " none";
  for (std::size_t i = 0; i < s.slowest.size(); ++i) {
    out += (i == 0 ? " " : ", ") + s.slowest[i].FullName() + " " +
           FormatDuration(s.slowest[i].duration_ms);
  }
  return out;
}

}  // namespace redis_testkit::cleanup
