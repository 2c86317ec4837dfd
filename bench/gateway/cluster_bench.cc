// The gateway's signal throughput on a Redis Cluster against one server, same run, same workload,
// same number of connections (issue 10's target: a 3-master cluster at least 2x one server with 8
// connections, the reason to use a cluster at all). N threads share a pool of N connections and do
// what the gateway does per request (signal_workload.h). Prints figures and the ratio; asserts
// nothing. FLUSHALLs both targets (every master of the cluster): use scratch servers
// (bench/gateway/cluster-throughput.sh starts them).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.h"
#include "redis_testkit/client/cluster_connection.h"
#include "signal_gateway/gateway_config.h"
#include "signal_workload.h"

namespace {

using namespace signal_gateway;
namespace client = redis_testkit::client;
using bench::Workload;

constexpr const char* kUsage =
    "Usage: gateway_cluster_bench --redis-url redis://127.0.0.1:PORT\n"
    "         --cluster-url redis+cluster://127.0.0.1:PORT [--signals 40000] [--connections 8]\n"
    "         [--repeats 3] [--workloads storm,batches]\n"
    "  --redis-url: one server; --cluster-url: any node of a Redis Cluster (the gateway's URL).\n"
    "  --repeats: runs per figure, interleaved; the best is kept (the machine may be shared).\n"
    "  --workloads: storm (one signal per request), batches (10 per request), duplicates.\n";

// The endpoint and cluster flag of a --redis-url value, as gateway-server reads it.
PoolOptions PoolFor(const std::string& url) {
  const GatewayConfig config = ParseCommandLine({"--redis-url", url}).config;
  PoolOptions options;
  options.connection.endpoint = config.redis;
  options.connection.command_timeout = std::chrono::seconds(5);
  options.cluster = config.redis_cluster;
  options.acquire_timeout = std::chrono::seconds(10);
  return options;
}

void FlushAll(const PoolOptions& target) {
  if (!target.cluster) {
    bench::Connect(target.connection.endpoint).Command({"FLUSHALL"});
    return;
  }
  client::ClusterConnection cluster({.seeds = {target.connection.endpoint}});
  for (const client::ClusterNodeAddress& master : cluster.Masters()) {
    cluster.Node(master).Command({"FLUSHALL"});
  }
}

std::size_t MastersOf(const PoolOptions& target) {
  return client::ClusterConnection({.seeds = {target.connection.endpoint}}).Masters().size();
}

}  // namespace

int main(int argc, char** argv) {
  auto args = bench::ParseArgs(argc, argv, kUsage, {"redis-url", "cluster-url"});
  try {
    const PoolOptions single = PoolFor(args["redis-url"]);
    const PoolOptions cluster = PoolFor(args["cluster-url"]);
    if (single.cluster || !cluster.cluster) {
      std::fprintf(stderr, "--redis-url takes redis://, --cluster-url redis+cluster://\n%s",
                   kUsage);
      return 2;
    }
    const long long total = args.count("signals") ? std::stoll(args["signals"]) : 40'000;
    const int connections = args.count("connections") ? std::stoi(args["connections"]) : 8;
    const int repeats = args.count("repeats") ? std::max(1, std::stoi(args["repeats"])) : 3;
    const std::string workloads = args.count("workloads") ? args["workloads"] : "storm,batches";
    const std::vector<std::pair<Workload, const char*>> all = {
        {Workload::kNewSignals, "new signals (storm path)"},
        {Workload::kBatches, "10-signal batches"},
        {Workload::kDuplicates, "duplicates"}};
    const std::vector<const char*> keys = {"storm", "batches", "duplicates"};

    std::printf(
        "gateway signal throughput: one server %s vs a Redis Cluster of %zu masters via %s\n"
        "%d connections, %lld signals per run, %u hardware threads, best of %d interleaved "
        "runs\n\n",
        single.connection.endpoint.ToString().c_str(), MastersOf(cluster),
        cluster.connection.endpoint.ToString().c_str(), connections, total,
        std::thread::hardware_concurrency(), repeats);
    std::printf("%-26s %4s %16s %16s %7s\n", "workload", "N", "one server sig/s", "cluster sig/s",
                "ratio");
    for (std::size_t w = 0; w < all.size(); ++w) {
      if (workloads.find(keys[w]) == std::string::npos) continue;
      double best_single = 0;
      double best_cluster = 0;
      for (int r = 0; r < repeats; ++r) {
        FlushAll(single);
        best_single =
            std::max(best_single, bench::RunWorkload(single, all[w].first, connections, total));
        FlushAll(cluster);
        best_cluster =
            std::max(best_cluster, bench::RunWorkload(cluster, all[w].first, connections, total));
      }
      std::printf("%-26s %4d %16.0f %16.0f %6.2fx\n", all[w].second, connections, best_single,
                  best_cluster, best_single > 0 ? best_cluster / best_single : 0.0);
      std::fflush(stdout);
    }
    FlushAll(single);
    FlushAll(cluster);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gateway_cluster_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
