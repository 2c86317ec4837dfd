// The cost of the gateway's metrics, prometheus-cpp (signal_gateway::Metrics) beside the
// hand-written code it replaced (legacy_metrics.h, kept for this comparison only), in one run:
//   RecordRequest  what one alert request records: the HTTP duration, two Redis calls (duration
//                  and redis_up each), the signal received and the request created
//   Render         one GET /metrics body, after 10000 recorded requests
// Threads(2): two request threads recording at once (the histograms' mutex against atomics).
//   build/release/bench/gateway/gateway_metrics_bench [--benchmark_repetitions=N ...]
#include <benchmark/benchmark.h>

#include <chrono>

#include "legacy_metrics.h"
#include "signal_gateway/metrics.h"

namespace {

using std::chrono::microseconds;

template <typename MetricsT>
void RecordRequest(MetricsT& metrics, int i) {
  metrics.ObserveRedisCall(microseconds(80 + i % 50));
  metrics.SetRedisUp(true);
  metrics.ObserveRedisCall(microseconds(120 + i % 70));
  metrics.SetRedisUp(true);
  metrics.SignalReceived(signal_gateway::SignalSource::kPrometheus);
  metrics.RequestCreated();
  metrics.ObserveHttp(microseconds(300 + i % 400));
}

// One instance per kind, shared by the threads of a run (as the gateway's request threads share
// its Metrics).
template <typename MetricsT>
MetricsT& Shared() {
  static MetricsT metrics;
  return metrics;
}

template <typename MetricsT>
void BM_RecordRequest(benchmark::State& state) {
  MetricsT& metrics = Shared<MetricsT>();
  int i = 0;
  for (auto _ : state) RecordRequest(metrics, ++i);
}

template <typename MetricsT>
void BM_Render(benchmark::State& state) {
  MetricsT metrics;
  for (int i = 0; i < 10000; ++i) RecordRequest(metrics, i);
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = metrics.RenderPrometheus();
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.counters["body_bytes"] = static_cast<double>(bytes);
}

BENCHMARK(BM_RecordRequest<legacy_metrics::Metrics>)->Name("RecordRequest/legacy")->Threads(1);
BENCHMARK(BM_RecordRequest<signal_gateway::Metrics>)
    ->Name("RecordRequest/prometheus-cpp")
    ->Threads(1);
BENCHMARK(BM_RecordRequest<legacy_metrics::Metrics>)->Name("RecordRequest/legacy")->Threads(2);
BENCHMARK(BM_RecordRequest<signal_gateway::Metrics>)
    ->Name("RecordRequest/prometheus-cpp")
    ->Threads(2);
BENCHMARK(BM_Render<legacy_metrics::Metrics>)->Name("Render/legacy");
BENCHMARK(BM_Render<signal_gateway::Metrics>)->Name("Render/prometheus-cpp");

}  // namespace

BENCHMARK_MAIN();
