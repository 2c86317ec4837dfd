// FillMemory: the steps towards the target (see fill.h); the commands are FillWriter's.
#include "redis_testkit/ops/fill.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>

#include "fill_writer.h"
#include "redis_testkit/cleanup/stats_snapshot.h"
#include "redis_testkit/client/info.h"
#include "redis_testkit/client/pipeline.h"
#include "redis_testkit/config.h"

namespace redis_testkit::ops {
namespace {

using Clock = std::chrono::steady_clock;
using cleanup::StatsSnapshot;

constexpr double kStepShare = 0.9;                 // each batch writes 90% of the remaining gap
constexpr std::size_t kFirstBatchEntries = 1000;   // at most; measures the bytes per entry
constexpr std::size_t kMaxBatchBytes = 64u << 20;  // value bytes per batch between two INFO
constexpr std::size_t kMaxValueSize = 64u << 20;   // per value
constexpr int kStallsTolerated = 3;                // batches in a row that did not raise memory

std::string Percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", fraction * 100.0);
  return text;
}

std::string Mb(long long bytes) {
  return FormatMemorySize(bytes) + " (" + std::to_string(bytes) + " bytes)";
}

void Validate(double fraction, const FillOptions& options) {
  if (!(fraction > 0.0 && fraction <= 1.0)) {
    throw std::invalid_argument("fill: the target " + Percent(fraction) +
                                " of maxmemory is outside (0%, 100%]: a fill cannot go beyond "
                                "maxmemory without OOM rejections or evictions; use e.g. 90% or "
                                "0.9");
  }
  if (options.value_size == 0 || options.value_size > kMaxValueSize) {
    throw std::invalid_argument("fill: value size " + std::to_string(options.value_size) +
                                " bytes is outside 1 byte .. 64mb");
  }
  if (!(options.tolerance > 0.0 && options.tolerance <= 0.1)) {
    throw std::invalid_argument("fill: tolerance " + Percent(options.tolerance) +
                                " of maxmemory is outside (0%, 10%]");
  }
}

std::string RunPrefix() {
  std::random_device random;
  char token[16];
  std::snprintf(token, sizeof token, "%08x", static_cast<unsigned>(random()));
  return std::string(FillKeyPrefix()) + token + ":";
}

// used_memory and evicted_keys now: INFO memory and INFO stats in one round trip (two commands,
// so servers older than 7.0, whose INFO takes one section, answer too).
StatsSnapshot ReadLevel(client::Connection& connection) {
  client::Pipeline pipeline = connection.MakePipeline();
  pipeline.Add({"INFO", "memory"});
  pipeline.Add({"INFO", "stats"});
  const std::vector<client::Reply> replies = pipeline.Execute();
  std::string text;
  for (const client::Reply& reply : replies) {
    if (reply.IsError()) {
      throw FillError("fill: INFO on " + connection.endpoint().ToString() +
                      " failed: " + reply.AsString());
    }
    text += reply.AsString();
  }
  return StatsSnapshot::FromInfo(client::ParseInfo(text), connection.endpoint().db);
}

// The fill's plan: where it aims and when it is done (bytes of used_memory).
struct Plan {
  long long target = 0;     // fraction * maxmemory
  long long tolerance = 0;  // tolerance * maxmemory
  long long aim = 0;        // the target, kept half a tolerance below maxmemory
  long long Done() const { return aim - tolerance / 2; }
};

// Entries of the next batch: 90% of the gap at the measured cost per entry, capped.
std::size_t NextBatch(const Plan& plan, long long used, double bytes_per_entry,
                      const FillOptions& options, const std::string& server) {
  const auto gap = static_cast<double>(plan.aim - used);
  const std::size_t cap = std::max<std::size_t>(1, kMaxBatchBytes / options.value_size);
  const auto wanted = static_cast<std::size_t>(std::floor(kStepShare * gap / bytes_per_entry));
  if (wanted > 0) return std::min(wanted, cap);
  if (bytes_per_entry <= gap + static_cast<double>(plan.tolerance) / 2) return 1;
  throw FillError("fill: one " + std::to_string(options.value_size) + "-byte entry costs ~" +
                  std::to_string(std::llround(bytes_per_entry)) + " bytes on " + server +
                  ", more than the " + std::to_string(plan.aim - used) +
                  " bytes left before the target: it would overshoot the +-" +
                  Percent(options.tolerance) + " window; use a smaller value size");
}

std::string StallMessage(const std::string& server, const StatsSnapshot& before,
                         const StatsSnapshot& now, const Plan& plan, long long entries) {
  return "fill: cannot reach " + Mb(plan.target) + " on " + server + ": used_memory stays at " +
         Mb(now.used_memory) + " after " + std::to_string(entries) + " entries written, with " +
         std::to_string(now.evicted_keys - before.evicted_keys) +
         " keys evicted during the fill (maxmemory-policy " + now.maxmemory_policy +
         "): the server drops data instead of growing; fill with maxmemory-policy noeviction or "
         "a volatile-* policy, or aim lower";
}

// The plan for `before`, or FillError when there is none (no maxmemory, already above).
Plan MakePlan(const StatsSnapshot& before, double fraction, const FillOptions& options,
              const std::string& server) {
  if (before.maxmemory <= 0) {
    throw FillError("fill: " + server +
                    " has no maxmemory (0: unlimited), so there is no level to fill to; set a "
                    "cap first (CONFIG SET maxmemory 256mb, or REDIS_TESTKIT_MAXMEMORY for the "
                    "kit's server)");
  }
  Plan plan;
  const auto maxmemory = static_cast<double>(before.maxmemory);
  plan.target = std::llround(fraction * maxmemory);
  plan.tolerance = std::llround(options.tolerance * maxmemory);
  plan.aim = std::min(plan.target, before.maxmemory - plan.tolerance / 2);
  if (before.used_memory > plan.target + plan.tolerance) {
    throw FillError(
        "fill: " + server + " is already above the target: used_memory " + Mb(before.used_memory) +
        " is " + Percent(static_cast<double>(before.used_memory) / maxmemory) + " of maxmemory " +
        Mb(before.maxmemory) + ", the target is " + Percent(fraction) + " +-" +
        Percent(options.tolerance) + "; flush the server or choose a higher target");
  }
  return plan;
}

FillResult MakeResult(const internal::FillWriter& writer, const StatsSnapshot& before,
                      const StatsSnapshot& end, double fraction, const FillOptions& options) {
  const auto maxmemory = static_cast<double>(before.maxmemory);
  FillResult result;
  result.layout = ToString(options.layout);
  result.key_prefix = writer.prefix();
  result.keys_written = writer.keys_written();
  result.entries_written = writer.entries_written();
  result.bytes_written = writer.bytes_written();
  result.used_memory_before = before.used_memory;
  result.used_memory_after = end.used_memory;
  result.maxmemory = before.maxmemory;
  result.maxmemory_policy = before.maxmemory_policy;
  result.target_fraction = fraction;
  result.fraction_before = static_cast<double>(before.used_memory) / maxmemory;
  result.fraction_after = static_cast<double>(end.used_memory) / maxmemory;
  result.oom_rejections = cleanup::CounterDiff(before.oom_rejections, end.oom_rejections);
  result.evicted_keys = cleanup::CounterDiff(before.evicted_keys, end.evicted_keys);
  return result;
}

}  // namespace

FillResult FillMemory(client::Connection& connection, double fraction, const FillOptions& options) {
  Validate(fraction, options);
  const Clock::time_point start = Clock::now();
  const std::string server = connection.endpoint().ToString();
  const StatsSnapshot before = StatsSnapshot::Take(connection, connection.endpoint().db);
  const Plan plan = MakePlan(before, fraction, options, server);

  internal::FillWriter writer(connection, options, RunPrefix());
  StatsSnapshot now = before;
  int batches = 0;
  int stalls = 0;
  while (now.used_memory < plan.Done()) {
    if (Clock::now() - start > options.timeout) {
      throw FillError("fill: " + server + " reached only " + Mb(now.used_memory) + " of " +
                      Mb(plan.target) + " within the " + std::to_string(options.timeout.count()) +
                      " ms time limit");
    }
    const bool first = writer.entries_written() == 0;
    const double bytes_per_entry =
        first ? static_cast<double>(options.value_size)
              : std::max(1.0, static_cast<double>(now.used_memory - before.used_memory) /
                                  static_cast<double>(writer.entries_written()));
    std::size_t entries = NextBatch(plan, now.used_memory, bytes_per_entry, options, server);
    if (first) entries = std::min(entries, kFirstBatchEntries);
    const long long oom = writer.Write(entries);
    const StatsSnapshot after = ReadLevel(connection);
    ++batches;
    if (oom > 0) {
      throw FillError("fill: " + server + " rejected " + std::to_string(oom) +
                      " of the fill's writes with OOM at used_memory " + Mb(after.used_memory) +
                      " (maxmemory " + Mb(before.maxmemory) +
                      "): something else is writing to the server during the fill");
    }
    const double expected = bytes_per_entry * static_cast<double>(entries);
    const bool grew = static_cast<double>(after.used_memory - now.used_memory) >= expected / 10;
    stalls = grew ? 0 : stalls + 1;
    now = after;
    if (stalls >= kStallsTolerated) {
      throw FillError(StallMessage(server, before, now, plan, writer.entries_written()));
    }
  }

  FillResult result = MakeResult(
      writer, before, StatsSnapshot::Take(connection, connection.endpoint().db), fraction, options);
  result.batches = batches;
  result.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  return result;
}

FillResult FillMemory(const client::Endpoint& endpoint, double fraction,
                      const FillOptions& options) {
  Validate(fraction, options);  // before connecting: bad input is not a connection problem
  client::Connection connection(
      {endpoint, std::chrono::milliseconds(2000), std::chrono::milliseconds(2000)});
  return FillMemory(connection, fraction, options);
}

}  // namespace redis_testkit::ops
