// The gateway's signal workloads for the throughput benchmarks: the signals, and what the gateway
// does per request (the steps in one pipelined round trip, then the creates' claims confirmed),
// run by N threads sharing a pool of N connections (one server or a Redis Cluster).
#pragma once

#include <cstddef>
#include <vector>

#include "signal_gateway/connection_pool.h"
#include "signal_gateway/signal.h"
#include "signal_gateway/signal_store.h"

namespace signal_gateway::bench {

// kNewSignals: distinct pods spread over 1,000 (namespace, alertname) groups, so each group sees
// ~100 signals: 9 created, the rest aggregated into its storm (the storm path, the heavier one).
// kDuplicates: 100 fingerprints per thread sent over and over. kBatches: the kNewSignals signals,
// 10 per pipelined batch, as one AlertManager webhook.
enum class Workload { kNewSignals, kDuplicates, kBatches };
inline constexpr std::size_t kBatchSize = 10;

// The signals of one thread.
std::vector<Signal> MakeSignals(Workload workload, int thread, long long count);
// What the gateway does for one request of input[first, first + count).
void ProcessAsGateway(SignalStore& store, const std::vector<Signal>& input, std::size_t first,
                      std::size_t count);
// Signals per second of `workload`: `total` signals from `connections` threads through one pool
// of `connections` connections (pool.max_connections is set here). Failed steps are reported on
// stderr.
double RunWorkload(PoolOptions pool, Workload workload, int connections, long long total);

}  // namespace signal_gateway::bench
