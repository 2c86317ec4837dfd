// The /metrics text (Metrics::RenderPrometheus through prometheus-cpp's TextSerializer): the names
// and labels the README and the dashboards use, cumulative buckets, and sums with every digit.
#include "signal_gateway/metrics.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace signal_gateway {
namespace {

using std::chrono::microseconds;
using std::chrono::nanoseconds;

bool HasLine(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos || text.rfind(line + "\n", 0) == 0;
}

TEST(MetricsTest, CountersKeepTheirNamesAndLabels) {
  Metrics metrics;
  metrics.SignalReceived(SignalSource::kKubernetesEvent);
  metrics.SignalReceived(SignalSource::kKubernetesEvent);
  metrics.Duplicate();
  metrics.Rejected(RejectReason::kRateLimited);
  metrics.SetRedisUp(true);
  const std::string text = metrics.RenderPrometheus();
  for (const char* line :
       {"# TYPE signal_gateway_signals_received_total counter",
        "signal_gateway_signals_received_total{source=\"kubernetes-event\"} 2",
        "signal_gateway_signals_received_total{source=\"prometheus\"} 0",
        "signal_gateway_signals_duplicate_total 1", "signal_gateway_storms_detected_total 0",
        "signal_gateway_requests_rejected_total{reason=\"rate_limited\"} 1",
        "signal_gateway_requests_rejected_total{reason=\"create_in_flight\"} 0",
        "# TYPE signal_gateway_redis_up gauge", "signal_gateway_redis_up 1"}) {
    EXPECT_TRUE(HasLine(text, line)) << line << "\nin:\n" << text;
  }
  EXPECT_EQ(metrics.received(SignalSource::kKubernetesEvent), 2u);
  EXPECT_EQ(metrics.rejected(RejectReason::kRateLimited), 1u);
  EXPECT_TRUE(metrics.redis_up());
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Metrics metrics;
  metrics.ObserveHttp(microseconds(300));
  metrics.ObserveHttp(microseconds(700));
  metrics.ObserveHttp(std::chrono::seconds(20));
  const std::string text = metrics.RenderPrometheus();
  for (const char* line : {"# TYPE signal_gateway_http_request_duration_seconds histogram",
                           "signal_gateway_http_request_duration_seconds_bucket{le=\"0.0005\"} 1",
                           "signal_gateway_http_request_duration_seconds_bucket{le=\"0.001\"} 2",
                           "signal_gateway_http_request_duration_seconds_bucket{le=\"10\"} 2",
                           "signal_gateway_http_request_duration_seconds_bucket{le=\"+Inf\"} 3",
                           "signal_gateway_http_request_duration_seconds_count 3"}) {
    EXPECT_TRUE(HasLine(text, line)) << line << "\nin:\n" << text;
  }
  EXPECT_EQ(metrics.http_requests(), 3u);
}

// The hand-written text had printf's %g: six significant digits, so 1.234567891 s read 1.23457.
TEST(MetricsTest, HistogramSumsKeepEveryDigit) {
  Metrics metrics;
  metrics.ObserveHttp(nanoseconds(1'234'567'891));
  metrics.ObserveRedisCall(nanoseconds(1'234'567));
  const std::string text = metrics.RenderPrometheus();
  EXPECT_TRUE(HasLine(text, "signal_gateway_http_request_duration_seconds_sum 1.234567891"))
      << text;
  EXPECT_TRUE(HasLine(text, "signal_gateway_redis_call_duration_seconds_sum 0.001234567")) << text;
  EXPECT_EQ(metrics.redis_calls(), 1u);
}

}  // namespace
}  // namespace signal_gateway
