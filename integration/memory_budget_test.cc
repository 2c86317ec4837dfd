// Memory budgets: what the gateway's Redis state costs, measured with MEMORY USAGE and asserted
// (the seeds stored 30 KB remediation documents per storm and needed 4 GB for 92 tests). Every
// scenario's TearDown checks the per-key budgets; these scenarios measure the cases that matter and
// record the figures as XML properties (ctest --output-junit keeps them).
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "payloads.h"
#include "redis_footprint.h"
#include "scenario_support.h"

namespace gateway_scenarios {
namespace {

class MemoryBudget : public GatewayScenario {
 protected:
  const KeyFootprint& OnlyStorm(const Footprint& footprint) {
    EXPECT_EQ(footprint.Count(KeyKind::kStorm), 1) << footprint.Summary();
    static const KeyFootprint kNone;
    const KeyFootprint* storm = footprint.Largest(KeyKind::kStorm);
    return storm != nullptr ? *storm : kNone;
  }
  // Posts `alerts` in batches of `batch` alerts.
  static void PostInBatches(ScenarioGateway& gateway, const std::vector<nlohmann::json>& alerts,
                            std::size_t batch) {
    for (std::size_t i = 0; i < alerts.size(); i += batch) {
      const std::size_t end = std::min(alerts.size(), i + batch);
      const HttpAnswer answer = gateway.PostAlerts(Webhook(std::vector<nlohmann::json>(
          alerts.begin() + static_cast<long>(i), alerts.begin() + static_cast<long>(end))));
      ASSERT_TRUE(answer.status == 201 || answer.status == 202) << answer;
    }
  }
};

TEST_F(MemoryBudget, OneDedupEntryFitsIn200Bytes) {
  auto& gateway = Start();
  ASSERT_EQ(
      gateway.PostAlerts(Webhook(PodAlert("HighCPUUsage", "prod-api", "api-7d9f8b6c5d-x2k4z")))
          .status,
      201);
  const Footprint footprint = MeasureFootprint(redis(), "gateway:dedup:*");
  ASSERT_EQ(footprint.keys.size(), 1U);
  RecordProperty("dedup_entry_bytes", std::to_string(footprint.keys[0].bytes));
  EXPECT_LE(footprint.keys[0].bytes, kDedupEntryBudget);
}

TEST_F(MemoryBudget, AStormWith15ResourcesFitsIn512Bytes) {
  auto& gateway = Start();
  // Pods 1-9 get their own requests; the storm record then lists the 15 pods that follow.
  ASSERT_EQ(
      gateway.PostAlerts(Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 24, "api-7d9f8b6c5d-")))
          .status,
      201);
  const KeyFootprint storm =
      OnlyStorm(MeasureFootprint(redis()));  // a copy: the Footprint is a temporary
  EXPECT_EQ(storm.StormResources(), 15);
  RecordProperty("storm_15_bytes", std::to_string(storm.bytes));
  EXPECT_LE(storm.bytes, kSmallStormBudget);
}

TEST_F(MemoryBudget, ATenThousandPodStormStaysUnder8KB) {
  auto config = ScenarioConfig();
  config.body_limit = 1024 * 1024;
  // 10,000 round trips take seconds on a loaded 2-core machine: nothing may expire meanwhile.
  config.dedup_ttl = std::chrono::minutes(2);
  config.storm_ttl = std::chrono::minutes(2);
  config.storm_window = std::chrono::minutes(2);
  auto& gateway = Start(config);
  const auto alerts = PodAlerts("HighCPUUsage", "prod-api", 1, 10'000, "api-7d9f8b6c5d-");
  // Four senders at once, as several AlertManager replicas would post.
  std::vector<std::thread> senders;
  for (std::size_t part = 0; part < 4; ++part) {
    senders.emplace_back([&, part] {
      const std::size_t size = alerts.size() / 4;
      const std::vector<nlohmann::json> slice(
          alerts.begin() + static_cast<long>(part * size),
          alerts.begin() + static_cast<long>((part + 1) * size));
      PostInBatches(gateway, slice,
                    250);  // small requests: each answers well within the timeout, even under ASan
    });
  }
  for (auto& sender : senders) sender.join();
  const Footprint footprint = MeasureFootprint(redis());
  const KeyFootprint& storm = OnlyStorm(footprint);
  RecordProperty("storm_10000_bytes", std::to_string(storm.bytes));
  RecordProperty("dedup_10000_bytes", std::to_string(footprint.Bytes(KeyKind::kDedup)));
  EXPECT_LT(storm.bytes, kStormBudget);
  EXPECT_EQ(storm.StormResources(), 100);
  EXPECT_EQ(footprint.Count(KeyKind::kDedup), 10'000);
  EXPECT_LE(footprint.Bytes(KeyKind::kDedup), 10'000 * kDedupEntryBudget);
  const auto storm_request = NewestStorm(gateway.sink(), "HighCPUUsage in prod-api");
  ASSERT_TRUE(storm_request.has_value());
  EXPECT_EQ(storm_request->storm->alert_count, 10'000 - 9);
  EXPECT_EQ(storm_request->storm->dropped_resources, 10'000 - 9 - 100);
}

TEST_F(MemoryBudget, TheStormRecordStopsGrowingAtTheCap) {
  auto& gateway = Start();
  PostInBatches(gateway, PodAlerts("HighCPUUsage", "prod-api", 1, 109), 200);
  const long long at_cap = OnlyStorm(MeasureFootprint(redis())).bytes;
  PostInBatches(gateway, PodAlerts("HighCPUUsage", "prod-api", 110, 300), 200);
  const long long beyond = OnlyStorm(MeasureFootprint(redis())).bytes;
  RecordProperty("storm_at_cap_bytes", std::to_string(at_cap));
  EXPECT_LE(beyond, at_cap + 16) << "300 more pods beyond the cap grew the record";
}

TEST_F(MemoryBudget, RepeatsDoNotGrowTheDedupEntry) {
  auto& gateway = Start();
  const auto alert = PodAlert("HighCPUUsage", "prod-api", "api-1");
  gateway.PostAlerts(Webhook(alert));
  const long long first = MeasureFootprint(redis()).Bytes(KeyKind::kDedup);
  PostInBatches(gateway, std::vector<nlohmann::json>(500, alert), 250);
  const long long after = MeasureFootprint(redis()).Bytes(KeyKind::kDedup);
  EXPECT_LE(after, first + 8) << "500 repeats grew the entry";
}

TEST_F(MemoryBudget, LongResourceNamesKeepTheStormCompact) {
  auto& gateway = Start();
  const std::string prefix(200, 'n');
  PostInBatches(gateway, PodAlerts("HighCPUUsage", "prod-api", 1, 120, prefix), 40);
  const KeyFootprint storm =
      OnlyStorm(MeasureFootprint(redis()));  // a copy: the Footprint is a temporary
  RecordProperty("storm_long_names_bytes", std::to_string(storm.bytes));
  EXPECT_EQ(storm.StormResources(), 100);
  EXPECT_LT(storm.bytes, kStormBudget);
}

TEST_F(MemoryBudget, AHugeAlertnameKeepsTheStormCompact) {
  auto& gateway = Start();
  const std::string alertname(2048, 'A');  // 12 alerts of 2 x 2 KiB: under the body limit
  ASSERT_EQ(gateway.PostAlerts(Webhook(PodAlerts(alertname, "prod-api", 1, 12))).status, 201);
  const Footprint footprint = MeasureFootprint(redis());
  EXPECT_LE(OnlyStorm(footprint).bytes, kSmallStormBudget) << footprint.Summary();
  EXPECT_EQ(gateway.sink().Storms().at(0).storm->pattern, alertname + " in prod-api")
      << "the full pattern is recomputed for the remediation request";
}

TEST_F(MemoryBudget, ARateCounterFitsItsBudget) {
  auto config = ScenarioConfig();
  config.rate_limit = 1000;
  auto& gateway = Start(config);
  for (int i = 0; i < 20; ++i) {
    gateway.PostAlerts(Webhook(PodAlert("Alert" + std::to_string(i), "prod-api", "api-1")));
  }
  const Footprint footprint = MeasureFootprint(redis(), "gateway:rate:*");
  ASSERT_EQ(footprint.keys.size(), 1U);
  RecordProperty("rate_counter_bytes", std::to_string(footprint.keys[0].bytes));
  EXPECT_LE(footprint.keys[0].bytes, kRateCounterBudget);
}

// The seeds' workload, replayed: 10 storms of 15 pods and 100 distinct alerts, each sent twice.
TEST_F(MemoryBudget, TheSeedsWorkloadFitsInTensOfKilobytes) {
  auto& gateway = Start();
  std::vector<nlohmann::json> alerts;
  for (int storm = 0; storm < 10; ++storm) {
    for (auto& alert : PodAlerts("Storm" + std::to_string(storm), "prod-api", 1, 15)) {
      alerts.push_back(alert);
    }
  }
  for (int i = 0; i < 100; ++i) {
    alerts.push_back(PodAlert("Alert" + std::to_string(i), "prod-web", "web-" + std::to_string(i)));
  }
  PostInBatches(gateway, alerts, 250);
  PostInBatches(gateway, alerts, 250);
  const Footprint footprint = MeasureFootprint(redis());
  RecordProperty("seeds_workload_bytes", std::to_string(footprint.TotalBytes()));
  EXPECT_EQ(footprint.Count(KeyKind::kStorm), 10 + 100)
      << footprint.Summary();  // + window counters
  EXPECT_EQ(footprint.Count(KeyKind::kDedup), 250);
  EXPECT_LT(footprint.TotalBytes(), 96 * 1024) << footprint.Summary();
}

TEST_F(MemoryBudget, NoRemediationDocumentIsEverStoredInRedis) {
  auto& gateway = Start();
  PostInBatches(gateway, PodAlerts("HighCPUUsage", "prod-api", 1, 40), 40);
  gateway.PostEvent(WarningEvent("OOMKilled", "prod-db", "Pod", "db-0"));
  for (const KeyFootprint& key : MeasureFootprint(redis()).keys) {
    EXPECT_NE(redis().Command({"TYPE", key.key}).AsString(), "string")
        << key.key << ": only rate counters are strings";
    const auto hash = redis().Command({"HGETALL", key.key});
    for (const auto& item : hash.AsArray()) {
      EXPECT_LE(item.AsString().size(), 64U) << key.key << " holds a large value";
    }
  }
}

}  // namespace
}  // namespace gateway_scenarios
