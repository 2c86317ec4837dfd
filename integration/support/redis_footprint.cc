#include "redis_footprint.h"

#include <algorithm>

#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/scan.h"
#include "signal_gateway/redis_keys.h"

namespace gateway_scenarios {

namespace client = redis_testkit::client;

namespace {

KeyKind KindOf(std::string_view key) {
  if (key.starts_with(signal_gateway::kDedupPrefix)) return KeyKind::kDedup;
  if (key.starts_with(signal_gateway::kStormPrefix)) return KeyKind::kStorm;
  if (key.starts_with(signal_gateway::kRatePrefix)) return KeyKind::kRate;
  return KeyKind::kOther;
}

const char* KindName(KeyKind kind) {
  switch (kind) {
    case KeyKind::kDedup:
      return "dedup";
    case KeyKind::kStorm:
      return "storm";
    case KeyKind::kRate:
      return "rate";
    case KeyKind::kOther:
      return "other";
  }
  return "?";
}

}  // namespace

long long KeyFootprint::StormResources() const {
  // n (window count), f, l, c, d, p: signal_gateway::kStormMetaFields.
  return std::max(0LL, fields - signal_gateway::kStormMetaFields);
}

long long Footprint::TotalBytes() const {
  long long total = 0;
  for (const KeyFootprint& key : keys) total += key.bytes;
  return total;
}

long long Footprint::Bytes(KeyKind kind) const {
  long long total = 0;
  for (const KeyFootprint& key : keys) total += key.kind == kind ? key.bytes : 0;
  return total;
}

long long Footprint::Count(KeyKind kind) const {
  return std::count_if(keys.begin(), keys.end(),
                       [kind](const KeyFootprint& key) { return key.kind == kind; });
}

const KeyFootprint* Footprint::Largest(KeyKind kind) const {
  const KeyFootprint* largest = nullptr;
  for (const KeyFootprint& key : keys) {
    if (key.kind == kind && (largest == nullptr || key.bytes > largest->bytes)) largest = &key;
  }
  return largest;
}

std::string Footprint::Summary() const {
  std::string text;
  for (KeyKind kind : {KeyKind::kDedup, KeyKind::kStorm, KeyKind::kRate, KeyKind::kOther}) {
    if (!text.empty()) text += ", ";
    text += std::to_string(Count(kind)) + " " + KindName(kind) + " (" +
            std::to_string(Bytes(kind)) + " B)";
  }
  return text;
}

Footprint MeasureFootprint(client::Connection& redis, std::string_view match) {
  Footprint footprint;
  client::ScanOptions options;
  options.match = std::string(match);
  for (const std::string& key : client::ScanAllKeys(redis, options)) {
    const client::Reply bytes = redis.Command({"MEMORY", "USAGE", key, "SAMPLES", "0"});
    if (bytes.IsNil()) continue;  // expired since the SCAN
    KeyFootprint entry;
    entry.key = key;
    entry.kind = KindOf(key);
    entry.bytes = bytes.AsInteger();
    entry.pttl = redis.Command({"PTTL", key}).AsInteger();
    if (entry.pttl == -2) continue;  // expired meanwhile
    if (redis.Command({"TYPE", key}).AsString() == "hash") {
      entry.fields = redis.Command({"HLEN", key}).AsInteger();
    }
    footprint.keys.push_back(std::move(entry));
  }
  return footprint;
}

Footprint MeasureFootprint(ScenarioRedis& redis, std::string_view match) {
  Footprint footprint;
  for (client::Connection* master : redis.Masters()) {
    for (KeyFootprint& key : MeasureFootprint(*master, match).keys) {
      if (redis.cluster()) key.bytes -= kClusterKeyOverhead;
      footprint.keys.push_back(std::move(key));
    }
  }
  return footprint;
}

::testing::AssertionResult WithinBudget(const Footprint& footprint) {
  std::string problems;
  for (const KeyFootprint& key : footprint.keys) {
    long long budget = 0;
    switch (key.kind) {
      case KeyKind::kDedup:
        budget = kDedupEntryBudget;
        break;
      case KeyKind::kStorm:
        budget = key.StormResources() <= kSmallStormResources ? kSmallStormBudget : kStormBudget;
        break;
      case KeyKind::kRate:
        budget = kRateCounterBudget;
        break;
      case KeyKind::kOther:
        budget = -1;
        break;
    }
    if (key.pttl == -1) {
      problems += "\n  " + key.key + ": no TTL (every gateway key must expire)";
    }
    if (budget < 0) {
      problems +=
          "\n  " + key.key + ": not a key of the gateway's layout (gateway:dedup|storm|rate)";
    } else if (key.bytes > budget) {
      problems += "\n  " + key.key + ": " + std::to_string(key.bytes) + " bytes > budget " +
                  std::to_string(budget) + " (" + std::to_string(key.fields) + " fields)";
    }
  }
  if (problems.empty()) return ::testing::AssertionSuccess() << footprint.Summary();
  return ::testing::AssertionFailure()
         << "Redis footprint over budget (" << footprint.Summary() << "):" << problems;
}

std::string StormKey(std::string_view alertname, std::string_view ns) {
  return signal_gateway::KeysFor(ns, alertname, "").storm;
}

std::string DedupKey(std::string_view alertname, std::string_view ns,
                     std::string_view fingerprint) {
  return signal_gateway::KeysFor(ns, alertname, fingerprint).dedup;
}

long long DatabaseSize(client::Connection& redis) { return redis.Command({"DBSIZE"}).AsInteger(); }

long long DatabaseSize(ScenarioRedis& redis) {
  long long keys = 0;
  for (client::Connection* master : redis.Masters()) keys += DatabaseSize(*master);
  return keys;
}

}  // namespace gateway_scenarios
