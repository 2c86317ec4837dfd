// Memory and key figures of the server at one moment, from ONE INFO call (sections memory, stats,
// errorstats, keyspace, commandstats), parsed only by client::ParseInfo.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "redis_testkit/client/info.h"

namespace redis_testkit::client {
class Connection;
}

namespace redis_testkit::cleanup {

struct StatsSnapshot {
  long long used_memory = 0;
  long long used_memory_peak = 0;  // the server's peak since start (Redis 7.0 cannot reset it)
  long long used_memory_rss = 0;
  double fragmentation = 0.0;  // mem_fragmentation_ratio; ~7 is normal for a tiny fresh server
  long long maxmemory = 0;     // 0: no cap
  std::string maxmemory_policy;
  long long keys_total = 0;                        // every database
  long long keys_db = 0;                           // the test database
  std::map<int, long long> keys_per_db;            // db number -> keys
  long long oom_rejections = 0;                    // errorstat_OOM since start (diff two snapshots)
  long long evicted_keys = 0;                      // since start
  long long expired_keys = 0;                      // since start
  long long config_set_calls = 0;                  // CONFIG SET calls since start (commandstats)
  std::map<std::string, long long> command_calls;  // commandstats since start: "get" -> calls
  std::map<std::string, long long> command_usec;   // ... and microseconds

  // The figures of `info` for database `db`.
  static StatsSnapshot FromInfo(const client::Info& info, int db);
  // INFO text -> figures (client::ParseInfo).
  static StatsSnapshot FromInfoText(std::string_view text, int db);
  // The INFO command this class needs, as arguments ("INFO", "memory", "stats", ...). Redis >= 7.0
  // takes several sections; for older servers use InfoCommandLegacy() (default sections).
  static const std::vector<std::string>& InfoCommand();
  static const std::vector<std::string>& InfoCommandLegacy();
  // One round trip: INFO, then FromInfoText. Falls back to plain INFO on a pre-7.0 server.
  static StatsSnapshot Take(client::Connection& connection, int db);
  // The figures of a Redis Cluster as one: the masters' snapshots summed (memory, keys, counters,
  // commandstats), fragmentation the highest, maxmemory the sum of the per-node caps, the policy
  // the first's. One snapshot is returned as it is.
  static StatsSnapshot Sum(const std::vector<StatsSnapshot>& nodes);
};

// A counter's growth between two snapshots (oom_rejections, evicted_keys, expired_keys...). The
// counters only grow; a smaller value afterwards means CONFIG RESETSTAT ran in between, and then
// everything counted since belongs to the interval: `after`.
long long CounterDiff(long long before, long long after);

}  // namespace redis_testkit::cleanup
