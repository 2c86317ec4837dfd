// Memory budget benchmark: for each case, MEMORY USAGE summed over every key of the case, against
// the design budget. The target database is FLUSHALLed between cases: point it at a scratch Redis
// (scripts/bench.sh gateway starts one).
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.h"
#include "redis_testkit/client/info.h"
#include "redis_testkit/client/scan.h"
#include "signal_gateway/redis_keys.h"
#include "signal_gateway/signal_store.h"

namespace {

using namespace signal_gateway;
namespace client = redis_testkit::client;

constexpr const char* kUsage =
    "Usage: gateway_memory_bench --redis-url redis://127.0.0.1:PORT\n"
    "  FLUSHALLs that Redis between cases: use a scratch server.\n";

struct Totals {
  long long keys = 0;
  long long bytes = 0;
};

Totals SumMemory(client::Connection& redis, const std::string& match) {
  Totals totals;
  client::ScanOptions options;
  options.match = match;
  for (const std::string& key : client::ScanAllKeys(redis, options)) {
    ++totals.keys;
    totals.bytes += redis.Command({"MEMORY", "USAGE", key, "SAMPLES", "0"}).AsInteger();
  }
  return totals;
}

bool Report(const char* name, const Totals& totals, long long budget, bool strict_less = false) {
  const bool ok = strict_less ? totals.bytes < budget : totals.bytes <= budget;
  std::printf("%-46s keys=%-6lld bytes=%-8lld budget=%s%-6lld %s\n", name, totals.keys,
              totals.bytes, strict_less ? "<" : "<=", budget, ok ? "OK" : "OVER BUDGET");
  return ok;
}

void Info(const char* name, const Totals& totals) {
  std::printf(
      "  (info) %-38s keys=%-6lld bytes=%-8lld (%.1f bytes/key)\n", name, totals.keys, totals.bytes,
      totals.keys > 0 ? static_cast<double>(totals.bytes) / static_cast<double>(totals.keys) : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
  const auto args = bench::ParseArgs(argc, argv, kUsage, {"redis-url"});
  const client::Endpoint endpoint = bench::TargetEndpoint(args);
  client::Connection redis = bench::Connect(endpoint);
  const client::Info info = client::ParseInfo(redis.Info("server"));
  std::printf("gateway memory budgets on Redis %s at %s (MEMORY USAGE ... SAMPLES 0, summed)\n",
              info.server.redis_version.c_str(), endpoint.ToString().c_str());
  std::printf(
      "pod names like \"%s\" (20 chars, Deployment pods); defaults: threshold 10, cap 100\n\n",
      bench::PodName(0).c_str());

  PoolOptions pool_options;
  pool_options.connection.endpoint = endpoint;
  pool_options.max_connections = 4;
  ConnectionPool pool(pool_options);
  SignalStore store(pool, StoreSettings{});
  bool all_ok = true;

  // Case 1: one dedup entry (the window counter the same signal starts is reported apart).
  redis.Command({"FLUSHALL"});
  store.Process(bench::PodSignal("HighCPUUsage", "checkout", bench::PodName(0)));
  all_ok &= Report("one dedup entry", SumMemory(redis, "gateway:dedup:*"), 200);
  Info("+ its storm window counter", SumMemory(redis, "gateway:storm:*"));

  // Case 2: one storm with 15 affected resources: threshold - 1 = 9 signals with their own
  // request, then 15 aggregated.
  redis.Command({"FLUSHALL"});
  for (int i = 0; i < 24; ++i) {
    store.Process(bench::PodSignal("HighCPUUsage", "prod-api", bench::PodName(i)));
  }
  const std::string storm_key = KeysFor("prod-api", "HighCPUUsage", "").storm;
  all_ok &= Report("one storm, 15 affected resources (all keys)",
                   SumMemory(redis, "gateway:storm:*"), 512);
  std::printf("  (info) storm record: HLEN %lld, encoding %s\n",
              redis.Command({"HLEN", storm_key}).AsInteger(),
              redis.Command({"OBJECT", "ENCODING", storm_key}).AsString().c_str());
  Info("dedup entries of its 24 signals", SumMemory(redis, "gateway:dedup:*"));

  // Case 3: a storm over 10,000 distinct pods.
  redis.Command({"FLUSHALL"});
  const long long used_before = client::ParseInfo(redis.Info("memory")).memory.used_memory;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < 10'000; i += 4) {
        store.Process(bench::PodSignal("HighCPUUsage", "prod-api", bench::PodName(i)));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  all_ok &= Report("storm over 10,000 distinct pods (storm keys)",
                   SumMemory(redis, "gateway:storm:*"), 8 * 1024, true);
  std::printf(
      "  (info) storm record: alerts %lld, resources kept %lld, dropped %lld, encoding %s\n",
      redis.Command({"HGET", storm_key, "c"}).AsInteger(),
      redis.Command({"HLEN", storm_key}).AsInteger() - kStormMetaFields,
      redis.Command({"HGET", storm_key, "d"}).AsInteger(),
      redis.Command({"OBJECT", "ENCODING", storm_key}).AsString().c_str());
  Info("its 10,000 dedup entries (per signal)", SumMemory(redis, "gateway:dedup:*"));
  const long long used_after = client::ParseInfo(redis.Info("memory")).memory.used_memory;
  std::printf("  (info) used_memory grew by %lld bytes for the whole case\n",
              used_after - used_before);

  redis.Command({"FLUSHALL"});
  std::printf("\n%s\n", all_ok ? "all budgets met" : "SOME BUDGETS EXCEEDED");
  return all_ok ? 0 : 1;
}
