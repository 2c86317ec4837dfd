// Rate limiting (GATEWAY.md "Answers"): per source IP, fixed window; over the limit the sender gets
// 429 with Retry-After = the seconds left in the window, and nothing of the request is recorded.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "payloads.h"
#include "redis_footprint.h"
#include "redis_testkit/gtest.h"  // FastForward
#include "scenario_support.h"

namespace gateway_scenarios {
namespace {

using signal_gateway::SignalSource;
using std::chrono::milliseconds;

class RateLimit : public GatewayScenario {
 protected:
  ScenarioGateway& StartLimited(int limit, milliseconds window) {
    auto config = ScenarioConfig();
    config.rate_limit = limit;
    config.rate_window = window;
    return Start(config);
  }
  static nlohmann::json Distinct(int i) {
    return Webhook(PodAlert("Alert" + std::to_string(i), "prod-api", "api-1"));
  }
};

TEST_F(RateLimit, RequestsOverTheLimitGet429WithRetryAfter) {
  auto& gateway = StartLimited(5, milliseconds(10'000));
  for (int i = 0; i < 5; ++i) ASSERT_EQ(gateway.PostAlerts(Distinct(i)).status, 201) << i;
  const HttpAnswer over = gateway.PostAlerts(Distinct(5));
  ASSERT_EQ(over.status, 429) << over;
  const int retry_after = std::stoi(over.Header("Retry-After"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 10);
  EXPECT_NE(over.Json()["error"].get<std::string>().find("rate limit"), std::string::npos) << over;
}

TEST_F(RateLimit, RetryAfterIsTheTimeLeftInTheWindow) {
  auto& gateway = StartLimited(1, milliseconds(1500));
  ASSERT_EQ(gateway.PostAlerts(Distinct(0)).status, 201);
  const HttpAnswer early = gateway.PostAlerts(Distinct(1));
  ASSERT_EQ(early.status, 429) << early;
  EXPECT_EQ(early.Header("Retry-After"), "2") << "1.5 s left, rounded up";
  redis_testkit::FastForward(milliseconds(700));
  const HttpAnswer later = gateway.PostAlerts(Distinct(2));
  ASSERT_EQ(later.status, 429) << later;
  EXPECT_EQ(later.Header("Retry-After"), "1") << "under 1 s left";
}

TEST_F(RateLimit, TheBudgetComesBackWhenTheWindowEnds) {
  auto& gateway = StartLimited(3, milliseconds(300));
  for (int i = 0; i < 3; ++i) ASSERT_EQ(gateway.PostAlerts(Distinct(i)).status, 201);
  ASSERT_EQ(gateway.PostAlerts(Distinct(3)).status, 429);
  redis_testkit::FastForward(milliseconds(300));
  ASSERT_EQ(redis().Command({"EXISTS", "gateway:rate:127.0.0.1"}).AsInteger(), 0);
  const HttpAnswer next = gateway.PostAlerts(Distinct(3));
  EXPECT_EQ(next.status, 201) << next;
}

TEST_F(RateLimit, TheLimitIsPerSourceIp) {
  auto& gateway = StartLimited(2, milliseconds(10'000));
  auto post = [&](int i, const char* ip) {
    return gateway.gateway()
        .HandleSignals(SignalSource::kPrometheus, Distinct(i).dump(), ip)
        .status;
  };
  EXPECT_EQ(post(0, "10.0.0.1"), 201);
  EXPECT_EQ(post(1, "10.0.0.1"), 201);
  EXPECT_EQ(post(2, "10.0.0.1"), 429);
  EXPECT_EQ(post(3, "10.0.0.2"), 201) << "another sender has its own budget";
  EXPECT_EQ(post(4, "10.0.0.2"), 201);
  EXPECT_EQ(post(5, "10.0.0.2"), 429);
  EXPECT_EQ(MeasureFootprint(redis(), "gateway:rate:*").keys.size(), 2U);
}

TEST_F(RateLimit, ARejectedRequestRecordsNoSignal) {
  auto& gateway = StartLimited(1, milliseconds(10'000));
  ASSERT_EQ(gateway.PostAlerts(Distinct(0)).status, 201);
  const auto rejected = PodAlert("Rejected", "prod-api", "api-1");
  ASSERT_EQ(gateway.PostAlerts(Webhook(rejected)).status, 429);
  const std::string fingerprint = ExpectedFingerprint("Rejected", "prod-api", "Pod", "api-1");
  EXPECT_EQ(redis().Command({"EXISTS", DedupKey("Rejected", "prod-api", fingerprint)}).AsInteger(),
            0);
  EXPECT_EQ(gateway.sink().CreatedCount(), 1U);
  EXPECT_EQ(gateway.metrics().rejected(signal_gateway::RejectReason::kRateLimited), 1U);
}

TEST_F(RateLimit, BothRoutesShareTheSendersBudget) {
  auto& gateway = StartLimited(2, milliseconds(10'000));
  ASSERT_EQ(gateway.PostAlerts(Distinct(0)).status, 201);
  ASSERT_EQ(gateway.PostEvent(WarningEvent("BackOff", "prod-api", "Pod", "api-1")).status, 201);
  const HttpAnswer over = gateway.PostEvent(WarningEvent("BackOff", "prod-api", "Pod", "api-2"));
  EXPECT_EQ(over.status, 429) << over;
}

TEST_F(RateLimit, TheCounterLivesForTheWindowOnly) {
  auto& gateway = StartLimited(10, milliseconds(5000));
  ASSERT_EQ(gateway.PostAlerts(Distinct(0)).status, 201);
  ASSERT_EQ(gateway.PostAlerts(Distinct(1)).status, 201);
  EXPECT_EQ(redis().Command({"GET", "gateway:rate:127.0.0.1"}).AsInteger(), 2);
  const long long ttl = redis().Command({"PTTL", "gateway:rate:127.0.0.1"}).AsInteger();
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 5000);
}

TEST_F(RateLimit, ZeroTurnsLimitingOff) {
  auto& gateway = StartLimited(0, milliseconds(1000));
  for (int i = 0; i < 30; ++i) ASSERT_EQ(gateway.PostAlerts(Distinct(i)).status, 201) << i;
  EXPECT_EQ(MeasureFootprint(redis(), "gateway:rate:*").keys.size(), 0U);
}

TEST_F(RateLimit, ASenderThatHonoursRetryAfterGetsThrough) {
  auto& gateway = StartLimited(1, milliseconds(300));
  ASSERT_EQ(gateway.PostAlerts(Distinct(0)).status, 201);
  const auto alert = Distinct(1);
  const HttpAnswer rejected = gateway.PostAlerts(alert);
  ASSERT_EQ(rejected.status, 429) << rejected;
  ASSERT_EQ(rejected.Header("Retry-After"), "1");
  redis_testkit::FastForward(std::chrono::seconds(std::stoi(rejected.Header("Retry-After"))));
  const HttpAnswer retried = gateway.PostAlerts(alert);
  EXPECT_EQ(retried.status, 201) << retried;
  EXPECT_EQ(retried.Result(0)["count"], 1) << "the rejected attempt must not have been counted";
  EXPECT_EQ(gateway.sink().CreatedCount(), 2U);
}

}  // namespace
}  // namespace gateway_scenarios
