// Deduplication (GATEWAY.md "Processing", step 1): a fingerprint seen within the dedup TTL is a
// duplicate - count and last-seen updated, TTL refreshed, answered with the count and the name of
// its remediation request. Fingerprint: SHA-256 of "alertname:namespace:kind:name".
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "payloads.h"
#include "redis_footprint.h"
#include "redis_testkit/gtest.h"  // FastForward
#include "scenario_support.h"

namespace gateway_scenarios {
namespace {

using std::chrono::milliseconds;

class Dedup : public GatewayScenario {
 protected:
  long long Pttl(const std::string& key) { return redis().Command({"PTTL", key}).AsInteger(); }
  std::string KeyOf(const HttpAnswer& answer, std::size_t i = 0) {
    const auto result = answer.Result(i);
    return DedupKey(result["alertname"].get<std::string>(), result["namespace"].get<std::string>(),
                    result["fingerprint"].get<std::string>());
  }
};

TEST_F(Dedup, ARepeatIsADuplicateOfTheSameRequest) {
  auto& gateway = Start();
  const auto alert = PodAlert("HighCPUUsage", "prod-api", "api-1");
  const HttpAnswer first = gateway.PostAlerts(Webhook(alert));
  const HttpAnswer second = gateway.PostAlerts(Webhook(alert));
  ASSERT_EQ(first.status, 201) << first;
  ASSERT_EQ(second.status, 202) << second;
  EXPECT_EQ(second.Json()["status"], "duplicate") << second;
  EXPECT_EQ(second.Result(0)["status"], "duplicate");
  EXPECT_EQ(second.Result(0)["count"], 2);
  EXPECT_EQ(second.Result(0)["remediation_request"], first.Result(0)["remediation_request"]);
  EXPECT_EQ(second.Result(0)["fingerprint"], first.Result(0)["fingerprint"]);
  EXPECT_EQ(gateway.sink().CreatedCount(), 1U);
}

TEST_F(Dedup, TheCountIsExactAfterManyRepeats) {
  auto& gateway = Start();
  const std::vector<nlohmann::json> alerts(25, PodAlert("HighCPUUsage", "prod-api", "api-1"));
  const auto answers = gateway.PostEach(alerts);
  EXPECT_EQ(answers.back().Result(0)["count"], 25) << answers.back();
  const auto requests = gateway.sink().Requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].occurrence_count, 25);
  EXPECT_EQ(gateway.metrics().duplicates(), 24U);
  EXPECT_EQ(gateway.sink().UpdatedCount(), 24U);
}

TEST_F(Dedup, FirstSeenStaysAndLastSeenAdvances) {
  auto& gateway = Start();
  const auto alert = PodAlert("HighCPUUsage", "prod-api", "api-1");
  ASSERT_EQ(gateway.PostAlerts(Webhook(alert)).status, 201);
  const auto created = gateway.sink().Requests().at(0);
  EXPECT_EQ(created.first_seen_ms, created.last_seen_ms);
  std::this_thread::sleep_for(milliseconds(30));
  ASSERT_EQ(gateway.PostAlerts(Webhook(alert)).status, 202);
  const auto updated = gateway.sink().Requests().at(0);
  EXPECT_EQ(updated.first_seen_ms, created.first_seen_ms);
  EXPECT_GE(updated.last_seen_ms - updated.first_seen_ms, 25);
  EXPECT_EQ(updated.name, created.name);
}

TEST_F(Dedup, ADuplicateRefreshesTheTtl) {
  auto& gateway = Start();  // dedup TTL 10 s
  const auto alert = PodAlert("HighCPUUsage", "prod-api", "api-1");
  const HttpAnswer first = gateway.PostAlerts(Webhook(alert));
  const std::string key = KeyOf(first);
  redis_testkit::FastForward(std::chrono::seconds(5));  // half the TTL gone, without a sleep
  const long long aged = Pttl(key);
  ASSERT_GT(aged, 0) << key;
  ASSERT_EQ(gateway.PostAlerts(Webhook(alert)).status, 202);
  const long long refreshed = Pttl(key);
  EXPECT_GT(refreshed, aged + 100) << "the TTL was not refreshed by the duplicate";
  EXPECT_LE(refreshed, 10'000);
}

TEST_F(Dedup, TheEntryExpiresAfterTheTtlAndTheSignalIsNewAgain) {
  auto config = ScenarioConfig();
  config.dedup_ttl = milliseconds(300);
  auto& gateway = Start(config);
  const auto alert = PodAlert("HighCPUUsage", "prod-api", "api-1");
  const HttpAnswer first = gateway.PostAlerts(Webhook(alert));
  const std::string key = KeyOf(first);
  const long long ttl = Pttl(key);
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 300);
  redis_testkit::FastForward(config.dedup_ttl);
  ASSERT_EQ(redis().Command({"EXISTS", key}).AsInteger(), 0);
  const HttpAnswer again = gateway.PostAlerts(Webhook(alert));
  EXPECT_EQ(again.status, 201) << again;
  EXPECT_EQ(again.Result(0)["status"], "created");
  EXPECT_EQ(again.Result(0)["count"], 1);
  EXPECT_NE(again.Result(0)["remediation_request"], first.Result(0)["remediation_request"])
      << "a signal seen again after the TTL gets a new remediation request";
}

struct KindCase {
  const char* label;  // "" for none
  const char* kind;
  bool cluster_scoped;
};

void PrintTo(const KindCase& c, std::ostream* out) { *out << c.kind; }

class FingerprintPerKind : public Dedup, public ::testing::WithParamInterface<KindCase> {};

TEST_P(FingerprintPerKind, IsSha256OfAlertnameNamespaceKindName) {
  const KindCase& c = GetParam();
  Labels labels = {{"alertname", "KubeResourceDown"}, {"namespace", "prod-api"}};
  if (*c.label != '\0') labels[c.label] = "target-1";
  const std::string name = *c.label != '\0' ? "target-1" : "KubeResourceDown";
  auto& gateway = Start();
  const HttpAnswer answer = gateway.PostAlerts(Webhook(Alert(labels)));
  ASSERT_EQ(answer.status, 201) << answer;
  const std::string expected =
      ExpectedFingerprint("KubeResourceDown", c.cluster_scoped ? "" : "prod-api", c.kind, name);
  EXPECT_EQ(answer.Result(0)["fingerprint"], expected);
  EXPECT_EQ(answer.Result(0)["resource"], std::string(c.kind) + "/" + name);
  EXPECT_EQ(redis()
                .Command({"EXISTS", DedupKey("KubeResourceDown", c.cluster_scoped ? "" : "prod-api",
                                             expected)})
                .AsInteger(),
            1);
  EXPECT_EQ(gateway.PostAlerts(Webhook(Alert(labels))).Result(0)["status"], "duplicate");
}
INSTANTIATE_TEST_SUITE_P(
    Kinds, FingerprintPerKind,
    ::testing::Values(KindCase{"pod", "Pod", false}, KindCase{"deployment", "Deployment", false},
                      KindCase{"statefulset", "StatefulSet", false},
                      KindCase{"daemonset", "DaemonSet", false}, KindCase{"node", "Node", true},
                      KindCase{"service", "Service", false}, KindCase{"", "Unknown", false}),
    [](const auto& param_info) { return std::string(param_info.param.kind); });

TEST_F(Dedup, TheFirstResourceLabelInOrderWins) {
  auto& gateway = Start();
  const HttpAnswer answer = gateway.PostAlerts(Webhook(Alert({{"alertname", "HighCPUUsage"},
                                                              {"namespace", "prod-api"},
                                                              {"service", "api"},
                                                              {"node", "worker-1"},
                                                              {"deployment", "api"},
                                                              {"pod", "api-7d9f-x2"}})));
  EXPECT_EQ(answer.Result(0)["resource"], "Pod/api-7d9f-x2") << answer;
  EXPECT_EQ(answer.Result(0)["fingerprint"],
            ExpectedFingerprint("HighCPUUsage", "prod-api", "Pod", "api-7d9f-x2"));
}

TEST_F(Dedup, NamespaceFallsBackToExportedNamespaceThenDefault) {
  auto& gateway = Start();
  const HttpAnswer answer = gateway.PostAlerts(Webhook(std::vector<nlohmann::json>{
      Alert({{"alertname", "HighCPUUsage"}, {"exported_namespace", "prod-api"}, {"pod", "a"}}),
      Alert({{"alertname", "HighCPUUsage"}, {"pod", "b"}})}));
  EXPECT_EQ(answer.Result(0)["namespace"], "prod-api") << answer;
  EXPECT_EQ(answer.Result(0)["fingerprint"],
            ExpectedFingerprint("HighCPUUsage", "prod-api", "Pod", "a"));
  EXPECT_EQ(answer.Result(1)["namespace"], "default") << answer;
  EXPECT_EQ(answer.Result(1)["fingerprint"],
            ExpectedFingerprint("HighCPUUsage", "default", "Pod", "b"));
}

TEST_F(Dedup, EveryPartOfTheFingerprintMatters) {
  auto& gateway = Start();
  const HttpAnswer answer = gateway.PostAlerts(Webhook(std::vector<nlohmann::json>{
      Alert({{"alertname", "HighCPUUsage"}, {"namespace", "prod-api"}, {"pod", "api"}}),
      Alert({{"alertname", "HighMemoryUsage"}, {"namespace", "prod-api"}, {"pod", "api"}}),
      Alert({{"alertname", "HighCPUUsage"}, {"namespace", "prod-web"}, {"pod", "api"}}),
      Alert({{"alertname", "HighCPUUsage"}, {"namespace", "prod-api"}, {"deployment", "api"}}),
      Alert({{"alertname", "HighCPUUsage"}, {"namespace", "prod-api"}, {"pod", "api-2"}})}));
  EXPECT_EQ(answer.CountStatus("created"), 5) << answer;
}

TEST_F(Dedup, TheSameNodeSeenFromTwoNamespacesIsOneSignal) {
  // A Node is cluster-scoped: its fingerprint has no namespace, so the same node alert relabelled
  // with two namespaces has one fingerprint, and a fingerprint seen within the TTL is a duplicate.
  auto& gateway = Start();
  const HttpAnswer answer = gateway.PostAlerts(Webhook(std::vector<nlohmann::json>{
      Alert({{"alertname", "NodeDiskPressure"}, {"namespace", "monitoring"}, {"node", "worker-1"}}),
      Alert({{"alertname", "NodeDiskPressure"},
             {"namespace", "kube-system"},
             {"node", "worker-1"}})}));
  ASSERT_EQ(answer.Result(0)["fingerprint"], answer.Result(1)["fingerprint"]) << answer;
  EXPECT_EQ(answer.Result(1)["status"], "duplicate") << answer;
  EXPECT_EQ(answer.Result(1)["count"], 2) << answer;
}

TEST_F(Dedup, AResolvedAlertLeavesTheEntryAlone) {
  auto& gateway = Start();
  const Labels labels = {
      {"alertname", "HighCPUUsage"}, {"namespace", "prod-api"}, {"pod", "api-1"}};
  ASSERT_EQ(gateway.PostAlerts(Webhook(Alert(labels))).status, 201);
  const HttpAnswer resolved = gateway.PostAlerts(Webhook(Alert(labels, "resolved")));
  EXPECT_EQ(resolved.status, 202) << resolved;
  EXPECT_EQ(resolved.Result(0)["status"], "ignored") << resolved;
  const HttpAnswer again = gateway.PostAlerts(Webhook(Alert(labels)));
  EXPECT_EQ(again.Result(0)["status"], "duplicate") << again;
  EXPECT_EQ(again.Result(0)["count"], 2) << again;
}

TEST_F(Dedup, TheEntryRecordsCountAndTimesCompactly) {
  auto& gateway = Start();
  const auto alert = PodAlert("HighCPUUsage", "prod-api", "api-1");
  const HttpAnswer first = gateway.PostAlerts(Webhook(alert));
  gateway.PostAlerts(Webhook(alert));
  gateway.PostAlerts(Webhook(alert));
  const std::string key = KeyOf(first);
  EXPECT_EQ(redis().Command({"HGET", key, "c"}).AsInteger(), 3);
  EXPECT_EQ(redis().Command({"OBJECT", "ENCODING", key}).AsString(), "listpack");
  const auto footprint = MeasureFootprint(redis(), "gateway:dedup:*");
  ASSERT_EQ(footprint.keys.size(), 1U);
  EXPECT_LE(footprint.keys[0].bytes, kDedupEntryBudget);
}

}  // namespace
}  // namespace gateway_scenarios
