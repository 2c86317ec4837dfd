#include "signal_gateway/gateway.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

#include "redis_testkit/client/errors.h"
#include "signal_gateway/alert_parser.h"
#include "signal_gateway/fingerprint.h"
#include "signal_gateway/priority.h"
#include "signal_gateway/redis_keys.h"

namespace signal_gateway {

namespace client = redis_testkit::client;
using nlohmann::json;

namespace {

constexpr int kRetryAfterSeconds = 30;

std::string FormatWindow(std::chrono::milliseconds window) {
  if (window.count() % 1000 == 0) return std::to_string(window.count() / 1000) + " s";
  return std::to_string(window.count()) + " ms";
}

GatewayResponse JsonResponse(int status, const json& body) {
  GatewayResponse response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return response;
}

// Error replies that mean "Redis cannot serve right now", as opposed to a bug.
bool IsTransientReply(std::string_view message) {
  static constexpr std::array<std::string_view, 7> kTransient = {
      "BUSY", "LOADING", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN", "NOREPLICAS"};
  for (std::string_view token : kTransient) {
    if (message.find(token) != std::string_view::npos) return true;
  }
  return false;
}

// MOVED / ASK that the client gave up following within the command timeout (a slot moving back
// and forth, a resharding that did not settle): the cluster could not answer in time.
bool IsUnfollowedRedirect(std::string_view message) {
  for (const std::string_view kind : {std::string_view("MOVED "), std::string_view("ASK ")}) {
    for (auto at = message.find(kind); at != std::string_view::npos;
         at = message.find(kind, at + 1)) {
      const std::size_t digit = at + kind.size();
      if ((at == 0 || message.substr(0, at).ends_with(": ")) && digit < message.size() &&
          std::isdigit(static_cast<unsigned char>(message[digit])) != 0) {
        return true;
      }
    }
  }
  return false;
}

RemediationRequest BaseRequest(const Signal& signal, const std::string& environment) {
  RemediationRequest request;
  request.ns = signal.ns;
  request.alertname = signal.alertname;
  request.source = std::string(SourceName(signal.source));
  request.severity = signal.severity;
  request.environment = environment;
  request.priority = PriorityFor(signal.severity, environment);
  request.message = signal.message;
  return request;
}

RemediationRequest OwnRequest(const Signal& signal, const StepResult& step,
                              const std::string& environment) {
  RemediationRequest request = BaseRequest(signal, environment);
  request.name = step.remediation_request;
  request.fingerprint = signal.fingerprint;
  request.resource = signal.resource;
  request.first_seen_ms = step.first_seen_ms;
  request.last_seen_ms = step.last_seen_ms;
  request.occurrence_count = step.count;
  return request;
}

RemediationRequest StormRequest(const Signal& signal, const StepResult& step,
                                const std::string& environment) {
  const StormSnapshot& storm = *step.storm;
  RemediationRequest request = BaseRequest(signal, environment);
  request.name = step.remediation_request;
  // The storm's identity: SHA-256 of "alertname:namespace" (its first 16 digits are the key tag).
  request.fingerprint = Sha256Hex(signal.alertname + ":" + signal.ns);
  request.resource = Resource{"Namespace", signal.ns, ""};
  request.message = "storm: " + storm.pattern;
  request.first_seen_ms = storm.first_seen_ms;
  request.last_seen_ms = storm.last_seen_ms;
  request.occurrence_count = storm.alert_count;
  request.storm = StormInfo{storm.pattern, storm.alert_count, storm.affected_resources,
                            storm.dropped_resources};
  return request;
}

}  // namespace

std::string GatewayResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

Gateway::Gateway(GatewayConfig config, std::shared_ptr<Sink> sink)
    : config_(std::move(config)), sink_(std::move(sink)) {
  config_.Validate();
  if (!sink_) throw ConfigError("invalid gateway configuration: no remediation-request sink given");
  PoolOptions pool_options;
  pool_options.connection.endpoint = config_.redis;
  pool_options.cluster = config_.redis_cluster;
  pool_options.connection.connect_timeout = config_.redis_connect_timeout;
  pool_options.connection.command_timeout = config_.redis_command_timeout;
  pool_options.max_connections = config_.redis_pool_size;
  pool_options.acquire_timeout = config_.redis_acquire_timeout;
  pool_ = std::make_unique<ConnectionPool>(pool_options);
  pool_->SetObserver([this](std::chrono::nanoseconds elapsed, bool reachable) {
    metrics_.ObserveRedisCall(elapsed);
    metrics_.SetRedisUp(reachable);
  });
  store_ = std::make_unique<SignalStore>(*pool_, config_.store_settings());
  rate_limiter_ = std::make_unique<RateLimiter>(*pool_, config_.rate_limit, config_.rate_window);
}

Gateway::~Gateway() = default;

GatewayResponse Gateway::Reject(RejectReason reason, int status, std::string message) {
  metrics_.Rejected(reason);
  return JsonResponse(status, json{{"status", "rejected"}, {"error", std::move(message)}});
}

bool Gateway::Warmup() {
  try {
    store_->LoadScript();
    return true;
  } catch (const std::exception& e) {
    spdlog::warn("Redis not ready at start ({}); signals will get 503 until it answers", e.what());
    return false;
  }
}

GatewayResponse Gateway::Unavailable(RejectReason reason, const std::string& why,
                                     int retry_after_seconds, std::size_t processed) {
  GatewayResponse response =
      Reject(reason, 503, why + "; retry in " + std::to_string(retry_after_seconds) + " s");
  if (processed > 0) {
    json body_json = json::parse(response.body);
    body_json["processed"] = processed;
    response.body = body_json.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  response.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
  return response;
}

GatewayResponse Gateway::Failed(const std::exception& error, std::size_t processed) {
  if (dynamic_cast<const client::IoError*>(&error) != nullptr ||
      dynamic_cast<const client::OomError*>(&error) != nullptr ||
      (dynamic_cast<const client::ReplyError*>(&error) != nullptr &&
       (IsTransientReply(error.what()) || IsUnfollowedRedirect(error.what())))) {
    return Unavailable(
        RejectReason::kRedisUnavailable,
        std::string("Redis is unavailable (") + error.what() + "): the signal was not recorded",
        kRetryAfterSeconds, processed);
  }
  spdlog::error("signal processing failed: {}", error.what());
  return Reject(RejectReason::kInternal, 500, std::string("internal error: ") + error.what());
}

GatewayResponse Gateway::HandleSignals(SignalSource source, std::string_view body,
                                       std::string_view remote_ip) {
  if (body.size() > config_.body_limit) {
    return Reject(RejectReason::kPayloadTooLarge, 413,
                  "body of " + std::to_string(body.size()) + " bytes is over the limit of " +
                      std::to_string(config_.body_limit) + " bytes: split the batch");
  }
  try {
    const RateDecision decision = rate_limiter_->Check(remote_ip);
    if (!decision.allowed) {
      GatewayResponse response =
          Reject(RejectReason::kRateLimited, 429,
                 "rate limit of " + std::to_string(config_.rate_limit) + " requests per " +
                     FormatWindow(config_.rate_window) + " for " + std::string(remote_ip) +
                     " exceeded: retry in " + std::to_string(decision.RetryAfterSeconds()) + " s");
      response.headers.emplace_back("Retry-After", std::to_string(decision.RetryAfterSeconds()));
      return response;
    }
  } catch (const std::exception& e) {
    return Failed(e, 0);
  }

  std::vector<Signal> signals;
  try {
    if (source == SignalSource::kPrometheus) {
      signals = ParsePrometheusWebhook(body);
    } else if (auto event = ParseKubernetesEvent(body)) {
      signals.push_back(std::move(*event));
    } else {
      metrics_.SignalReceived(source);
      metrics_.Ignored();
      return JsonResponse(202,
                          json{{"status", "ignored"}, {"reason", "Normal events are not signals"}});
    }
  } catch (const ParseError& e) {
    return Reject(RejectReason::kInvalidPayload, 400, e.what());
  }

  return ProcessSignals(source, signals);
}

std::optional<SinkEvent> Gateway::EventFor(const Signal& signal, const StepResult& step,
                                           const std::string& environment,
                                           std::set<std::string>& storms_created_here) const {
  switch (step.status) {
    case StepStatus::kCreated:
      return SinkEvent{SinkAction::kCreated, OwnRequest(signal, step, environment)};
    case StepStatus::kDuplicate:
      // A duplicate of a storm member leaves the storm's request unchanged.
      if (step.storm_member) return std::nullopt;
      return SinkEvent{SinkAction::kUpdated, OwnRequest(signal, step, environment)};
    case StepStatus::kAggregated:
      if (step.storm->creates()) {
        storms_created_here.insert(step.remediation_request);
        return SinkEvent{SinkAction::kCreated, StormRequest(signal, step, environment)};
      }
      // Another request holds the storm's create and has not confirmed it: an update now could
      // reach the sink before (or without) the create. That request's create, or a later
      // aggregated signal's update, carries this signal (it is in the storm record).
      if (step.storm->held && storms_created_here.count(step.remediation_request) == 0) {
        return std::nullopt;
      }
      return SinkEvent{SinkAction::kUpdated, StormRequest(signal, step, environment)};
    case StepStatus::kPending:
      break;
  }
  return std::nullopt;
}

void Gateway::SettleClaims(std::vector<std::pair<CreateClaim, SettleAction>> claims) {
  {
    // Claims a Redis failure kept us from settling earlier go first, in the same round trip.
    std::lock_guard lock(unsettled_mutex_);
    claims.insert(claims.end(), unsettled_.begin(), unsettled_.end());
    unsettled_.clear();
  }
  if (claims.empty()) return;
  try {
    store_->Settle(claims);
  } catch (const std::exception& e) {
    // Kept for the next request (until the lease runs out, when they no longer matter); a crash
    // of this process meanwhile leaves them to expire: README "No request lost or doubled".
    spdlog::error("settling {} create claim(s) failed, retried with the next request: {}",
                  claims.size(), e.what());
    std::lock_guard lock(unsettled_mutex_);
    for (auto& claim : claims) {
      if (unsettled_.size() < kMaxUnsettledClaims) unsettled_.push_back(std::move(claim));
    }
  }
}

GatewayResponse Gateway::ProcessSignals(SignalSource source, const std::vector<Signal>& signals) {
  std::vector<const Signal*> firing;
  for (const Signal& signal : signals) {
    metrics_.SignalReceived(source);
    if (signal.firing) firing.push_back(&signal);
  }
  SettleClaims({});  // what an earlier request could not settle (usually nothing)
  std::vector<StepResult> steps;
  try {
    if (!firing.empty()) steps = store_->ProcessBatch(firing);  // one round trip
  } catch (const std::exception& e) {
    return Failed(e, 0);
  }

  json results = json::array();
  std::vector<std::pair<CreateClaim, SettleAction>> claims;
  std::set<std::string> storms_created_here;
  std::string sink_error;    // the first sink failure; nothing is published after it
  std::int64_t wait_ms = 0;  // longest wait for a create claimed by another request
  bool created = false;
  auto step = steps.begin();
  for (const Signal& signal : signals) {
    json result = {{"fingerprint", signal.fingerprint},
                   {"alertname", signal.alertname},
                   {"namespace", signal.ns},
                   {"resource", signal.resource.KindName()}};
    if (!signal.firing) {
      metrics_.Ignored();
      result["status"] = "ignored";
      result["reason"] = "resolved alerts are not remediated";
      results.push_back(std::move(result));
      continue;
    }
    const StepResult& outcome = *step++;
    const std::string environment =
        ResolveEnvironment(signal.ns, signal.environment_label, config_.namespace_environments);
    result["status"] = StepStatusName(outcome.status);
    result["count"] = outcome.count;
    result["remediation_request"] = outcome.remediation_request;
    result["priority"] = PriorityFor(signal.severity, environment);
    if (outcome.storm_member) result["pattern"] = outcome.pattern;
    if (outcome.status == StepStatus::kPending) {
      wait_ms = std::max(wait_ms, outcome.retry_after_ms);
      results.push_back(std::move(result));
      continue;
    }
    if (outcome.status == StepStatus::kDuplicate) metrics_.Duplicate();
    if (outcome.status == StepStatus::kAggregated) {
      metrics_.Aggregated();
      result["alert_count"] = outcome.storm->alert_count;
    }
    const std::optional<SinkEvent> event =
        sink_error.empty() ? EventFor(signal, outcome, environment, storms_created_here)
                           : std::nullopt;
    bool published = false;
    if (event) {
      try {
        sink_->Publish(*event);
        published = true;
      } catch (const std::exception& e) {
        sink_error = e.what();
        spdlog::error("sink failed for {}: {}", outcome.remediation_request, sink_error);
      }
    }
    if (outcome.claim) {
      claims.emplace_back(*outcome.claim,
                          published ? SettleAction::kConfirm : SettleAction::kRelease);
    }
    if (published && event->action == SinkAction::kCreated) {
      metrics_.RequestCreated();
      if (outcome.status == StepStatus::kCreated) created = true;
      if (outcome.storm && outcome.storm->started) metrics_.StormDetected();
      if (outcome.storm) result["storm_request"] = "created";
    }
    results.push_back(std::move(result));
  }
  SettleClaims(claims);  // one more round trip, only when something was created

  if (!sink_error.empty()) {
    return Unavailable(
        RejectReason::kSinkUnavailable,
        "the remediation-request sink failed (" + sink_error + "): nothing was created",
        kRetryAfterSeconds, steps.size());
  }
  if (wait_ms > 0) {
    const int seconds = static_cast<int>((wait_ms + 999) / 1000);
    return Unavailable(RejectReason::kCreateInFlight,
                       "a remediation request of this batch is being created by another request "
                       "and not yet confirmed",
                       seconds, steps.size());
  }
  // Overall status: "created" if anything was created, else the common status, else "accepted".
  std::string overall;
  if (created) {
    overall = "created";
  } else {
    for (const json& result : results) {
      const std::string status = result["status"];
      overall = overall.empty() || overall == status ? status : "accepted";
    }
  }
  return JsonResponse(created ? 201 : 202, json{{"status", overall}, {"results", results}});
}

GatewayResponse Gateway::Health() const { return JsonResponse(200, json{{"status", "ok"}}); }

GatewayResponse Gateway::Ready() {
  try {
    pool_->Run([](RedisSession& session) { session.Ping(); });
    return JsonResponse(200, json{{"status", "ready"}});
  } catch (const std::exception& e) {
    GatewayResponse response =
        JsonResponse(503, json{{"status", "unavailable"},
                               {"error", std::string("Redis does not answer PING: ") + e.what()}});
    response.headers.emplace_back("Retry-After", std::to_string(kRetryAfterSeconds));
    return response;
  }
}

GatewayResponse Gateway::MetricsText() const {
  GatewayResponse response;
  response.content_type = "text/plain; version=0.0.4";
  response.body = metrics_.RenderPrometheus();
  return response;
}

}  // namespace signal_gateway
