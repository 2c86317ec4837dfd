// The Gateway (no HTTP) against a real redis-server: answers, sink, metrics, failures.
#include "signal_gateway/gateway.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "payloads.h"
#include "private_redis.h"
#include "redis_testkit/client/scan.h"
#include "redis_testkit/gtest.h"
#include "signal_gateway/in_memory_sink.h"
#include "signal_gateway/redis_keys.h"

namespace signal_gateway {
namespace {

namespace client = redis_testkit::client;
using nlohmann::json;
using testing::AlertSpec;

class GatewayTest : public ::testing::Test {
 protected:
  // The kit leased this process a server and flushed it; FLUSHALL keeps Lua scripts, so they go
  // too (the gateway's first EVALSHA meets NOSCRIPT, as on a fresh server).
  void SetUp() override {
    redis_ = std::make_unique<client::Connection>(redis_testkit::Connect());
    redis_->Command({"SCRIPT", "FLUSH"});
    config_.redis = redis_testkit::GetEndpoint();
    config_.redis_command_timeout = std::chrono::milliseconds(300);
    config_.redis_connect_timeout = std::chrono::milliseconds(300);
  }

  Gateway& MakeGateway() {
    gateway_ = std::make_unique<Gateway>(config_, sink_);
    return *gateway_;
  }
  GatewayResponse Prometheus(const std::string& body, const std::string& ip = "10.0.0.1") {
    return gateway_->HandleSignals(SignalSource::kPrometheus, body, ip);
  }
  GatewayResponse KubeEvent(const std::string& body) {
    return gateway_->HandleSignals(SignalSource::kKubernetesEvent, body, "10.0.0.1");
  }
  std::vector<std::string> SignalKeys() {
    std::vector<std::string> keys;
    for (const std::string& key : client::ScanAllKeys(*redis_)) {
      if (key.rfind("gateway:rate:", 0) != 0) keys.push_back(key);
    }
    return keys;
  }

  GatewayConfig config_;
  std::shared_ptr<InMemorySink> sink_ = std::make_shared<InMemorySink>();
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<client::Connection> redis_;
};

TEST_F(GatewayTest, StormBatchGivesNineCreatedSixAggregated) {
  Gateway& gateway = MakeGateway();
  const GatewayResponse answer = Prometheus(testing::StormWebhook(15));
  ASSERT_EQ(answer.status, 201) << answer.body;
  const json body = json::parse(answer.body);
  EXPECT_EQ(body["status"], "created");
  ASSERT_EQ(body["results"].size(), 15u);
  int created = 0;
  int aggregated = 0;
  for (const json& result : body["results"]) {
    if (result["status"] == "created") ++created;
    if (result["status"] == "aggregated") {
      ++aggregated;
      EXPECT_EQ(result["pattern"], "HighCPUUsage in prod-api");
    }
    EXPECT_EQ(result["fingerprint"].get<std::string>().size(), 64u);
    EXPECT_FALSE(result["remediation_request"].get<std::string>().empty());
  }
  EXPECT_EQ(created, 9);
  EXPECT_EQ(aggregated, 6);

  // 9 own requests + 1 storm request created, the storm updated 5 times.
  EXPECT_EQ(sink_->CreatedCount(), 10u);
  EXPECT_EQ(sink_->UpdatedCount(), 5u);
  const auto storms = sink_->Storms();
  ASSERT_EQ(storms.size(), 1u);
  const RemediationRequest& storm = storms[0];
  EXPECT_EQ(storm.storm->pattern, "HighCPUUsage in prod-api");
  EXPECT_EQ(storm.storm->alert_count, 6);
  EXPECT_EQ(storm.storm->affected_resources,
            (std::vector<std::string>{"Pod/api-9", "Pod/api-10", "Pod/api-11", "Pod/api-12",
                                      "Pod/api-13", "Pod/api-14"}));
  EXPECT_EQ(storm.priority, "P0");  // critical in a prod- namespace
  EXPECT_EQ(storm.environment, "production");
  EXPECT_EQ(storm.ns, "prod-api");

  EXPECT_EQ(gateway.metrics().received(SignalSource::kPrometheus), 15u);
  EXPECT_EQ(gateway.metrics().created(), 10u);
  EXPECT_EQ(gateway.metrics().storms(), 1u);
  EXPECT_EQ(gateway.metrics().aggregated(), 6u);
  EXPECT_TRUE(gateway.metrics().redis_up());

  // Remediation requests never go to Redis: only dedup entries and the storm record.
  for (const std::string& key : SignalKeys()) {
    EXPECT_TRUE(key.rfind("gateway:dedup:", 0) == 0 || key.rfind("gateway:storm:", 0) == 0) << key;
  }
  EXPECT_EQ(SignalKeys().size(), 16u);
}

TEST_F(GatewayTest, RepeatedBatchIsAllDuplicates) {
  MakeGateway();
  const std::string batch =
      testing::Webhook({{"KubePodCrashLooping", "staging", "web-1", "warning"},
                        {"KubePodCrashLooping", "staging", "web-2", "warning"}});
  ASSERT_EQ(Prometheus(batch).status, 201);
  const GatewayResponse again = Prometheus(batch);
  ASSERT_EQ(again.status, 202) << again.body;
  const json body = json::parse(again.body);
  EXPECT_EQ(body["status"], "duplicate");
  for (const json& result : body["results"]) {
    EXPECT_EQ(result["status"], "duplicate");
    EXPECT_EQ(result["count"], 2);
    EXPECT_EQ(result["priority"], "P2");  // warning in staging
  }
  EXPECT_EQ(sink_->CreatedCount(), 2u);
  EXPECT_EQ(sink_->UpdatedCount(), 2u);
  EXPECT_EQ(sink_->Requests()[0].occurrence_count, 2);
}

TEST_F(GatewayTest, ResolvedAlertsAreIgnoredButListed) {
  MakeGateway();
  const GatewayResponse answer =
      Prometheus(testing::Webhook({{"HighCPUUsage", "prod-api", "api-0", "critical", "resolved"},
                                   {"HighCPUUsage", "prod-api", "api-1"}}));
  ASSERT_EQ(answer.status, 201);
  const json body = json::parse(answer.body);
  EXPECT_EQ(body["results"][0]["status"], "ignored");
  EXPECT_EQ(body["results"][1]["status"], "created");
  EXPECT_EQ(SignalKeys().size(), 2u);  // one dedup entry + the window counter
}

TEST_F(GatewayTest, KubernetesEvents) {
  Gateway& gateway = MakeGateway();
  const GatewayResponse normal = KubeEvent(testing::Event("Normal", "Scheduled"));
  EXPECT_EQ(normal.status, 202);
  EXPECT_EQ(json::parse(normal.body),
            (json{{"status", "ignored"}, {"reason", "Normal events are not signals"}}));
  EXPECT_TRUE(SignalKeys().empty());
  EXPECT_TRUE(sink_->Events().empty());

  const GatewayResponse warning = KubeEvent(testing::Event("Warning", "OOMKilled"));
  ASSERT_EQ(warning.status, 201) << warning.body;
  const json result = json::parse(warning.body)["results"][0];
  EXPECT_EQ(result["fingerprint"],
            "7b7274e9967697947a4a7402a138518581ef7c848758ed04f7721da211fe72ae");
  EXPECT_EQ(result["priority"], "P1");  // critical, namespace "payments" has no environment
  EXPECT_EQ(KubeEvent(testing::Event("Warning", "OOMKilled")).status, 202);
  EXPECT_EQ(gateway.metrics().received(SignalSource::kKubernetesEvent), 3u);
  EXPECT_EQ(gateway.metrics().duplicates(), 1u);
  EXPECT_EQ(gateway.metrics().ignored(), 1u);
}

TEST_F(GatewayTest, NamespaceEnvironmentFromConfig) {
  config_.namespace_environments["payments"] = "production";
  MakeGateway();
  const json result =
      json::parse(KubeEvent(testing::Event("Warning", "OOMKilled")).body)["results"][0];
  EXPECT_EQ(result["priority"], "P0");
}

TEST_F(GatewayTest, InvalidPayloadsAre400WithAReason) {
  Gateway& gateway = MakeGateway();
  const GatewayResponse answer = Prometheus(
      R"({"alerts":[{"labels":{"alertname":"A"}},{"labels":{"alertname":"B"}},{"labels":{"pod":"p"}}]})");
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(json::parse(answer.body)["error"],
            "alerts[2].labels.alertname is missing: every alert needs an alertname label");
  EXPECT_EQ(Prometheus(R"({"alerts":[]})").status, 400);
  EXPECT_EQ(Prometheus("{not json").status, 400);
  EXPECT_EQ(KubeEvent(R"({"type":"Warning","involvedObject":{"kind":"Pod","name":"p"}})").status,
            400);
  EXPECT_EQ(gateway.metrics().rejected(RejectReason::kInvalidPayload), 4u);
  EXPECT_TRUE(SignalKeys().empty());  // nothing of a rejected batch is stored
}

TEST_F(GatewayTest, RateLimitPerSourceIp) {
  config_.rate_limit = 3;
  Gateway& gateway = MakeGateway();
  const std::string body = testing::StormWebhook(1);
  for (int i = 0; i < 3; ++i) EXPECT_NE(Prometheus(body, "10.0.0.7").status, 429);
  const GatewayResponse limited = Prometheus(body, "10.0.0.7");
  EXPECT_EQ(limited.status, 429);
  const int retry_after = std::stoi(limited.Header("Retry-After"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 60);
  EXPECT_NE(Prometheus(body, "10.0.0.8").status, 429);  // another sender has its own budget
  EXPECT_EQ(gateway.metrics().rejected(RejectReason::kRateLimited), 1u);
  const long long ttl = redis_->Command({"PTTL", "gateway:rate:10.0.0.7"}).AsInteger();
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 60'000);
}

TEST_F(GatewayTest, OomIs503AndNothingIsHalfWritten) {
  config_.rate_limit = 0;  // reach the signal step itself
  Gateway& gateway = MakeGateway();
  ASSERT_EQ(Prometheus(testing::StormWebhook(12)).status, 201);
  const std::string storm_key = "gateway:storm:{" + StormTag("prod-api", "HighCPUUsage") + "}";
  const std::string storm_before = redis_->Command({"HGETALL", storm_key}).ToString();
  const auto keys_before = SignalKeys().size();
  const auto events_before = sink_->Events().size();

  redis_testkit::ExpectOomRejections();  // on purpose; the kit restores its cap afterwards
  redis_->Command({"CONFIG", "SET", "maxmemory", "1"});
  const GatewayResponse answer =
      Prometheus(testing::StormWebhook(3, "HighCPUUsage", "prod-api", 12));
  redis_->Command({"CONFIG", "SET", "maxmemory", "64mb"});
  EXPECT_EQ(answer.status, 503) << answer.body;
  EXPECT_EQ(answer.Header("Retry-After"), "30");
  EXPECT_NE(json::parse(answer.body)["error"].get<std::string>().find("OOM"), std::string::npos);
  EXPECT_EQ(SignalKeys().size(), keys_before);
  EXPECT_EQ(redis_->Command({"HGETALL", storm_key}).ToString(), storm_before);
  EXPECT_EQ(sink_->Events().size(), events_before);  // no 201, no request without its state
  EXPECT_EQ(gateway.metrics().rejected(RejectReason::kRedisUnavailable), 1u);

  // The sender retries: now it goes through.
  EXPECT_EQ(Prometheus(testing::StormWebhook(3, "HighCPUUsage", "prod-api", 12)).status, 202);
}

TEST_F(GatewayTest, OomAtTheRateLimiterIs503Too) {
  MakeGateway();
  redis_testkit::ExpectOomRejections();  // on purpose; the kit restores its cap afterwards
  redis_->Command({"CONFIG", "SET", "maxmemory", "1"});
  const GatewayResponse answer = Prometheus(testing::StormWebhook(1));
  redis_->Command({"CONFIG", "SET", "maxmemory", "64mb"});
  EXPECT_EQ(answer.status, 503);
  EXPECT_EQ(answer.Header("Retry-After"), "30");
  EXPECT_TRUE(client::ScanAllKeys(*redis_).empty());
}

TEST_F(GatewayTest, UnreachableRedisIs503AndNotReady) {
  config_.redis.port = 1;
  Gateway& gateway = MakeGateway();
  const GatewayResponse answer = Prometheus(testing::StormWebhook(1));
  EXPECT_EQ(answer.status, 503);
  EXPECT_EQ(answer.Header("Retry-After"), "30");
  EXPECT_FALSE(gateway.metrics().redis_up());
  EXPECT_EQ(gateway.Ready().status, 503);
  EXPECT_EQ(gateway.Health().status, 200);
  EXPECT_TRUE(sink_->Events().empty());
  EXPECT_NE(gateway.MetricsText().body.find("signal_gateway_redis_up 0"), std::string::npos);
}

TEST_F(GatewayTest, SlowRedisIs503) {
  const auto server = testing::StartPrivateRedis();  // paused below: not the leased server
  client::Connection admin({server.endpoint()});
  config_.redis = server.endpoint();
  config_.rate_limit = 0;
  MakeGateway();
  gateway_->Warmup();
  admin.Command({"CLIENT", "PAUSE", "1500", "WRITE"});
  const GatewayResponse answer = Prometheus(testing::StormWebhook(1));
  admin.Command({"CLIENT", "UNPAUSE"});
  EXPECT_EQ(answer.status, 503) << answer.body;
  EXPECT_EQ(answer.Header("Retry-After"), "30");
  EXPECT_TRUE(sink_->Events().empty());
}

TEST_F(GatewayTest, ReadyAndMetrics) {
  Gateway& gateway = MakeGateway();
  EXPECT_EQ(gateway.Ready().status, 200);
  Prometheus(testing::StormWebhook(1));
  const std::string text = gateway.MetricsText().body;
  for (const char* line :
       {"signal_gateway_signals_received_total{source=\"prometheus\"} 1",
        "signal_gateway_signals_received_total{source=\"kubernetes-event\"} 0",
        "signal_gateway_remediation_requests_created_total 1",
        "signal_gateway_requests_rejected_total{reason=\"rate_limited\"} 0",
        "signal_gateway_redis_up 1", "# TYPE signal_gateway_redis_call_duration_seconds histogram",
        "signal_gateway_redis_call_duration_seconds_bucket{le=\"+Inf\"}",
        "# TYPE signal_gateway_http_request_duration_seconds histogram"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  }
}

TEST_F(GatewayTest, InvalidConfigFailsAtConstruction) {
  config_.storm_threshold = 0;
  EXPECT_THROW(Gateway(config_, sink_), ConfigError);
}

}  // namespace
}  // namespace signal_gateway
