// StatsSnapshot: INFO -> memory and key figures (see stats_snapshot.h).
#include "redis_testkit/cleanup/stats_snapshot.h"

#include <algorithm>
#include <charconv>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"

namespace redis_testkit::cleanup {
namespace {

// A raw INFO value such as "42" as a number (0 when absent or not a number).
long long Number(const client::Info& info, std::string_view field) {
  const std::optional<std::string> value = info.Get(field);
  if (!value) return 0;
  long long number = 0;
  std::from_chars(value->data(), value->data() + value->size(), number);
  return number;
}

}  // namespace

StatsSnapshot StatsSnapshot::FromInfo(const client::Info& info, int db) {
  StatsSnapshot s;
  s.used_memory = info.memory.used_memory;
  s.used_memory_peak = info.memory.used_memory_peak;
  s.used_memory_rss = info.memory.used_memory_rss;
  s.fragmentation = info.memory.mem_fragmentation_ratio;
  s.maxmemory = info.memory.maxmemory;
  s.maxmemory_policy = info.memory.maxmemory_policy;
  for (const auto& [number, figures] : info.keyspace) s.keys_per_db[number] = figures.keys;
  s.keys_total = info.TotalKeys();
  const auto it = info.keyspace.find(db);
  s.keys_db = it == info.keyspace.end() ? 0 : it->second.keys;
  s.oom_rejections = info.OomRejections();
  s.evicted_keys = Number(info, "evicted_keys");
  s.expired_keys = Number(info, "expired_keys");
  s.config_set_calls = info.CommandCalls("config|set");
  s.command_calls = info.command_calls;
  s.command_usec = info.command_usec;
  return s;
}

StatsSnapshot StatsSnapshot::FromInfoText(std::string_view text, int db) {
  return FromInfo(client::ParseInfo(text), db);
}

const std::vector<std::string>& StatsSnapshot::InfoCommand() {
  static const std::vector<std::string> kCommand{"INFO",       "memory",   "stats",
                                                 "errorstats", "keyspace", "commandstats"};
  return kCommand;
}

const std::vector<std::string>& StatsSnapshot::InfoCommandLegacy() {
  static const std::vector<std::string> kCommand{"INFO"};
  return kCommand;
}

StatsSnapshot StatsSnapshot::Take(client::Connection& connection, int db) {
  try {
    return FromInfoText(connection.Command(InfoCommand()).AsString(), db);
  } catch (const client::ReplyError&) {
    // Redis < 7.0 answers "ERR syntax error" to several sections; its default INFO has them all.
    return FromInfoText(connection.Command(InfoCommandLegacy()).AsString(), db);
  }
}

StatsSnapshot StatsSnapshot::Sum(const std::vector<StatsSnapshot>& nodes) {
  if (nodes.size() == 1) return nodes.front();
  StatsSnapshot sum;
  for (const StatsSnapshot& node : nodes) {
    sum.used_memory += node.used_memory;
    sum.used_memory_peak += node.used_memory_peak;
    sum.used_memory_rss += node.used_memory_rss;
    sum.fragmentation = std::max(sum.fragmentation, node.fragmentation);
    sum.maxmemory += node.maxmemory;
    if (sum.maxmemory_policy.empty()) sum.maxmemory_policy = node.maxmemory_policy;
    sum.keys_total += node.keys_total;
    sum.keys_db += node.keys_db;
    for (const auto& [db, keys] : node.keys_per_db) sum.keys_per_db[db] += keys;
    sum.oom_rejections += node.oom_rejections;
    sum.evicted_keys += node.evicted_keys;
    sum.expired_keys += node.expired_keys;
    sum.config_set_calls += node.config_set_calls;
    for (const auto& [name, calls] : node.command_calls) sum.command_calls[name] += calls;
    for (const auto& [name, usec] : node.command_usec) sum.command_usec[name] += usec;
  }
  return sum;
}

long long CounterDiff(long long before, long long after) {
  return after >= before ? after - before : after;
}

}  // namespace redis_testkit::cleanup
