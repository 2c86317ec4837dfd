// Storm aggregation (GATEWAY.md "Processing", step 3): one lightweight record per storm, pattern
// "<alertname> in <namespace>", deduplicated and capped affected resources, one remediation request
// created by the first aggregated signal and updated by the later ones.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "payloads.h"
#include "redis_footprint.h"
#include "redis_testkit/gtest.h"  // FastForward
#include "scenario_support.h"

namespace gateway_scenarios {
namespace {

using std::chrono::milliseconds;

class StormAggregation : public GatewayScenario {
 protected:
  // Starts the storm of (alertname, ns) with pods 1..9 (created) and 10 (the first aggregated).
  HttpAnswer StartStorm(ScenarioGateway& gateway, const std::string& alertname,
                        const std::string& ns) {
    HttpAnswer answer = gateway.PostAlerts(Webhook(PodAlerts(alertname, ns, 1, 10)));
    EXPECT_EQ(answer.status, 201) << answer;
    EXPECT_EQ(answer.Result(9)["status"], "aggregated") << answer;
    return answer;
  }
  static std::vector<std::string> Sorted(std::vector<std::string> values) {
    std::sort(values.begin(), values.end());
    return values;
  }
};

TEST_F(StormAggregation, ThePatternIsAlertnameInNamespace) {
  auto& gateway = Start();
  const HttpAnswer answer = StartStorm(gateway, "HighCPUUsage", "prod-api");
  EXPECT_EQ(answer.Result(9)["pattern"], "HighCPUUsage in prod-api");
  const auto storms = gateway.sink().Storms();
  ASSERT_EQ(storms.size(), 1U);
  EXPECT_EQ(storms[0].storm->pattern, "HighCPUUsage in prod-api");
  EXPECT_EQ(storms[0].alertname, "HighCPUUsage");
  EXPECT_EQ(storms[0].ns, "prod-api");
}

TEST_F(StormAggregation, AffectedResourcesAreListedAsKindSlashName) {
  auto& gateway = Start();
  ASSERT_EQ(gateway.PostAlerts(Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 15))).status, 201);
  const auto storms = gateway.sink().Storms();
  ASSERT_EQ(storms.size(), 1U);
  EXPECT_EQ(
      Sorted(storms[0].storm->affected_resources),
      Sorted({"Pod/pod-10", "Pod/pod-11", "Pod/pod-12", "Pod/pod-13", "Pod/pod-14", "Pod/pod-15"}));
  EXPECT_EQ(storms[0].storm->dropped_resources, 0);
}

TEST_F(StormAggregation, TheStormRequestIsCreatedOnceThenUpdated) {
  auto& gateway = Start();
  const auto answers = gateway.PostEach(PodAlerts("HighCPUUsage", "prod-api", 1, 15));
  const std::string storm_name = answers[9].Result(0)["remediation_request"];
  int created = 0;
  int updated = 0;
  for (const auto& event : gateway.sink().Events()) {
    if (event.request.name != storm_name) continue;
    (event.action == signal_gateway::SinkAction::kCreated ? created : updated) += 1;
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(updated, 5);
  EXPECT_EQ(gateway.sink().Find(storm_name)->storm->alert_count, 6);
}

TEST_F(StormAggregation, EveryAggregatedSignalNamesTheStormRequest) {
  auto& gateway = Start();
  const HttpAnswer answer =
      gateway.PostAlerts(Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 15)));
  const std::string storm_name = answer.Result(9)["remediation_request"];
  EXPECT_TRUE(storm_name.starts_with("rr-storm-")) << storm_name;
  for (std::size_t i = 9; i < 15; ++i) {
    EXPECT_EQ(answer.Result(i)["remediation_request"], storm_name) << "result " << i;
  }
  for (std::size_t i = 0; i < 9; ++i) {
    EXPECT_NE(answer.Result(i)["remediation_request"], storm_name) << "result " << i;
  }
}

TEST_F(StormAggregation, AResourceSeenAgainAfterItsDedupTtlIsListedOnce) {
  auto config = ScenarioConfig();
  config.dedup_ttl = milliseconds(300);
  auto& gateway = Start(config);
  const HttpAnswer first = StartStorm(gateway, "HighCPUUsage", "prod-api");
  const std::string fingerprint = first.Result(9)["fingerprint"];
  redis_testkit::FastForward(config.dedup_ttl);
  ASSERT_EQ(
      redis().Command({"EXISTS", DedupKey("HighCPUUsage", "prod-api", fingerprint)}).AsInteger(),
      0);
  const HttpAnswer again =
      gateway.PostAlerts(Webhook(PodAlert("HighCPUUsage", "prod-api", "pod-10")));
  EXPECT_EQ(again.Result(0)["status"], "aggregated") << again;
  EXPECT_EQ(again.Result(0)["alert_count"], 2) << again;
  const auto storms = gateway.sink().Storms();
  ASSERT_EQ(storms.size(), 1U);
  EXPECT_EQ(storms[0].storm->affected_resources, std::vector<std::string>{"Pod/pod-10"});
  EXPECT_EQ(storms[0].storm->alert_count, 2);
}

TEST_F(StormAggregation, ADuplicateOfAnAggregatedSignalPointsToTheStorm) {
  auto& gateway = Start();
  const HttpAnswer first = StartStorm(gateway, "HighCPUUsage", "prod-api");
  const std::size_t events_before = gateway.sink().Events().size();
  const HttpAnswer again =
      gateway.PostAlerts(Webhook(PodAlert("HighCPUUsage", "prod-api", "pod-10")));
  EXPECT_EQ(again.status, 202) << again;
  EXPECT_EQ(again.Result(0)["status"], "duplicate") << again;
  EXPECT_EQ(again.Result(0)["count"], 2) << again;
  EXPECT_EQ(again.Result(0)["remediation_request"], first.Result(9)["remediation_request"]);
  EXPECT_EQ(again.Result(0)["pattern"], "HighCPUUsage in prod-api") << again;
  EXPECT_EQ(gateway.sink().Events().size(), events_before) << "a duplicate changes no request";
}

TEST_F(StormAggregation, TheResourceCapKeepsTheFirstResourcesAndCountsTheRest) {
  auto config = ScenarioConfig();
  config.resource_cap = 5;
  auto& gateway = Start(config);
  const HttpAnswer answer =
      gateway.PostAlerts(Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 29)));
  ASSERT_EQ(answer.status, 201) << answer;
  const auto storms = gateway.sink().Storms();
  ASSERT_EQ(storms.size(), 1U);
  EXPECT_EQ(storms[0].storm->alert_count, 20);
  EXPECT_EQ(Sorted(storms[0].storm->affected_resources),
            Sorted({"Pod/pod-10", "Pod/pod-11", "Pod/pod-12", "Pod/pod-13", "Pod/pod-14"}));
  EXPECT_EQ(storms[0].storm->dropped_resources, 15);
}

TEST_F(StormAggregation, ResourcesOfDifferentKindsWithOneNameStayApart) {
  auto config = ScenarioConfig();
  config.storm_threshold = 2;
  auto& gateway = Start(config);
  std::vector<nlohmann::json> alerts = {
      Alert({{"alertname", "KubeReplicasMismatch"}, {"namespace", "prod-api"}, {"pod", "seed"}}),
      Alert({{"alertname", "KubeReplicasMismatch"},
             {"namespace", "prod-api"},
             {"deployment", "api"}}),
      Alert({{"alertname", "KubeReplicasMismatch"},
             {"namespace", "prod-api"},
             {"statefulset", "api"}}),
      Alert({{"alertname", "KubeReplicasMismatch"}, {"namespace", "prod-api"}, {"pod", "api"}}),
      Alert({{"alertname", "KubeReplicasMismatch"}, {"namespace", "prod-api"}, {"node", "api"}}),
  };
  const HttpAnswer answer = gateway.PostAlerts(Webhook(alerts));
  // The Node is cluster-scoped: its state lives outside prod-api (see Signal::StateNamespace),
  // so it opens its own window instead of joining the namespace's storm.
  ASSERT_EQ(answer.CountStatus("aggregated"), 3) << answer;
  EXPECT_EQ(answer.CountStatus("created"), 2) << answer;
  const auto storms = gateway.sink().Storms();
  ASSERT_EQ(storms.size(), 1U);
  EXPECT_EQ(Sorted(storms[0].storm->affected_resources),
            Sorted({"Deployment/api", "StatefulSet/api", "Pod/api"}));
}

TEST_F(StormAggregation, StormAndOtherTrafficStayApart) {
  auto& gateway = Start();
  std::vector<nlohmann::json> alerts;
  const auto storm = PodAlerts("HighCPUUsage", "prod-api", 1, 15);
  const auto disk = PodAlerts("DiskPressure", "prod-api", 1, 5);
  const auto staging = PodAlerts("HighCPUUsage", "staging-api", 1, 5);
  for (std::size_t i = 0; i < storm.size(); ++i) {  // interleaved, as AlertManager groups them
    alerts.push_back(storm[i]);
    if (i < disk.size()) alerts.push_back(disk[i]);
    if (i < staging.size()) alerts.push_back(staging[i]);
  }
  const HttpAnswer answer = gateway.PostAlerts(Webhook(alerts));
  ASSERT_EQ(answer.ResultCount(), 25U) << answer;
  EXPECT_EQ(answer.CountStatus("created"), 9 + 5 + 5) << answer;
  EXPECT_EQ(answer.CountStatus("aggregated"), 6) << answer;
  const auto storms = gateway.sink().Storms();
  ASSERT_EQ(storms.size(), 1U);
  EXPECT_EQ(storms[0].storm->pattern, "HighCPUUsage in prod-api");
  EXPECT_EQ(storms[0].storm->alert_count, 6);
}

TEST_F(StormAggregation, ConcurrentStormsAreCountedExactly) {
  auto& gateway = Start();
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"HighCPUUsage", "prod-api"},
      {"HighCPUUsage", "prod-billing"},
      {"PodCrashLooping", "prod-api"},
      {"KubePodNotReady", "staging-web"}};
  std::vector<std::thread> senders;
  for (const auto& [alertname, ns] : pairs) {
    senders.emplace_back([&gateway, alertname = alertname, ns = ns] {
      for (const auto& alert : PodAlerts(alertname, ns, 1, 25)) {
        const HttpAnswer answer = gateway.PostAlerts(Webhook(alert));
        EXPECT_TRUE(answer.status == 201 || answer.status == 202) << answer;
      }
    });
  }
  for (auto& sender : senders) sender.join();
  ASSERT_EQ(gateway.sink().Storms().size(), pairs.size());
  for (const auto& [alertname, ns] : pairs) {
    const auto storm = NewestStorm(gateway.sink(), alertname + " in " + ns);
    ASSERT_TRUE(storm.has_value()) << alertname << " in " << ns;
    EXPECT_EQ(storm->storm->alert_count, 16) << storm->storm->pattern;
    EXPECT_EQ(storm->storm->affected_resources.size(), 16U) << storm->storm->pattern;
  }
  EXPECT_EQ(gateway.metrics().created(), 4U * (9 + 1));
  EXPECT_EQ(gateway.metrics().aggregated(), 4U * 16);
}

TEST_F(StormAggregation, ConcurrentSendersOfOneStormCreateItOnce) {
  auto& gateway = Start();
  std::vector<std::thread> senders;
  for (int sender = 0; sender < 4; ++sender) {
    senders.emplace_back([&gateway, sender] {
      for (const auto& alert : PodAlerts("HighCPUUsage", "prod-api", sender * 100, 10)) {
        const HttpAnswer answer = gateway.PostAlerts(Webhook(alert));
        EXPECT_TRUE(answer.status == 201 || answer.status == 202) << answer;
      }
    });
  }
  for (auto& sender : senders) sender.join();
  EXPECT_EQ(gateway.metrics().storms(), 1U);
  EXPECT_EQ(gateway.metrics().created(), 9U + 1U);
  EXPECT_EQ(gateway.metrics().aggregated(), 31U);
  EXPECT_EQ(gateway.sink().Storms().size(), 1U);
  const auto storm = NewestStorm(gateway.sink(), "HighCPUUsage in prod-api");
  ASSERT_TRUE(storm.has_value());
  EXPECT_EQ(storm->storm->alert_count, 31);
  EXPECT_EQ(storm->storm->affected_resources.size(), 31U);
}

TEST_F(StormAggregation, TheStormRequestCarriesNamespacePriorityAndEnvironment) {
  auto& gateway = Start();
  StartStorm(gateway, "HighCPUUsage", "prod-api");
  const auto storms = gateway.sink().Storms();
  ASSERT_EQ(storms.size(), 1U);
  const auto& storm = storms[0];
  EXPECT_EQ(storm.ns, "prod-api");
  EXPECT_EQ(storm.environment, "production");
  EXPECT_EQ(storm.severity, "critical");
  EXPECT_EQ(storm.priority, "P0");
  EXPECT_EQ(storm.resource.kind, "Namespace");
  EXPECT_EQ(storm.resource.name, "prod-api");
  EXPECT_LE(storm.first_seen_ms, storm.last_seen_ms);
}

TEST_F(StormAggregation, OneAlertnameInTwoNamespacesMakesTwoStorms) {
  auto& gateway = Start();
  std::vector<nlohmann::json> alerts = PodAlerts("HighCPUUsage", "prod-api", 1, 12);
  for (auto& alert : PodAlerts("HighCPUUsage", "prod-billing", 1, 12)) alerts.push_back(alert);
  const HttpAnswer answer = gateway.PostAlerts(Webhook(alerts));
  EXPECT_EQ(answer.CountStatus("aggregated"), 6) << answer;
  std::vector<std::string> patterns;
  for (const auto& storm : gateway.sink().Storms()) patterns.push_back(storm.storm->pattern);
  EXPECT_EQ(Sorted(patterns), Sorted({"HighCPUUsage in prod-api", "HighCPUUsage in prod-billing"}));
}

TEST_F(StormAggregation, TheStormRecordHoldsNoDocument) {
  auto& gateway = Start();
  ASSERT_EQ(gateway.PostAlerts(Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 30))).status, 201);
  const std::string key = StormKey("HighCPUUsage", "prod-api");
  const auto hash = redis().Command({"HGETALL", key}).AsArray();
  ASSERT_FALSE(hash.empty());
  for (const auto& item : hash) {
    const std::string& text = item.AsString();
    EXPECT_LE(text.size(), 64U) << "storm field/value too large for a lightweight record: " << text;
    EXPECT_FALSE(text.starts_with("{") || text.starts_with("[")) << "JSON in Redis: " << text;
  }
  EXPECT_EQ(redis().Command({"OBJECT", "ENCODING", key}).AsString(), "listpack");
}

TEST_F(StormAggregation, LongResourceNamesStayDistinct) {
  auto& gateway = Start();
  const std::string prefix(120, 'p');  // names differ only after 120 bytes
  ASSERT_EQ(
      gateway.PostAlerts(Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 14, prefix))).status,
      201);
  const auto storms = gateway.sink().Storms();
  ASSERT_EQ(storms.size(), 1U);
  auto resources = Sorted(storms[0].storm->affected_resources);
  EXPECT_EQ(resources.size(), 5U);
  EXPECT_EQ(std::unique(resources.begin(), resources.end()), resources.end())
      << "two long names collapsed into one affected resource";
}

}  // namespace
}  // namespace gateway_scenarios
