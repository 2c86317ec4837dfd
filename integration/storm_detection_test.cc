// Storm detection (GATEWAY.md "Processing", step 2): a counter per (namespace, alertname) for the
// storm window; from the threshold-th distinct signal on, the pair is in a storm for the storm TTL.
#include <gtest/gtest.h>

#include <chrono>

#include "payloads.h"
#include "redis_footprint.h"
#include "redis_testkit/gtest.h"  // FastForward
#include "scenario_support.h"

namespace gateway_scenarios {
namespace {

using std::chrono::milliseconds;

class StormDetection : public GatewayScenario {
 protected:
  // The window counter `n` of the storm hash of (alertname, ns); 0 when the hash is gone.
  long long WindowCount(std::string_view alertname, std::string_view ns) {
    const auto reply = redis().Command({"HGET", StormKey(alertname, ns), "n"});
    return reply.IsNil() ? 0 : reply.AsInteger();
  }
  bool KeyExists(const std::string& key) {
    return redis().Command({"EXISTS", key}).AsInteger() == 1;
  }
};

TEST_F(StormDetection, BelowTheThresholdEverySignalCreatesItsOwnRequest) {
  auto& gateway = Start();
  for (const HttpAnswer& answer : gateway.PostEach(PodAlerts("HighCPUUsage", "prod-api", 1, 9))) {
    ASSERT_EQ(answer.status, 201) << answer;
    EXPECT_EQ(answer.Result(0)["status"], "created") << answer;
  }
  EXPECT_EQ(gateway.sink().CreatedCount(), 9U);
  EXPECT_TRUE(gateway.sink().Storms().empty());
  EXPECT_EQ(gateway.metrics().storms(), 0U);
  EXPECT_EQ(WindowCount("HighCPUUsage", "prod-api"), 9);
}

TEST_F(StormDetection, TheTenthDistinctSignalStartsTheStorm) {
  auto& gateway = Start();
  const auto answers = gateway.PostEach(PodAlerts("HighCPUUsage", "prod-api", 1, 10));
  const HttpAnswer& tenth = answers.back();
  // GATEWAY.md "Answers": 201 only when a signal is `created`; the storm opener is aggregated.
  ASSERT_EQ(tenth.status, 202) << tenth;
  EXPECT_EQ(tenth.Result(0)["status"], "aggregated") << tenth;
  EXPECT_EQ(tenth.Result(0)["storm_request"], "created") << tenth;
  EXPECT_EQ(tenth.Result(0)["alert_count"], 1) << tenth;
  EXPECT_EQ(tenth.Result(0)["pattern"], "HighCPUUsage in prod-api") << tenth;
  EXPECT_EQ(gateway.metrics().storms(), 1U);
  EXPECT_EQ(gateway.metrics().aggregated(), 1U);
  EXPECT_EQ(gateway.metrics().created(), 10U);  // 9 own requests + the storm's
}

// The example of GATEWAY.md: 15 distinct pods alerting HighCPUUsage in prod-api within a minute.
TEST_F(StormDetection, FifteenPodsInOneBatchGiveNineCreatedAndSixAggregated) {
  auto& gateway = Start();
  const HttpAnswer answer =
      gateway.PostAlerts(Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 15)));
  ASSERT_EQ(answer.status, 201) << answer;
  ASSERT_EQ(answer.ResultCount(), 15U) << answer;
  EXPECT_EQ(answer.CountStatus("created"), 9) << answer;
  EXPECT_EQ(answer.CountStatus("aggregated"), 6) << answer;
  EXPECT_EQ(gateway.sink().CreatedCount(), 10U);  // 9 + one storm request
  const auto storms = gateway.sink().Storms();
  ASSERT_EQ(storms.size(), 1U);
  EXPECT_EQ(storms[0].storm->alert_count, 6);
}

// The origin project's expectation over HTTP: 15 alerts in a minute answer 9 x 201 then 6 x 202;
// only the 10th result says the storm's request was created.
TEST_F(StormDetection, FifteenPodsSentOneByOneAnswerNine201ThenSix202) {
  auto& gateway = Start();
  int created = 0;
  int aggregated = 0;
  int storm_created = 0;
  const auto answers = gateway.PostEach(PodAlerts("HighCPUUsage", "prod-api", 1, 15));
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const HttpAnswer& answer = answers[i];
    EXPECT_EQ(answer.status, i < 9 ? 201 : 202) << "alert " << i + 1 << ": " << answer;
    created += answer.CountStatus("created");
    aggregated += answer.CountStatus("aggregated");
    if (answer.Result(0).value("storm_request", "") == "created") {
      ++storm_created;
      EXPECT_EQ(i, 9U) << answer;
    }
  }
  EXPECT_EQ(created, 9);
  EXPECT_EQ(aggregated, 6);
  EXPECT_EQ(storm_created, 1);
  EXPECT_EQ(gateway.sink().CreatedCount(), 10U);  // 9 own requests + the storm's, once
  ASSERT_EQ(gateway.sink().Storms().size(), 1U);
  EXPECT_EQ(gateway.sink().Storms()[0].storm->alert_count, 6);
}

class StormThreshold : public StormDetection, public ::testing::WithParamInterface<int> {};

TEST_P(StormThreshold, SignalsFromTheThresholdOnAreAggregated) {
  const int threshold = GetParam();
  auto config = ScenarioConfig();
  config.storm_threshold = threshold;
  auto& gateway = Start(config);
  const HttpAnswer answer =
      gateway.PostAlerts(Webhook(PodAlerts("PodCrashLooping", "staging-web", 1, threshold + 2)));
  ASSERT_EQ(answer.status, 201) << answer;
  EXPECT_EQ(answer.CountStatus("created"), threshold - 1) << answer;
  EXPECT_EQ(answer.CountStatus("aggregated"), 3) << answer;
  EXPECT_EQ(answer.Result(static_cast<std::size_t>(threshold - 2))["status"], "created");
  EXPECT_EQ(answer.Result(static_cast<std::size_t>(threshold - 1))["status"], "aggregated");
}
INSTANTIATE_TEST_SUITE_P(Thresholds, StormThreshold, ::testing::Values(2, 3, 5, 25));

TEST_F(StormDetection, TheCounterRestartsWhenTheWindowExpires) {
  auto config = ScenarioConfig();
  config.storm_window = milliseconds(300);
  auto& gateway = Start(config);
  ASSERT_EQ(gateway.PostAlerts(Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 5))).status, 201);
  redis_testkit::FastForward(config.storm_window);
  ASSERT_FALSE(KeyExists(StormKey("HighCPUUsage", "prod-api")))
      << "the window counter outlived its 300 ms window";
  const HttpAnswer answer =
      gateway.PostAlerts(Webhook(PodAlerts("HighCPUUsage", "prod-api", 6, 9)));
  EXPECT_EQ(answer.CountStatus("created"), 9)
      << "14 signals over two windows are no storm: " << answer;
  EXPECT_TRUE(gateway.sink().Storms().empty());
  EXPECT_EQ(WindowCount("HighCPUUsage", "prod-api"), 9);
}

TEST_F(StormDetection, TheCounterIsPerNamespace) {
  auto& gateway = Start();
  std::vector<nlohmann::json> alerts = PodAlerts("HighCPUUsage", "prod-api", 1, 9);
  for (auto& alert : PodAlerts("HighCPUUsage", "prod-billing", 1, 9)) alerts.push_back(alert);
  const HttpAnswer answer = gateway.PostAlerts(Webhook(alerts));
  EXPECT_EQ(answer.CountStatus("created"), 18) << answer;
  EXPECT_EQ(WindowCount("HighCPUUsage", "prod-api"), 9);
  EXPECT_EQ(WindowCount("HighCPUUsage", "prod-billing"), 9);
}

TEST_F(StormDetection, TheCounterIsPerAlertname) {
  auto& gateway = Start();
  std::vector<nlohmann::json> alerts = PodAlerts("HighCPUUsage", "prod-api", 1, 9);
  for (auto& alert : PodAlerts("HighMemoryUsage", "prod-api", 1, 9)) alerts.push_back(alert);
  const HttpAnswer answer = gateway.PostAlerts(Webhook(alerts));
  EXPECT_EQ(answer.CountStatus("created"), 18) << answer;
  EXPECT_TRUE(gateway.sink().Storms().empty());
}

TEST_F(StormDetection, DuplicatesDoNotCountTowardTheThreshold) {
  auto& gateway = Start();
  std::vector<nlohmann::json> alerts(20, PodAlert("HighCPUUsage", "prod-api", "api-1"));
  const HttpAnswer answer = gateway.PostAlerts(Webhook(alerts));
  ASSERT_EQ(answer.status, 201) << answer;
  EXPECT_EQ(answer.CountStatus("created"), 1) << answer;
  EXPECT_EQ(answer.CountStatus("duplicate"), 19) << answer;
  EXPECT_EQ(WindowCount("HighCPUUsage", "prod-api"), 1);
  EXPECT_TRUE(gateway.sink().Storms().empty());
}

TEST_F(StormDetection, ResolvedAlertsDoNotCountTowardTheThreshold) {
  auto& gateway = Start();
  std::vector<nlohmann::json> alerts;
  for (int i = 1; i <= 15; ++i) {
    alerts.push_back(Alert({{"alertname", "HighCPUUsage"},
                            {"namespace", "prod-api"},
                            {"pod", "pod-" + std::to_string(i)}},
                           "resolved"));
  }
  const HttpAnswer answer = gateway.PostAlerts(Webhook(alerts));
  EXPECT_EQ(answer.status, 202) << answer;
  EXPECT_EQ(answer.CountStatus("ignored"), 15) << answer;
  EXPECT_EQ(MeasureFootprint(redis()).keys.size(), 0U) << "resolved alerts must store nothing";
}

TEST_F(StormDetection, TheStormOutlivesItsWindow) {
  auto config = ScenarioConfig();
  config.storm_window = milliseconds(300);
  auto& gateway = Start(config);
  ASSERT_EQ(gateway.PostAlerts(Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 10))).status, 201);
  redis_testkit::FastForward(milliseconds(400));  // past the window, well within the storm TTL
  const HttpAnswer late =
      gateway.PostAlerts(Webhook(PodAlert("HighCPUUsage", "prod-api", "pod-11")));
  EXPECT_EQ(late.status, 202) << late;
  EXPECT_EQ(late.Result(0)["status"], "aggregated") << late;
  EXPECT_EQ(late.Result(0)["alert_count"], 2) << late;
}

TEST_F(StormDetection, TheStormEndsAfterTheStormTtl) {
  auto config = ScenarioConfig();
  config.storm_window = milliseconds(300);
  config.storm_ttl = milliseconds(300);
  auto& gateway = Start(config);
  ASSERT_EQ(gateway.PostAlerts(Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 10))).status, 201);
  redis_testkit::FastForward(config.storm_ttl);
  ASSERT_FALSE(KeyExists(StormKey("HighCPUUsage", "prod-api")))
      << "the storm record outlived its 300 ms TTL";
  const HttpAnswer after =
      gateway.PostAlerts(Webhook(PodAlert("HighCPUUsage", "prod-api", "pod-11")));
  EXPECT_EQ(after.status, 201) << after;
  EXPECT_EQ(after.Result(0)["status"], "created") << after;
  EXPECT_FALSE(after.Result(0).contains("pattern")) << after;
}

TEST_F(StormDetection, TheRecordLivesForTheWindowThenForTheStormTtl) {
  auto config = ScenarioConfig();
  config.storm_window = milliseconds(4000);
  config.storm_ttl = milliseconds(9000);
  auto& gateway = Start(config);
  const std::string key = StormKey("HighCPUUsage", "prod-api");
  ASSERT_EQ(gateway.PostAlerts(Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 9))).status, 201);
  const long long before_storm = redis().Command({"PTTL", key}).AsInteger();
  EXPECT_GT(before_storm, 0);
  EXPECT_LE(before_storm, 4000);
  ASSERT_EQ(gateway.PostAlerts(Webhook(PodAlert("HighCPUUsage", "prod-api", "pod-10"))).status,
            202);
  const long long in_storm = redis().Command({"PTTL", key}).AsInteger();
  EXPECT_GT(in_storm, 4000);
  EXPECT_LE(in_storm, 9000);
}

TEST_F(StormDetection, AStormIsDetectedOnceHoweverLongItLasts) {
  auto& gateway = Start();
  const HttpAnswer answer =
      gateway.PostAlerts(Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 40)));
  ASSERT_EQ(answer.status, 201) << answer;
  EXPECT_EQ(gateway.metrics().storms(), 1U);
  EXPECT_EQ(gateway.metrics().aggregated(), 31U);
  EXPECT_EQ(gateway.sink().Storms().size(), 1U);
}

}  // namespace
}  // namespace gateway_scenarios
