#include "signal_gateway/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <algorithm>

namespace signal_gateway {

namespace {

constexpr const char* kPrefix = "signal_gateway_";

prometheus::Family<prometheus::Counter>& CounterFamily(prometheus::Registry& registry,
                                                       const std::string& name,
                                                       const std::string& help) {
  return prometheus::BuildCounter().Name(kPrefix + name).Help(help).Register(registry);
}

prometheus::Counter& PlainCounter(prometheus::Registry& registry, const std::string& name,
                                  const std::string& help) {
  return CounterFamily(registry, name, help).Add({});
}

prometheus::Histogram& Seconds(prometheus::Registry& registry, const std::string& name,
                               const std::string& help,
                               const prometheus::Histogram::BucketBoundaries& le) {
  return prometheus::BuildHistogram()
      .Name(kPrefix + name)
      .Help(help)
      .Register(registry)
      .Add({}, le);
}

void Observe(prometheus::Histogram& histogram, std::chrono::nanoseconds elapsed) {
  histogram.Observe(std::max(0.0, std::chrono::duration<double>(elapsed).count()));
}

std::size_t Index(SignalSource source) { return static_cast<std::size_t>(source); }

std::uint64_t Count(const prometheus::Counter* counter) {
  return static_cast<std::uint64_t>(counter->Value());
}

}  // namespace

const char* RejectReasonName(RejectReason reason) {
  switch (reason) {
    case RejectReason::kInvalidPayload:
      return "invalid_payload";
    case RejectReason::kPayloadTooLarge:
      return "payload_too_large";
    case RejectReason::kMethodNotAllowed:
      return "method_not_allowed";
    case RejectReason::kRateLimited:
      return "rate_limited";
    case RejectReason::kRedisUnavailable:
      return "redis_unavailable";
    case RejectReason::kInternal:
      return "internal";
    case RejectReason::kSinkUnavailable:
      return "sink_unavailable";
    case RejectReason::kCreateInFlight:
      return "create_in_flight";
  }
  return "unknown";
}

Metrics::Metrics() : registry_(std::make_shared<prometheus::Registry>()) {
  prometheus::Registry& r = *registry_;
  auto& received = CounterFamily(r, "signals_received_total", "Signals received, by source.");
  for (SignalSource source : {SignalSource::kPrometheus, SignalSource::kKubernetesEvent}) {
    received_[Index(source)] = &received.Add({{"source", std::string(SourceName(source))}});
  }
  duplicates_ = &PlainCounter(r, "signals_duplicate_total", "Signals answered as duplicates.");
  storms_ = &PlainCounter(r, "storms_detected_total",
                          "Storms started (storm remediation requests created).");
  aggregated_ = &PlainCounter(r, "signals_aggregated_total", "Signals aggregated into a storm.");
  created_ = &PlainCounter(r, "remediation_requests_created_total",
                           "Remediation requests created (storms included).");
  ignored_ = &PlainCounter(r, "signals_ignored_total",
                           "Signals ignored (Normal events, resolved alerts).");
  auto& rejected =
      CounterFamily(r, "requests_rejected_total", "HTTP requests rejected, by reason.");
  for (std::size_t i = 0; i < kRejectReasonCount; ++i) {
    rejected_[i] = &rejected.Add({{"reason", RejectReasonName(static_cast<RejectReason>(i))}});
  }
  redis_up_ = &prometheus::BuildGauge()
                   .Name(std::string(kPrefix) + "redis_up")
                   .Help("1 when the last Redis call reached Redis, else 0.")
                   .Register(r)
                   .Add({});
  redis_latency_ = &Seconds(
      r, "redis_call_duration_seconds", "Duration of Redis calls (pool wait included).",
      {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5});
  http_latency_ = &Seconds(
      r, "http_request_duration_seconds", "Duration of HTTP requests handled by the gateway.",
      {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
}

Metrics::~Metrics() = default;

void Metrics::SignalReceived(SignalSource source) { received_[Index(source)]->Increment(); }
void Metrics::Duplicate() { duplicates_->Increment(); }
void Metrics::StormDetected() { storms_->Increment(); }
void Metrics::Aggregated() { aggregated_->Increment(); }
void Metrics::RequestCreated() { created_->Increment(); }
void Metrics::Ignored() { ignored_->Increment(); }
void Metrics::Rejected(RejectReason reason) {
  rejected_[static_cast<std::size_t>(reason)]->Increment();
}
void Metrics::SetRedisUp(bool up) { redis_up_->Set(up ? 1 : 0); }
void Metrics::ObserveRedisCall(std::chrono::nanoseconds elapsed) {
  Observe(*redis_latency_, elapsed);
}
void Metrics::ObserveHttp(std::chrono::nanoseconds elapsed) { Observe(*http_latency_, elapsed); }

std::uint64_t Metrics::received(SignalSource source) const {
  return Count(received_[Index(source)]);
}
std::uint64_t Metrics::duplicates() const { return Count(duplicates_); }
std::uint64_t Metrics::storms() const { return Count(storms_); }
std::uint64_t Metrics::aggregated() const { return Count(aggregated_); }
std::uint64_t Metrics::created() const { return Count(created_); }
std::uint64_t Metrics::ignored() const { return Count(ignored_); }
std::uint64_t Metrics::rejected(RejectReason reason) const {
  return Count(rejected_[static_cast<std::size_t>(reason)]);
}
bool Metrics::redis_up() const { return redis_up_->Value() == 1; }
std::uint64_t Metrics::redis_calls() const {
  return redis_latency_->Collect().histogram.sample_count;
}
std::uint64_t Metrics::http_requests() const {
  return http_latency_->Collect().histogram.sample_count;
}

std::string Metrics::RenderPrometheus() const {
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace signal_gateway
