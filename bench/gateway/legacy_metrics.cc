#include "legacy_metrics.h"

#include <cstdio>

namespace legacy_metrics {

using signal_gateway::RejectReasonName;
using signal_gateway::SourceName;

namespace {

std::string FormatDouble(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

void Counter(std::string& out, const std::string& name, const std::string& help) {
  out += "# HELP " + name + " " + help + "\n# TYPE " + name + " counter\n";
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(bounds_.size() + 1) {}

void Histogram::Observe(std::chrono::nanoseconds elapsed) {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  std::size_t i = 0;
  while (i < bounds_.size() && seconds > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(static_cast<std::uint64_t>(elapsed.count() < 0 ? 0 : elapsed.count()),
                    std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

void Histogram::Render(std::string& out, const std::string& name, const std::string& help) const {
  out += "# HELP " + name + " " + help + "\n# TYPE " + name + " histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    cumulative += buckets_[i].load();
    out += name + "_bucket{le=\"" + FormatDouble(bounds_[i]) + "\"} " + std::to_string(cumulative) +
           "\n";
  }
  cumulative += buckets_.back().load();
  out += name + "_bucket{le=\"+Inf\"} " + std::to_string(cumulative) + "\n";
  out += name + "_sum " + FormatDouble(static_cast<double>(sum_ns_.load()) / 1e9) + "\n";
  out += name + "_count " + std::to_string(count_.load()) + "\n";
}

Metrics::Metrics()
    : redis_latency_({0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                      0.5, 1, 2.5}),
      http_latency_(
          {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}) {}

std::string Metrics::RenderPrometheus() const {
  std::string out;
  const std::string p = "signal_gateway_";
  Counter(out, p + "signals_received_total", "Signals received, by source.");
  for (SignalSource source : {SignalSource::kPrometheus, SignalSource::kKubernetesEvent}) {
    out += p + "signals_received_total{source=\"" + std::string(SourceName(source)) + "\"} " +
           std::to_string(received(source)) + "\n";
  }
  const auto plain = [&](const std::string& name, const std::string& help, std::uint64_t value) {
    Counter(out, p + name, help);
    out += p + name + " " + std::to_string(value) + "\n";
  };
  plain("signals_duplicate_total", "Signals answered as duplicates.", duplicates());
  plain("storms_detected_total", "Storms started (storm remediation requests created).", storms());
  plain("signals_aggregated_total", "Signals aggregated into a storm.", aggregated());
  plain("remediation_requests_created_total", "Remediation requests created (storms included).",
        created());
  plain("signals_ignored_total", "Signals ignored (Normal events, resolved alerts).", ignored());
  Counter(out, p + "requests_rejected_total", "HTTP requests rejected, by reason.");
  for (std::size_t i = 0; i < kRejectReasonCount; ++i) {
    out += p + "requests_rejected_total{reason=\"" +
           RejectReasonName(static_cast<RejectReason>(i)) + "\"} " +
           std::to_string(rejected_[i].load()) + "\n";
  }
  out += "# HELP " + p + "redis_up 1 when the last Redis call reached Redis, else 0.\n";
  out += "# TYPE " + p + "redis_up gauge\n";
  out += p + "redis_up " + std::to_string(redis_up_.load()) + "\n";
  redis_latency_.Render(out, p + "redis_call_duration_seconds",
                        "Duration of Redis calls (pool wait included).");
  http_latency_.Render(out, p + "http_request_duration_seconds",
                       "Duration of HTTP requests handled by the gateway.");
  return out;
}

}  // namespace legacy_metrics
