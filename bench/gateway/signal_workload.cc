#include "signal_workload.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <utility>

#include "bench_common.h"

namespace signal_gateway::bench {

std::vector<Signal> MakeSignals(Workload workload, int thread, long long count) {
  std::vector<Signal> signals;
  signals.reserve(static_cast<std::size_t>(count));
  for (long long i = 0; i < count; ++i) {
    const long long id = workload == Workload::kDuplicates ? i % 100 : i;
    const long long group = id % 1000;
    signals.push_back(PodSignal("Alert" + std::to_string(group % 10),
                                "ns-" + std::to_string(group / 10), PodName(id * 16 + thread)));
  }
  return signals;
}

void ProcessAsGateway(SignalStore& store, const std::vector<Signal>& input, std::size_t first,
                      std::size_t count) {
  std::vector<const Signal*> batch;
  for (std::size_t i = first; i < first + count && i < input.size(); ++i) {
    batch.push_back(&input[i]);
  }
  std::vector<std::pair<CreateClaim, SettleAction>> claims;
  for (const StepResult& result : store.ProcessBatch(batch)) {
    if (result.claim) claims.emplace_back(*result.claim, SettleAction::kConfirm);
  }
  store.Settle(claims);
}

double RunWorkload(PoolOptions options, Workload workload, int connections, long long total) {
  options.max_connections = static_cast<std::size_t>(connections);
  ConnectionPool pool(options);
  SignalStore store(pool, StoreSettings{});
  store.LoadScript();
  const long long per_thread = total / connections;
  std::vector<std::vector<Signal>> inputs;
  inputs.reserve(static_cast<std::size_t>(connections));
  for (int t = 0; t < connections; ++t) inputs.push_back(MakeSignals(workload, t, per_thread));
  if (workload == Workload::kDuplicates) {  // first sight of each fingerprint outside the timing
    for (const auto& input : inputs) {
      for (std::size_t i = 0; i < 100 && i < input.size(); ++i) store.Process(input[i]);
    }
  }
  std::atomic<long long> failures{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(connections));
  for (int t = 0; t < connections; ++t) {
    threads.emplace_back([&, t] {
      const auto& input = inputs[static_cast<std::size_t>(t)];
      const std::size_t step = workload == Workload::kBatches ? kBatchSize : 1;
      for (std::size_t i = 0; i < input.size(); i += step) {
        try {
          ProcessAsGateway(store, input, i, step);
        } catch (const std::exception& e) {
          if (failures++ == 0) std::fprintf(stderr, "step failed: %s\n", e.what());
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (failures > 0) std::fprintf(stderr, "%lld steps failed\n", failures.load());
  return static_cast<double>(per_thread * connections) / seconds;
}

}  // namespace signal_gateway::bench
