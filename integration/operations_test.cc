// Operations (GATEWAY.md "Operations"): /health, /ready, /metrics in the Prometheus text format
// with exact counters, several replicas sharing one Redis, configuration errors at start.
#include <gtest/gtest.h>

#include <string>

#include "payloads.h"
#include "redis_footprint.h"
#include "scenario_support.h"

namespace gateway_scenarios {
namespace {

using signal_gateway::GatewayConfig;

class Operations : public GatewayScenario {
 protected:
  static double Metric(ScenarioGateway& gateway, std::string_view series) {
    const auto value = MetricValue(gateway.Get("/metrics").body, series);
    EXPECT_TRUE(value.has_value()) << "no series " << series << " in /metrics";
    return value.value_or(-1);
  }
};

TEST_F(Operations, HealthAnswers200) {
  auto& gateway = Start();
  const HttpAnswer answer = gateway.Get("/health");
  EXPECT_EQ(answer.status, 200) << answer;
  EXPECT_EQ(answer.Json()["status"], "ok");
  EXPECT_EQ(gateway.Send("HEAD", "/health").status, 200);
}

TEST_F(Operations, ReadyAnswers200WhenRedisAnswersPing) {
  auto& gateway = Start();
  const HttpAnswer answer = gateway.Get("/ready");
  EXPECT_EQ(answer.status, 200) << answer;
  EXPECT_EQ(MetricValue(gateway.Get("/metrics").body, "signal_gateway_redis_up"), 1.0);
}

TEST_F(Operations, MetricsUseThePrometheusTextFormat) {
  auto& gateway = Start();
  const HttpAnswer answer = gateway.Get("/metrics");
  ASSERT_EQ(answer.status, 200) << answer;
  EXPECT_TRUE(answer.Header("Content-Type").starts_with("text/plain"))
      << answer.Header("Content-Type");
  for (const char* name :
       {"signal_gateway_signals_received_total", "signal_gateway_signals_duplicate_total",
        "signal_gateway_storms_detected_total", "signal_gateway_signals_aggregated_total",
        "signal_gateway_remediation_requests_created_total",
        "signal_gateway_requests_rejected_total", "signal_gateway_redis_up",
        "signal_gateway_redis_call_duration_seconds",
        "signal_gateway_http_request_duration_seconds"}) {
    EXPECT_NE(answer.body.find(std::string("# TYPE ") + name + " "), std::string::npos)
        << "no # TYPE line for " << name;
  }
  for (const char* series :
       {"signal_gateway_redis_call_duration_seconds_bucket{le=\"+Inf\"}",
        "signal_gateway_http_request_duration_seconds_count",
        "signal_gateway_signals_received_total{source=\"kubernetes-event\"}"}) {
    EXPECT_TRUE(MetricValue(answer.body, series).has_value()) << series;
  }
}

TEST_F(Operations, MetricsCountMixedTrafficExactly) {
  auto& gateway = Start();
  ASSERT_EQ(gateway.PostAlerts(Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 15))).status, 201);
  ASSERT_EQ(gateway.PostAlerts(Webhook(PodAlert("HighCPUUsage", "prod-api", "pod-3"))).status, 202);
  ASSERT_EQ(gateway.PostEvent(WarningEvent("OOMKilled", "prod-db", "Pod", "db-0")).status, 201);
  ASSERT_EQ(gateway.PostEvent(Event("Normal", "Pulled", "prod-db", "Pod", "db-0")).status, 202);
  ASSERT_EQ(gateway.Post(kPrometheusPath, "{").status, 400);
  EXPECT_EQ(Metric(gateway, "signal_gateway_signals_received_total{source=\"prometheus\"}"), 16);
  EXPECT_EQ(Metric(gateway, "signal_gateway_signals_received_total{source=\"kubernetes-event\"}"),
            2);
  EXPECT_EQ(Metric(gateway, "signal_gateway_signals_duplicate_total"), 1);
  EXPECT_EQ(Metric(gateway, "signal_gateway_storms_detected_total"), 1);
  EXPECT_EQ(Metric(gateway, "signal_gateway_signals_aggregated_total"), 6);
  EXPECT_EQ(Metric(gateway, "signal_gateway_remediation_requests_created_total"), 11);
  EXPECT_EQ(Metric(gateway, "signal_gateway_signals_ignored_total"), 1);
  EXPECT_EQ(Metric(gateway, "signal_gateway_requests_rejected_total{reason=\"invalid_payload\"}"),
            1);
}

TEST_F(Operations, MetricsCountRejectionsByReason) {
  auto config = ScenarioConfig();
  config.rate_limit = 3;
  config.body_limit = 4096;
  auto& gateway = Start(config);
  // Oversize and wrong-method requests are refused before the rate limiter counts them.
  EXPECT_EQ(gateway.Post(kPrometheusPath, std::string(5000, ' ')).status, 413);
  EXPECT_EQ(gateway.Get(kPrometheusPath).status, 405);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(gateway.Post(kPrometheusPath, "not json").status, 400);
  EXPECT_EQ(gateway.Post(kPrometheusPath, "{}").status, 429);
  const std::string prefix = "signal_gateway_requests_rejected_total{reason=\"";
  EXPECT_EQ(Metric(gateway, prefix + "invalid_payload\"}"), 3);
  EXPECT_EQ(Metric(gateway, prefix + "payload_too_large\"}"), 1);
  EXPECT_EQ(Metric(gateway, prefix + "method_not_allowed\"}"), 1);
  EXPECT_EQ(Metric(gateway, prefix + "rate_limited\"}"), 1);
  EXPECT_EQ(Metric(gateway, prefix + "redis_unavailable\"}"), 0);
}

TEST_F(Operations, LatencyHistogramsCountEveryCall) {
  auto& gateway = Start();
  for (int i = 0; i < 7; ++i) {
    gateway.PostAlerts(Webhook(PodAlert("Alert" + std::to_string(i), "prod-api", "api-1")));
  }
  EXPECT_EQ(Metric(gateway, "signal_gateway_http_request_duration_seconds_count"), 7);
  EXPECT_EQ(Metric(gateway, "signal_gateway_http_request_duration_seconds_bucket{le=\"+Inf\"}"), 7);
  EXPECT_GE(Metric(gateway, "signal_gateway_redis_call_duration_seconds_count"), 7);
}

TEST_F(Operations, TwoReplicasShareOneRedis) {
  auto& first = Start();
  ScenarioGateway second(ScenarioConfig());
  ASSERT_NE(first.port(), second.port());
  const auto alert = PodAlert("HighCPUUsage", "prod-api", "api-1");
  const HttpAnswer a = first.PostAlerts(Webhook(alert));
  const HttpAnswer b = second.PostAlerts(Webhook(alert));
  EXPECT_EQ(a.Result(0)["status"], "created") << a;
  EXPECT_EQ(b.Result(0)["status"], "duplicate") << b;
  EXPECT_EQ(b.Result(0)["count"], 2) << b;
  EXPECT_EQ(b.Result(0)["remediation_request"], a.Result(0)["remediation_request"]);
}

TEST_F(Operations, TwoReplicasDetectOneStormTogether) {
  auto& first = Start();
  ScenarioGateway second(ScenarioConfig());
  const auto alerts = PodAlerts("HighCPUUsage", "prod-api", 1, 14);
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    (i % 2 == 0 ? first : second).PostAlerts(Webhook(alerts[i]));
  }
  EXPECT_EQ(first.metrics().created() + second.metrics().created(), 10U);
  EXPECT_EQ(first.metrics().aggregated() + second.metrics().aggregated(), 5U);
  EXPECT_EQ(first.metrics().storms() + second.metrics().storms(), 1U);
}

TEST_F(Operations, AnInvalidConfigurationFailsAtStartWithEveryReason) {
  GatewayConfig config = ScenarioConfig();
  config.storm_threshold = 1;
  config.resource_cap = 500;
  config.dedup_ttl = std::chrono::milliseconds(0);
  try {
    ScenarioGateway gateway(config);
    FAIL() << "an invalid configuration was accepted";
  } catch (const signal_gateway::ConfigError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("storm_threshold"), std::string::npos) << message;
    EXPECT_NE(message.find("resource_cap"), std::string::npos) << message;
    EXPECT_NE(message.find("dedup_ttl"), std::string::npos) << message;
  }
}

TEST_F(Operations, JsonConfigurationDrivesTheGateway) {
  GatewayConfig config = ScenarioConfig();
  signal_gateway::ApplyJsonConfig(config, R"({"storm_threshold": 3, "dedup_ttl": "5s"})",
                                  "scenario");
  EXPECT_EQ(config.dedup_ttl, std::chrono::milliseconds(5000));
  auto& gateway = Start(config);
  const HttpAnswer answer =
      gateway.PostAlerts(Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 4)));
  EXPECT_EQ(answer.CountStatus("created"), 2) << answer;
  EXPECT_EQ(answer.CountStatus("aggregated"), 2) << answer;
}

TEST_F(Operations, StoppingTheServerFreesItsPort) {
  auto config = ScenarioConfig();
  auto gateway = std::make_unique<ScenarioGateway>(config);
  const int port = gateway->port();
  ASSERT_EQ(gateway->PostAlerts(Webhook(PodAlert("HighCPUUsage", "prod-api", "api-1"))).status,
            201);
  gateway.reset();  // HttpServer::Stop joins its threads
  httplib::Client http("127.0.0.1", port);
  http.set_connection_timeout(std::chrono::milliseconds(300));
  EXPECT_FALSE(http.Get("/health")) << "the port still answers after Stop()";
}

}  // namespace
}  // namespace gateway_scenarios
