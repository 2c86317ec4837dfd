// The gateway's metrics as they were before prometheus-cpp (hand-written text, %g values, atomic
// counters), kept for metrics_bench only: the old path measured beside the new one in one run.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "signal_gateway/metrics.h"
#include "signal_gateway/signal.h"

namespace legacy_metrics {

using signal_gateway::kRejectReasonCount;
using signal_gateway::RejectReason;
using signal_gateway::SignalSource;

// A cumulative histogram with fixed upper bounds (seconds).
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void Observe(std::chrono::nanoseconds elapsed);
  // `name`_bucket{le=..}, `name`_sum, `name`_count.
  void Render(std::string& out, const std::string& name, const std::string& help) const;
  std::uint64_t count() const { return count_.load(); }

 private:
  std::vector<double> bounds_;
  std::vector<std::atomic<std::uint64_t>> buckets_;  // non-cumulative per bound; last = +Inf
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_ns_{0};
};

class Metrics {
 public:
  Metrics();

  void SignalReceived(SignalSource source) { Bump(received_[Index(source)]); }
  void Duplicate() { Bump(duplicates_); }
  void StormDetected() { Bump(storms_); }
  void Aggregated() { Bump(aggregated_); }
  void RequestCreated() { Bump(created_); }
  void Ignored() { Bump(ignored_); }
  void Rejected(RejectReason reason) { Bump(rejected_[static_cast<std::size_t>(reason)]); }
  void SetRedisUp(bool up) { redis_up_.store(up ? 1 : 0); }
  void ObserveRedisCall(std::chrono::nanoseconds elapsed) { redis_latency_.Observe(elapsed); }
  void ObserveHttp(std::chrono::nanoseconds elapsed) { http_latency_.Observe(elapsed); }

  std::uint64_t received(SignalSource source) const { return received_[Index(source)].load(); }
  std::uint64_t duplicates() const { return duplicates_.load(); }
  std::uint64_t storms() const { return storms_.load(); }
  std::uint64_t aggregated() const { return aggregated_.load(); }
  std::uint64_t created() const { return created_.load(); }
  std::uint64_t ignored() const { return ignored_.load(); }
  std::uint64_t rejected(RejectReason reason) const {
    return rejected_[static_cast<std::size_t>(reason)].load();
  }
  bool redis_up() const { return redis_up_.load() == 1; }
  std::uint64_t redis_calls() const { return redis_latency_.count(); }
  std::uint64_t http_requests() const { return http_latency_.count(); }

  // All metrics, names prefixed "signal_gateway_".
  std::string RenderPrometheus() const;

 private:
  static std::size_t Index(SignalSource source) { return static_cast<std::size_t>(source); }
  static void Bump(std::atomic<std::uint64_t>& counter) {
    counter.fetch_add(1, std::memory_order_relaxed);
  }

  std::array<std::atomic<std::uint64_t>, 2> received_{};
  std::atomic<std::uint64_t> duplicates_{0};
  std::atomic<std::uint64_t> storms_{0};
  std::atomic<std::uint64_t> aggregated_{0};
  std::atomic<std::uint64_t> created_{0};
  std::atomic<std::uint64_t> ignored_{0};
  std::array<std::atomic<std::uint64_t>, kRejectReasonCount> rejected_{};
  std::atomic<int> redis_up_{0};
  Histogram redis_latency_;
  Histogram http_latency_;
};

}  // namespace legacy_metrics
