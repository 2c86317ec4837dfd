// AlertManager batches (GATEWAY.md "Signals"): every alert of a webhook is a signal, in order; a
// gateway that reads only the first alert silently loses the others.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "payloads.h"
#include "redis_footprint.h"
#include "scenario_support.h"

namespace gateway_scenarios {
namespace {

class AlertManagerBatch : public GatewayScenario {
 protected:
  // `count` alerts with distinct alertnames (no storm), in namespace `ns`.
  static std::vector<nlohmann::json> DistinctAlerts(int count, const std::string& ns = "prod-api") {
    std::vector<nlohmann::json> alerts;
    for (int i = 0; i < count; ++i) {
      alerts.push_back(PodAlert("Alert" + std::to_string(i), ns, "api-" + std::to_string(i % 7)));
    }
    return alerts;
  }
};

TEST_F(AlertManagerBatch, EveryAlertOfTheBatchIsProcessed) {
  auto& gateway = Start();
  const HttpAnswer answer = gateway.PostAlerts(Webhook(DistinctAlerts(40)));
  ASSERT_EQ(answer.status, 201) << answer;
  EXPECT_EQ(answer.ResultCount(), 40U);
  EXPECT_EQ(answer.CountStatus("created"), 40) << answer;
  EXPECT_EQ(gateway.sink().CreatedCount(), 40U);
  EXPECT_EQ(MeasureFootprint(redis(), "gateway:dedup:*").keys.size(), 40U);
}

TEST_F(AlertManagerBatch, ResultsFollowTheOrderOfTheBatch) {
  auto& gateway = Start();
  const auto alerts = DistinctAlerts(12);
  const HttpAnswer answer = gateway.PostAlerts(Webhook(alerts));
  ASSERT_EQ(answer.ResultCount(), alerts.size()) << answer;
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    const auto& labels = alerts[i]["labels"];
    EXPECT_EQ(answer.Result(i)["fingerprint"],
              ExpectedFingerprint(labels["alertname"].get<std::string>(), "prod-api", "Pod",
                                  labels["pod"].get<std::string>()))
        << "result " << i;
  }
}

TEST_F(AlertManagerBatch, FiringAndResolvedAlertsAreAnsweredOneByOne) {
  auto& gateway = Start();
  std::vector<nlohmann::json> alerts = DistinctAlerts(3);
  alerts.insert(
      alerts.begin() + 1,
      Alert({{"alertname", "Gone"}, {"namespace", "prod-api"}, {"pod", "x"}}, "resolved"));
  alerts.push_back(
      Alert({{"alertname", "Gone"}, {"namespace", "prod-api"}, {"pod", "y"}}, "resolved"));
  const HttpAnswer answer = gateway.PostAlerts(Webhook(alerts));
  ASSERT_EQ(answer.status, 201) << answer;
  EXPECT_EQ(answer.Result(0)["status"], "created");
  EXPECT_EQ(answer.Result(1)["status"], "ignored");
  EXPECT_EQ(answer.Result(2)["status"], "created");
  EXPECT_EQ(answer.Result(3)["status"], "created");
  EXPECT_EQ(answer.Result(4)["status"], "ignored");
  EXPECT_EQ(gateway.metrics().ignored(), 2U);
}

TEST_F(AlertManagerBatch, RepeatsInsideOneBatchAreDuplicates) {
  auto& gateway = Start();
  const auto alert = PodAlert("HighCPUUsage", "prod-api", "api-1");
  const HttpAnswer answer =
      gateway.PostAlerts(Webhook(std::vector<nlohmann::json>{alert, alert, alert}));
  ASSERT_EQ(answer.status, 201) << answer;
  EXPECT_EQ(answer.Result(0)["status"], "created");
  EXPECT_EQ(answer.Result(1)["status"], "duplicate");
  EXPECT_EQ(answer.Result(1)["count"], 2);
  EXPECT_EQ(answer.Result(2)["count"], 3);
}

TEST_F(AlertManagerBatch, ABatchNearTheBodyLimitIsProcessedWhole) {
  auto& gateway = Start();
  std::vector<nlohmann::json> alerts;
  nlohmann::json webhook = Webhook(alerts);
  std::size_t size = webhook.dump().size();
  for (int i = 0;; ++i) {
    auto alert = PodAlert("Alert" + std::to_string(i), "prod-api", "api-" + std::to_string(i));
    const std::size_t alert_size = alert.dump().size() + 1;
    if (size + alert_size > gateway.config().body_limit - 512) break;
    size += alert_size;
    alerts.push_back(std::move(alert));
  }
  webhook = Webhook(alerts);
  ASSERT_LE(webhook.dump().size(), gateway.config().body_limit);
  ASSERT_GT(alerts.size(), 300U);
  const HttpAnswer answer = gateway.PostAlerts(webhook);
  ASSERT_EQ(answer.status, 201) << answer;
  EXPECT_EQ(answer.CountStatus("created"), static_cast<int>(alerts.size()));
  EXPECT_EQ(gateway.metrics().received(signal_gateway::SignalSource::kPrometheus), alerts.size());
}

TEST_F(AlertManagerBatch, OneInvalidAlertRejectsTheBatchAndStoresNothing) {
  auto& gateway = Start();
  auto alerts = DistinctAlerts(5);
  alerts[3]["labels"].erase("alertname");
  const HttpAnswer answer = gateway.PostAlerts(Webhook(alerts));
  ASSERT_EQ(answer.status, 400) << answer;
  EXPECT_NE(answer.Json()["error"].get<std::string>().find("alerts[3].labels.alertname"),
            std::string::npos)
      << answer;
  EXPECT_EQ(DatabaseSize(redis()), 0) << "a rejected batch must not be half-recorded";
  EXPECT_EQ(gateway.sink().Events().size(), 0U);
}

TEST_F(AlertManagerBatch, AReplayedBatchIsAllDuplicatesAnd202) {
  auto& gateway = Start();
  const auto webhook = Webhook(DistinctAlerts(8));
  ASSERT_EQ(gateway.PostAlerts(webhook).status, 201);
  const HttpAnswer replay = gateway.PostAlerts(webhook);
  EXPECT_EQ(replay.status, 202) << replay;
  EXPECT_EQ(replay.Json()["status"], "duplicate") << replay;
  EXPECT_EQ(replay.CountStatus("duplicate"), 8) << replay;
}

TEST_F(AlertManagerBatch, TwoInterleavedStormsInOneBatchAreSplitExactly) {
  auto& gateway = Start();
  const auto cpu = PodAlerts("HighCPUUsage", "prod-api", 1, 15);
  const auto mem = PodAlerts("HighMemoryUsage", "prod-api", 1, 15);
  std::vector<nlohmann::json> alerts;
  for (std::size_t i = 0; i < cpu.size(); ++i) {
    alerts.push_back(cpu[i]);
    alerts.push_back(mem[i]);
  }
  const HttpAnswer answer = gateway.PostAlerts(Webhook(alerts));
  EXPECT_EQ(answer.CountStatus("created"), 18) << answer;
  EXPECT_EQ(answer.CountStatus("aggregated"), 12) << answer;
  const auto storms = gateway.sink().Storms();
  ASSERT_EQ(storms.size(), 2U);
  EXPECT_EQ(storms[0].storm->alert_count, 6);
  EXPECT_EQ(storms[1].storm->alert_count, 6);
}

TEST_F(AlertManagerBatch, ABatchOfResolvedAlertsOnlyIsIgnored) {
  auto& gateway = Start();
  std::vector<nlohmann::json> alerts;
  for (auto alert : DistinctAlerts(4)) {
    alert["status"] = "resolved";
    alerts.push_back(alert);
  }
  const HttpAnswer answer = gateway.PostAlerts(Webhook(alerts));
  EXPECT_EQ(answer.status, 202) << answer;
  EXPECT_EQ(answer.Json()["status"], "ignored") << answer;
  EXPECT_EQ(DatabaseSize(redis()), 0);
}

TEST_F(AlertManagerBatch, ABatchAcrossNamespacesAndKindsKeepsEachSignal) {
  auto& gateway = Start();
  const HttpAnswer answer = gateway.PostAlerts(Webhook(std::vector<nlohmann::json>{
      Alert({{"alertname", "KubeDeploymentReplicasMismatch"},
             {"namespace", "prod-api"},
             {"deployment", "api"},
             {"severity", "warning"}}),
      Alert({{"alertname", "KubeStatefulSetDown"},
             {"namespace", "prod-db"},
             {"statefulset", "postgres"},
             {"severity", "critical"}}),
      Alert({{"alertname", "NodeNotReady"}, {"node", "worker-3"}, {"severity", "critical"}}),
      Alert({{"alertname", "TargetDown"}, {"namespace", "dev-tools"}, {"service", "grafana"}}),
  }));
  ASSERT_EQ(answer.status, 201) << answer;
  EXPECT_EQ(answer.Result(0)["resource"], "Deployment/api");
  EXPECT_EQ(answer.Result(0)["priority"], "P1");  // warning + production
  EXPECT_EQ(answer.Result(1)["resource"], "StatefulSet/postgres");
  EXPECT_EQ(answer.Result(1)["priority"], "P0");  // critical + production
  EXPECT_EQ(answer.Result(2)["resource"], "Node/worker-3");
  EXPECT_EQ(answer.Result(2)["namespace"], "default");
  EXPECT_EQ(answer.Result(3)["resource"], "Service/grafana");
  EXPECT_EQ(answer.Result(3)["priority"], "P2");
  EXPECT_EQ(gateway.sink().CreatedCount(), 4U);
}

}  // namespace
}  // namespace gateway_scenarios
