// What a scenario left in Redis and what it cost: MEMORY USAGE of every gateway key, by kind, and
// the budgets of the issue (the seeds needed 4 GB for 92 tests; these say why that cannot recur).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "redis_testkit/client/connection.h"
#include "scenario_redis.h"

namespace gateway_scenarios {

// Budgets, in bytes of MEMORY USAGE (key + value + overhead, as Redis counts them).
inline constexpr long long kDedupEntryBudget = 200;  // one gateway:dedup:* hash
inline constexpr long long kSmallStormBudget = 512;  // a storm record with <= 15 resources
inline constexpr int kSmallStormResources = 15;
inline constexpr long long kStormBudget = 8 * 1024;   // any storm record (resources are capped)
inline constexpr long long kRateCounterBudget = 128;  // one gateway:rate:<ip> counter

// What MEMORY USAGE counts per key on a Redis 7.0 cluster node beyond a standalone server: the
// links of the slot's key list in each dict entry (a 2-field hash measured 80 B standalone, 96 B on
// a cluster node). Redis' cost, not the gateway layout's: the budgets above are of the layout.
inline constexpr long long kClusterKeyOverhead = 16;

enum class KeyKind { kDedup, kStorm, kRate, kOther };

struct KeyFootprint {
  std::string key;
  KeyKind kind = KeyKind::kOther;
  long long bytes = 0;   // MEMORY USAGE key SAMPLES 0 (minus kClusterKeyOverhead on a cluster)
  long long pttl = 0;    // milliseconds; -1: no TTL (WithinBudget and the kit fail that)
  long long fields = 0;  // HLEN for hashes, 0 otherwise
  // Affected resources of a storm record (its fields beyond the meta fields n, f, l, c, d, p).
  long long StormResources() const;
};

struct Footprint {
  std::vector<KeyFootprint> keys;

  long long TotalBytes() const;
  long long Bytes(KeyKind kind) const;
  long long Count(KeyKind kind) const;
  // The largest key of `kind`, or nullptr.
  const KeyFootprint* Largest(KeyKind kind) const;
  // "3 dedup (552 B), 1 storm (301 B), 0 rate (0 B)".
  std::string Summary() const;
};

// Every key matching `match` with its size and TTL. Keys that expire during the walk are skipped.
Footprint MeasureFootprint(redis_testkit::client::Connection& redis,
                           std::string_view match = "gateway:*");
// The same over every master of the kit's Redis (its one server, or each master of a cluster, each
// key's bytes then as a standalone server counts them: kClusterKeyOverhead less).
Footprint MeasureFootprint(ScenarioRedis& redis, std::string_view match = "gateway:*");

// The per-key budgets above: every dedup entry, storm record and rate counter within its budget,
// every key with a TTL, and no key outside the gateway's layout.
::testing::AssertionResult WithinBudget(const Footprint& footprint);

// The keys the gateway writes for a signal (signal_gateway/redis_keys.h), for inspection.
std::string StormKey(std::string_view alertname, std::string_view ns);
std::string DedupKey(std::string_view alertname, std::string_view ns, std::string_view fingerprint);

// Keys of the whole database (not only gateway:*), for "stores nothing" checks.
long long DatabaseSize(redis_testkit::client::Connection& redis);
long long DatabaseSize(ScenarioRedis& redis);  // summed over the masters

}  // namespace gateway_scenarios
