// The gateway itself, independent of HTTP: takes a request body and a source IP, answers with a
// status, headers and a JSON body (GATEWAY.md "Answers"). HttpServer is a thin front over this;
// tests may call it directly.
//
//   signal_gateway::GatewayConfig config;           // defaults of GATEWAY.md
//   config.redis = endpoint;                         // redis_testkit::client::Endpoint
//   auto sink = std::make_shared<signal_gateway::InMemorySink>();
//   signal_gateway::Gateway gateway(config, sink);   // validates config, connects lazily
//   auto answer = gateway.HandleSignals(SignalSource::kPrometheus, body, "10.0.0.1");
#pragma once

#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "signal_gateway/connection_pool.h"
#include "signal_gateway/gateway_config.h"
#include "signal_gateway/metrics.h"
#include "signal_gateway/rate_limiter.h"
#include "signal_gateway/signal_store.h"
#include "signal_gateway/sink.h"

namespace signal_gateway {

struct GatewayResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. {"Retry-After", "30"}

  std::string Header(std::string_view name) const;  // "" when absent
};

class Gateway {
 public:
  // Validates `config` (throws ConfigError). Redis is not contacted here: /ready tells whether it
  // answers, and every signal call connects (and reconnects) on demand.
  Gateway(GatewayConfig config, std::shared_ptr<Sink> sink);
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // POST /api/v1/signals/{prometheus,kubernetes-event}: rate limit, parse, one atomic step per
  // signal, remediation requests to the sink. 201 / 202 / 400 / 429 / 503 (+ Retry-After).
  GatewayResponse HandleSignals(SignalSource source, std::string_view body,
                                std::string_view remote_ip);
  GatewayResponse Health() const;  // 200 {"status":"ok"}
  GatewayResponse Ready();         // 200 when Redis answers PING, else 503
  GatewayResponse MetricsText() const;
  // The JSON error answers of the HTTP front (counted in the rejection metrics).
  GatewayResponse Reject(RejectReason reason, int status, std::string message);

  // SCRIPT LOAD ahead of traffic; returns false (and logs) when Redis does not answer.
  bool Warmup();

  const GatewayConfig& config() const { return config_; }
  Metrics& metrics() { return metrics_; }
  const Metrics& metrics() const { return metrics_; }
  ConnectionPool& pool() { return *pool_; }
  SignalStore& store() { return *store_; }
  Sink& sink() { return *sink_; }

 private:
  // The batch's steps in one round trip, then publication in signal order, then the create
  // claims settled (README "No request lost or doubled").
  GatewayResponse ProcessSignals(SignalSource source, const std::vector<Signal>& signals);
  // What the sink gets for one step: nothing, a create or an update.
  std::optional<SinkEvent> EventFor(const Signal& signal, const StepResult& step,
                                    const std::string& environment,
                                    std::set<std::string>& storms_created_here) const;
  // Confirms published creates and releases the others, with those left over by earlier requests,
  // in one round trip; when Redis fails, keeps them for the next request.
  void SettleClaims(std::vector<std::pair<CreateClaim, SettleAction>> claims);
  // 503 with Retry-After.
  GatewayResponse Unavailable(RejectReason reason, const std::string& why, int retry_after_seconds,
                              std::size_t processed);
  // 503 for Redis being unavailable (I/O, timeout, OOM, transient error replies), else 500.
  GatewayResponse Failed(const std::exception& error, std::size_t processed);

  GatewayConfig config_;
  std::shared_ptr<Sink> sink_;
  Metrics metrics_;
  std::unique_ptr<ConnectionPool> pool_;
  std::unique_ptr<SignalStore> store_;
  std::unique_ptr<RateLimiter> rate_limiter_;
  static constexpr std::size_t kMaxUnsettledClaims = 10'000;
  std::mutex unsettled_mutex_;
  std::vector<std::pair<CreateClaim, SettleAction>> unsettled_;  // guarded by unsettled_mutex_
};

}  // namespace signal_gateway
