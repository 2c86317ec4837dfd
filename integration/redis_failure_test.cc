// Redis failures (GATEWAY.md "Answers"): unreachable, restarted, slow or out of memory, the gateway
// answers 503 with Retry-After: 30, writes nothing half-way, and the sender's retry succeeds with
// exact counts once Redis is back. Stopping, restarting and starving happen on a PRIVATE server
// (support/private_redis.h); "slow" pauses writes on the kit's server for under a second.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "payloads.h"
#include "private_redis.h"
#include "redis_footprint.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/gtest.h"
#include "scenario_support.h"

namespace gateway_scenarios {
namespace {

namespace client = redis_testkit::client;
using signal_gateway::RejectReason;
using std::chrono::milliseconds;

class RedisFailure : public GatewayScenario {
 protected:
  // Where no Redis listens.
  static client::Endpoint ClosedEndpoint() {
    client::Endpoint endpoint;
    endpoint.host = "127.0.0.1";
    endpoint.port = ClosedPort();
    return endpoint;
  }
  static void ExpectUnavailable(const HttpAnswer& answer) {
    EXPECT_EQ(answer.status, 503) << answer;
    EXPECT_EQ(answer.Header("Retry-After"), "30") << answer;
    EXPECT_NE(answer.Json().value("error", "").find("Redis"), std::string::npos) << answer;
  }
  // Sends `webhook` until it is accepted (at most `attempts` times), as AlertManager does after a
  // 503; returns the accepted answer (or the last one).
  static HttpAnswer RetryUntilAccepted(ScenarioGateway& gateway, const nlohmann::json& webhook,
                                       int attempts, int* used = nullptr) {
    HttpAnswer answer;
    for (int i = 1; i <= attempts; ++i) {
      answer = gateway.PostAlerts(webhook);
      if (used != nullptr) *used = i;
      if (answer.status != 503) break;
    }
    return answer;
  }
  // Fills `redis` with expiring filler values until it answers OOM, then lowers maxmemory a little
  // below the memory in use: the rejected SET's 64 KiB query buffer is freed after the rejection,
  // which would otherwise bring Redis back under its cap and let the next write through.
  static void Starve(client::Connection& redis) {
    const std::string filler(64 * 1024, 'f');
    for (int i = 0; i < 1000; ++i) {
      try {
        redis.Command({"SET", "filler:" + std::to_string(i), filler, "PX", "60000"});
      } catch (const client::OomError&) {
        const auto info = redis.Command({"MEMORY", "STATS"}).AsArray();
        for (std::size_t j = 0; j + 1 < info.size(); j += 2) {
          if (info[j].AsString() != "total.allocated") continue;
          const long long cap = info[j + 1].AsInteger() - 128 * 1024;
          redis.Command({"CONFIG", "SET", "maxmemory", std::to_string(cap)});
          return;
        }
        FAIL() << "MEMORY STATS has no total.allocated";
      }
    }
    FAIL() << "Redis never ran out of memory";
  }
  // Frees the filler; the storm and dedup keys stay. Back under the lowered cap.
  static void Feed(client::Connection& redis) {
    for (int i = 0;; ++i) {
      if (redis.Command({"UNLINK", "filler:" + std::to_string(i)}).AsInteger() == 0) break;
    }
  }
};

TEST_F(RedisFailure, UnreachableRedisAnswers503WithRetryAfter30) {
  auto& gateway = Start(ScenarioConfig(ClosedEndpoint()));
  EXPECT_FALSE(gateway.gateway().Warmup());
  ExpectUnavailable(gateway.PostAlerts(Webhook(PodAlert("HighCPUUsage", "prod-api", "api-1"))));
  ExpectUnavailable(gateway.PostEvent(WarningEvent("BackOff", "prod-api", "Pod", "api-1")));
  EXPECT_TRUE(gateway.sink().Events().empty());
  EXPECT_EQ(gateway.metrics().rejected(RejectReason::kRedisUnavailable), 2U);
}

TEST_F(RedisFailure, UnreachableRedisFailsReadinessNotHealth) {
  auto& gateway = Start(ScenarioConfig(ClosedEndpoint()));
  EXPECT_EQ(gateway.Get("/health").status, 200);
  const HttpAnswer ready = gateway.Get("/ready");
  EXPECT_EQ(ready.status, 503) << ready;
  EXPECT_EQ(MetricValue(gateway.Get("/metrics").body, "signal_gateway_redis_up"), 0.0);
}

TEST_F(RedisFailure, RedisThatComesUpLateServesTheSendersRetry) {
  PrivateRedis server;
  server.Stop();  // the port the gateway is configured with: nobody there yet
  auto& gateway = Start(ScenarioConfig(server.endpoint()));
  const auto webhook = Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 3));
  ExpectUnavailable(gateway.PostAlerts(webhook));
  server.Restart();
  EXPECT_EQ(gateway.Get("/ready").status, 200);
  const HttpAnswer retried = RetryUntilAccepted(gateway, webhook, 2);
  ASSERT_EQ(retried.status, 201) << retried;
  EXPECT_EQ(retried.CountStatus("created"), 3) << retried;
  EXPECT_EQ(gateway.sink().CreatedCount(), 3U);
  auto redis = server.Connect();
  EXPECT_TRUE(WithinBudget(MeasureFootprint(redis)));
}

TEST_F(RedisFailure, ARestartMidSuiteLosesNothingTheSenderRetries) {
  PrivateRedis server;
  auto& gateway = Start(ScenarioConfig(server.endpoint()));
  ASSERT_EQ(gateway.PostAlerts(Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 3))).status, 201);
  server.Stop();
  const auto during = Webhook(PodAlert("HighCPUUsage", "prod-api", "api-during"));
  ExpectUnavailable(gateway.PostAlerts(during));
  EXPECT_EQ(gateway.Get("/ready").status, 503);
  server.Restart();
  const HttpAnswer retried = RetryUntilAccepted(gateway, during, 2);
  ASSERT_EQ(retried.status, 201) << retried;
  EXPECT_EQ(retried.Result(0)["count"], 1) << retried;
  EXPECT_EQ(gateway.sink().CreatedCount(), 4U) << "3 before the restart + the retried one";
  EXPECT_GE(gateway.gateway().store().script_loads(), 2) << "the script is reloaded after restart";
  EXPECT_EQ(MetricValue(gateway.Get("/metrics").body, "signal_gateway_redis_up"), 1.0);
}

TEST_F(RedisFailure, ARestartBetweenTwoRequestsCostsTheSenderAtMostOneRetry) {
  PrivateRedis server;
  auto& gateway = Start(ScenarioConfig(server.endpoint()));
  ASSERT_EQ(gateway.PostAlerts(Webhook(PodAlert("HighCPUUsage", "prod-api", "api-1"))).status, 201);
  server.Restart();  // the gateway's pooled connection now points at a dead server
  int attempts = 0;
  const auto next = Webhook(PodAlert("HighCPUUsage", "prod-api", "api-2"));
  const HttpAnswer answer = RetryUntilAccepted(gateway, next, 2, &attempts);
  ASSERT_EQ(answer.status, 201) << answer;
  EXPECT_EQ(answer.Result(0)["count"], 1) << answer;
  RecordProperty("attempts_after_restart", attempts);
  EXPECT_EQ(gateway.sink().CreatedCount(), 2U);
}

TEST_F(RedisFailure, AFlushedScriptCacheIsReloadedTransparently) {
  auto& gateway = Start();
  ASSERT_EQ(gateway.PostAlerts(Webhook(PodAlert("HighCPUUsage", "prod-api", "api-1"))).status, 201);
  // 0 when an earlier test of this process already loaded the script on the same server.
  const long long loads = gateway.gateway().store().script_loads();
  redis().OnEveryMaster({"SCRIPT", "FLUSH"});  // what a failover to a fresh replica looks like
  const HttpAnswer answer =
      gateway.PostAlerts(Webhook(PodAlert("HighCPUUsage", "prod-api", "api-2")));
  EXPECT_EQ(answer.status, 201) << answer;
  EXPECT_EQ(gateway.gateway().store().script_loads(), loads + 1);
}

// Pauses writes on the kit's server from a second connection; lifts the pause when destroyed, so
// that the kit's cleanup after the test never meets a paused server.
class WritePause {
 public:
  WritePause(ScenarioRedis& redis, milliseconds duration) : redis_(redis) {
    redis_.OnEveryMaster({"CLIENT", "PAUSE", std::to_string(duration.count()), "WRITE"});
  }
  ~WritePause() { Lift(); }
  void Lift() {
    if (lifted_) return;
    lifted_ = true;
    redis_.OnEveryMaster({"CLIENT", "UNPAUSE"});
  }

 private:
  ScenarioRedis& redis_;
  bool lifted_ = false;
};

signal_gateway::GatewayConfig SlowRedisConfig() {
  auto config = ScenarioConfig();
  config.redis_command_timeout = milliseconds(200);
  return config;
}

TEST_F(RedisFailure, SlowRedisTimesOutWith503AndTheRetrySucceeds) {
  auto& gateway = Start(SlowRedisConfig());
  ASSERT_TRUE(gateway.gateway().Warmup());
  const auto webhook = Webhook(PodAlert("HighCPUUsage", "prod-api", "api-1"));
  {
    WritePause pause(redis(), milliseconds(1500));
    const auto start = std::chrono::steady_clock::now();
    ExpectUnavailable(gateway.PostAlerts(webhook));
    EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(1000))
        << "the 200 ms Redis timeout did not bound the request";
  }
  const std::string fingerprint = ExpectedFingerprint("HighCPUUsage", "prod-api", "Pod", "api-1");
  EXPECT_EQ(
      redis().Command({"EXISTS", DedupKey("HighCPUUsage", "prod-api", fingerprint)}).AsInteger(), 0)
      << "the timed-out attempt was written after all";
  const HttpAnswer retried = gateway.PostAlerts(webhook);
  ASSERT_EQ(retried.status, 201) << retried;
  EXPECT_EQ(retried.Result(0)["count"], 1) << retried;
  EXPECT_EQ(gateway.sink().CreatedCount(), 1U);
}

TEST_F(RedisFailure, ReadinessStaysUpWhileOnlyWritesAreSlow) {
  auto& gateway = Start(SlowRedisConfig());
  WritePause pause(redis(), milliseconds(1000));
  EXPECT_EQ(gateway.Get("/ready").status, 200) << "PING is not a write";
}

// A sink that pauses Redis writes when the batch's `after`-th request is published, so the next
// signal of the same batch times out: a batch interrupted midway.
class PausingSink : public signal_gateway::InMemorySink {
 public:
  PausingSink(ScenarioRedis& redis, std::size_t after) : redis_(redis), after_(after) {}
  void Publish(const signal_gateway::SinkEvent& event) override {
    InMemorySink::Publish(event);
    if (++published_ == after_) redis_.OnEveryMaster({"CLIENT", "PAUSE", "1500", "WRITE"});
  }

 private:
  ScenarioRedis& redis_;
  std::size_t after_;
  std::atomic<std::size_t> published_{0};
};

// The batch's steps are one round trip; Redis pauses after the sink took two of the five creates,
// so confirming them times out. The creates reached the sink (201); the confirms are kept and
// sent with the next request, which therefore finds five duplicates, not five stale claims.
TEST_F(RedisFailure, ConfirmsLostToAPauseAreSentWithTheNextRequest) {
  auto sink = std::make_shared<PausingSink>(redis(), 2);
  auto& gateway = Start(SlowRedisConfig(), sink);
  ASSERT_TRUE(gateway.gateway().Warmup());
  const auto webhook = Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 5));
  const HttpAnswer answered = gateway.PostAlerts(webhook);
  redis().OnEveryMaster({"CLIENT", "UNPAUSE"});
  ASSERT_EQ(answered.status, 201) << answered;
  EXPECT_EQ(answered.CountStatus("created"), 5) << answered;
  const HttpAnswer retried = gateway.PostAlerts(webhook);
  ASSERT_EQ(retried.status, 202) << retried;
  EXPECT_EQ(retried.CountStatus("duplicate"), 5) << retried;
  EXPECT_EQ(gateway.sink().CreatedCount(), 5U);
}

TEST_F(RedisFailure, OutOfMemoryAnswers503AndTheRetrySucceedsOnceMemoryIsFree) {
  PrivateRedis server(4LL * 1024 * 1024);
  auto& gateway = Start(ScenarioConfig(server.endpoint()));
  auto redis = server.Connect();
  ASSERT_NO_FATAL_FAILURE(Starve(redis));
  const auto webhook = Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 5));
  const HttpAnswer rejected = gateway.PostAlerts(webhook);
  ExpectUnavailable(rejected);
  EXPECT_FALSE(rejected.Json().contains("processed")) << rejected;
  EXPECT_EQ(MeasureFootprint(redis).keys.size(), 0U) << "an OOM-refused step wrote something";
  EXPECT_EQ(gateway.Get("/ready").status, 200) << "Redis answers PING while out of memory";
  Feed(redis);
  const HttpAnswer retried = gateway.PostAlerts(webhook);
  ASSERT_EQ(retried.status, 201) << retried;
  EXPECT_EQ(retried.CountStatus("created"), 5) << retried;
  EXPECT_EQ(gateway.sink().CreatedCount(), 5U);
  EXPECT_TRUE(WithinBudget(MeasureFootprint(redis)));
}

TEST_F(RedisFailure, OutOfMemoryAlsoStopsTheRateLimiterWith503) {
  PrivateRedis server(4LL * 1024 * 1024);
  auto config = ScenarioConfig(server.endpoint());
  config.rate_limit = 100;
  auto& gateway = Start(config);
  auto redis = server.Connect();
  ASSERT_NO_FATAL_FAILURE(Starve(redis));
  ExpectUnavailable(gateway.PostAlerts(Webhook(PodAlert("HighCPUUsage", "prod-api", "api-1"))));
  EXPECT_EQ(MeasureFootprint(redis).keys.size(), 0U);
  Feed(redis);
  EXPECT_EQ(gateway.PostAlerts(Webhook(PodAlert("HighCPUUsage", "prod-api", "api-1"))).status, 201);
}

TEST_F(RedisFailure, OutOfMemoryMidStormKeepsTheStormExact) {
  PrivateRedis server(4LL * 1024 * 1024);
  auto& gateway = Start(ScenarioConfig(server.endpoint()));
  auto redis = server.Connect();
  ASSERT_EQ(gateway.PostAlerts(Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 12))).status, 201);
  ASSERT_NO_FATAL_FAILURE(Starve(redis));
  const auto late = Webhook(PodAlerts("HighCPUUsage", "prod-api", 13, 3));
  ExpectUnavailable(gateway.PostAlerts(late));
  Feed(redis);
  const HttpAnswer retried = gateway.PostAlerts(late);
  ASSERT_EQ(retried.status, 202) << retried;
  EXPECT_EQ(retried.CountStatus("aggregated"), 3) << retried;
  const auto storms = gateway.sink().Storms();
  ASSERT_EQ(storms.size(), 1U);
  EXPECT_EQ(storms[0].storm->alert_count, 3 + 3);
  EXPECT_EQ(storms[0].storm->affected_resources.size(), 6U);
}

// The same on the kit's own server: the test declares the OOM it provokes (the kit would fail it
// otherwise), squeezes maxmemory below the memory in use, and gives it back (the kit also restores
// the configured cap after the test).
TEST_F(RedisFailure, OutOfMemoryOnTheKitsServerIsDeclaredAndRecovered) {
  redis_testkit::ExpectOomRejections();
  auto& gateway = Start();
  ASSERT_TRUE(gateway.gateway().Warmup());
  const std::string cap = std::to_string(redis_testkit::GetConfig().server.maxmemory_bytes);
  redis().OnEveryMaster({"CONFIG", "SET", "maxmemory", "1"});
  const auto webhook = Webhook(PodAlert("HighCPUUsage", "prod-api", "api-1"));
  ExpectUnavailable(gateway.PostAlerts(webhook));
  redis().OnEveryMaster({"CONFIG", "SET", "maxmemory", cap});
  const HttpAnswer retried = gateway.PostAlerts(webhook);
  ASSERT_EQ(retried.status, 201) << retried;
  EXPECT_EQ(retried.Result(0)["count"], 1) << retried;
}

}  // namespace
}  // namespace gateway_scenarios
