// The harness of every gateway scenario: a Gateway with an in-memory sink and its HTTP front on an
// ephemeral loopback port, wired to the kit's Redis (redis_testkit::GetEndpoint()), with short TTLs
// so that nothing waits minutes; an HTTP client for it; and the GatewayScenario fixture whose
// TearDown asserts the scenario's Redis footprint against the budgets (redis_footprint.h).
//
//   TEST_F(Dedup, CountsRepeats) {
//     auto& gateway = Start();                        // ScenarioConfig()
//     gateway.PostAlerts(Webhook(PodAlert("HighCPU", "prod-api", "api-1")));
//     HttpAnswer again = gateway.PostAlerts(Webhook(PodAlert("HighCPU", "prod-api", "api-1")));
//     EXPECT_EQ(again.Result(0)["count"], 2);
//   }
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/endpoint.h"
#include "scenario_redis.h"
#include "signal_gateway/gateway.h"
#include "signal_gateway/gateway_config.h"
#include "signal_gateway/http_server.h"
#include "signal_gateway/in_memory_sink.h"

namespace gateway_scenarios {

inline constexpr const char* kPrometheusPath = "/api/v1/signals/prometheus";
inline constexpr const char* kEventPath = "/api/v1/signals/kubernetes-event";

// GATEWAY.md defaults, scaled for tests: dedup TTL, storm window and storm TTL 10 s (long enough
// never to expire by accident, short enough that leftovers vanish), threshold 10, cap 100, rate
// limiting off (scenarios about it turn it on), 127.0.0.1 on an ephemeral port, Redis timeouts of
// 1 s. `redis` defaults to the kit's endpoint.
signal_gateway::GatewayConfig ScenarioConfig();
signal_gateway::GatewayConfig ScenarioConfig(const redis_testkit::client::Endpoint& redis);

// One HTTP answer. status 0: no answer at all (`error` says why).
struct HttpAnswer {
  int status = 0;
  std::string body;
  httplib::Headers headers;
  std::string error;

  std::string Header(const std::string& name) const;  // "" when absent
  // The body as JSON; a discarded value when it is not JSON (the assertion that follows fails).
  nlohmann::json Json() const;
  // results[i] of a 201/202 answer (null when absent).
  nlohmann::json Result(std::size_t i) const;
  std::size_t ResultCount() const;
  // How many results have `status` ("created", "duplicate", "aggregated", "ignored").
  int CountStatus(std::string_view wanted) const;
};
// "201 {...}" (body shortened), for assertion messages.
std::ostream& operator<<(std::ostream& out, const HttpAnswer& answer);

// A running gateway: sink, Gateway, HttpServer (127.0.0.1, ephemeral port). The Post/Get methods
// open a fresh connection per request, so they may be called from several threads at once.
class ScenarioGateway {
 public:
  // `sink` may be a subclass of InMemorySink (e.g. one that injects a fault on publish).
  explicit ScenarioGateway(signal_gateway::GatewayConfig config,
                           std::shared_ptr<signal_gateway::InMemorySink> sink = nullptr);
  ~ScenarioGateway();  // stops the HTTP server
  ScenarioGateway(const ScenarioGateway&) = delete;
  ScenarioGateway& operator=(const ScenarioGateway&) = delete;

  HttpAnswer PostAlerts(const nlohmann::json& webhook) const;
  HttpAnswer PostEvent(const nlohmann::json& event) const;
  // One webhook per alert, in order (a sender that does not batch).
  std::vector<HttpAnswer> PostEach(const std::vector<nlohmann::json>& alerts) const;
  HttpAnswer Post(const std::string& path, const std::string& body,
                  const std::string& content_type = "application/json") const;
  HttpAnswer Get(const std::string& path) const;
  // Any method ("PUT", "DELETE", "HEAD", ...), for 405 scenarios.
  HttpAnswer Send(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& content_type = "application/json") const;

  signal_gateway::Gateway& gateway() { return *gateway_; }
  const signal_gateway::Metrics& metrics() const { return gateway_->metrics(); }
  signal_gateway::InMemorySink& sink() { return *sink_; }
  const signal_gateway::GatewayConfig& config() const { return gateway_->config(); }
  int port() const { return port_; }

 private:
  std::shared_ptr<signal_gateway::InMemorySink> sink_;
  std::unique_ptr<signal_gateway::Gateway> gateway_;
  std::unique_ptr<signal_gateway::HttpServer> http_;
  int port_ = 0;
};

// The most advanced state of the storm request with `pattern`: the published event with the highest
// alert count. Under concurrent senders the sink may receive two updates of one storm out of order
// (publication happens after the atomic step), so the last event is not necessarily the newest.
std::optional<signal_gateway::RemediationRequest> NewestStorm(
    const signal_gateway::InMemorySink& sink, std::string_view pattern);

// Polls `condition` every 10 ms until it holds or `timeout` (at most 2 s) passes.
bool WaitFor(const std::function<bool()>& condition,
             std::chrono::milliseconds timeout = std::chrono::milliseconds(1500));

// The value of a metric line "name{labels} value" in Prometheus text (`series` is everything
// before the value, e.g. `signal_gateway_signals_received_total{source="prometheus"}`); nullopt
// when the series is absent.
std::optional<double> MetricValue(const std::string& text, std::string_view series);

// Base fixture of every scenario. TearDown stops the gateway, then asserts the footprint of the
// gateway keys on the kit's Redis against the budgets and records it as XML properties.
class GatewayScenario : public ::testing::Test {
 protected:
  void TearDown() override;

  // Starts a gateway with `config` (replacing a running one).
  ScenarioGateway& Start(signal_gateway::GatewayConfig config = ScenarioConfig(),
                         std::shared_ptr<signal_gateway::InMemorySink> sink = nullptr);
  // A connection to the kit's Redis (opened on first use).
  ScenarioRedis& redis();

 private:
  std::unique_ptr<ScenarioGateway> gateway_;
  std::optional<ScenarioRedis> redis_;
};

}  // namespace gateway_scenarios
