// The gateway's metrics, kept in a prometheus-cpp registry and rendered by its TextSerializer in
// the Prometheus text format (GET /metrics): values as the shortest text that reads back to the
// same double, so a histogram sum keeps every digit. Counters and gauges are atomic; an
// observation takes its histogram's mutex. Safe from any thread. prometheus-cpp stays out of this
// header (a PRIVATE dependency of signal_gateway).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "signal_gateway/signal.h"

namespace prometheus {
class Counter;
class Gauge;
class Histogram;
class Registry;
}  // namespace prometheus

namespace signal_gateway {

enum class RejectReason {
  kInvalidPayload,    // 400
  kPayloadTooLarge,   // 413
  kMethodNotAllowed,  // 405
  kRateLimited,       // 429
  kRedisUnavailable,  // 503
  kInternal,          // 500
  kSinkUnavailable,   // 503: the sink could not take a create
  kCreateInFlight,    // 503: another request's create of the same request is unconfirmed
};
inline constexpr std::size_t kRejectReasonCount = 8;
// "invalid_payload", "payload_too_large", ... (the `reason` label).
const char* RejectReasonName(RejectReason reason);

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  void SignalReceived(SignalSource source);
  void Duplicate();
  void StormDetected();
  void Aggregated();
  void RequestCreated();
  void Ignored();
  void Rejected(RejectReason reason);
  void SetRedisUp(bool up);
  void ObserveRedisCall(std::chrono::nanoseconds elapsed);
  void ObserveHttp(std::chrono::nanoseconds elapsed);

  std::uint64_t received(SignalSource source) const;
  std::uint64_t duplicates() const;
  std::uint64_t storms() const;
  std::uint64_t aggregated() const;
  std::uint64_t created() const;
  std::uint64_t ignored() const;
  std::uint64_t rejected(RejectReason reason) const;
  bool redis_up() const;
  std::uint64_t redis_calls() const;    // observations of the Redis call histogram
  std::uint64_t http_requests() const;  // observations of the HTTP request histogram

  // All metrics, names prefixed "signal_gateway_".
  std::string RenderPrometheus() const;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  // Owned by registry_'s families.
  std::array<prometheus::Counter*, 2> received_{};
  prometheus::Counter* duplicates_ = nullptr;
  prometheus::Counter* storms_ = nullptr;
  prometheus::Counter* aggregated_ = nullptr;
  prometheus::Counter* created_ = nullptr;
  prometheus::Counter* ignored_ = nullptr;
  std::array<prometheus::Counter*, kRejectReasonCount> rejected_{};
  prometheus::Gauge* redis_up_ = nullptr;
  prometheus::Histogram* redis_latency_ = nullptr;
  prometheus::Histogram* http_latency_ = nullptr;
};

}  // namespace signal_gateway
