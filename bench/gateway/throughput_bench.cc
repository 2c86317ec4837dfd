// Throughput of the atomic step: signals/s through SignalStore::Process with N client threads
// sharing a pool of N connections, against redis-benchmark running EVALSHA of "return 1" with the
// same N connections on the same server in the same run. Prints figures and the ratio; asserts
// nothing. FLUSHALLs the target: use a scratch server (scripts/bench.sh gateway starts one).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.h"
#include "signal_gateway/fingerprint.h"
#include "signal_gateway/signal_store.h"
#include "signal_workload.h"

namespace {

using namespace signal_gateway;
using bench::Workload;
namespace client = redis_testkit::client;

constexpr const char* kUsage =
    "Usage: gateway_throughput_bench --redis-url redis://127.0.0.1:PORT\n"
    "         [--signals 100000] [--connections 1,4,8] [--repeats 3] [--baseline-sha SHA]\n"
    "         [--redis-benchmark redis-benchmark]\n"
    "  --baseline-sha: SHA of the loaded script \"return 1\" (loaded here when absent).\n"
    "  --repeats: runs per figure, interleaved; the best is kept (the machine may be shared).\n"
    "  --workloads storm,duplicates,batches: which workloads to run (default all three;\n"
    "    batches: the storm signals 10 per pipelined batch, as one AlertManager webhook).\n";

double RunGateway(const client::Endpoint& endpoint, Workload workload, int connections,
                  long long total) {
  PoolOptions options;
  options.connection.endpoint = endpoint;
  options.acquire_timeout = std::chrono::seconds(10);
  return bench::RunWorkload(options, workload, connections, total);
}

// redis-benchmark --csv prints "test","rps",...; the second line holds the figures.
double RunRedisBenchmark(const std::string& binary, const client::Endpoint& endpoint,
                         const std::string& sha, int connections, long long requests) {
  const std::string command = "timeout 300 " + binary + " -h " + endpoint.host + " -p " +
                              std::to_string(endpoint.port) + " -c " + std::to_string(connections) +
                              " -n " + std::to_string(requests) + " --csv EVALSHA " + sha +
                              " 0 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return 0;
  std::string output;
  char buffer[512];
  while (std::fgets(buffer, sizeof(buffer), pipe.get()) != nullptr) output += buffer;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("\"EVALSHA", 0) == 0) {
      const auto comma = line.find("\",\"");
      if (comma != std::string::npos) return std::stod(line.substr(comma + 3));
    }
  }
  std::fprintf(stderr, "could not read redis-benchmark output:\n%s\n", output.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto args = bench::ParseArgs(argc, argv, kUsage, {"redis-url"});
  const client::Endpoint endpoint = bench::TargetEndpoint(args);
  const long long total = args.count("signals") ? std::stoll(args["signals"]) : 100'000;
  const std::string binary =
      args.count("redis-benchmark") ? args["redis-benchmark"] : "redis-benchmark";
  const int repeats = args.count("repeats") ? std::max(1, std::stoi(args["repeats"])) : 3;
  const std::string workloads =
      args.count("workloads") ? args["workloads"] : "storm,duplicates,batches";
  const bool run[3] = {workloads.find("storm") != std::string::npos,
                       workloads.find("duplicates") != std::string::npos,
                       workloads.find("batches") != std::string::npos};
  constexpr Workload kWorkloads[3] = {Workload::kNewSignals, Workload::kDuplicates,
                                      Workload::kBatches};
  constexpr const char* kNames[3] = {"new signals (storm path)", "duplicates", "10-signal batches"};
  std::vector<int> connection_counts;
  {
    std::stringstream list(args.count("connections") ? args["connections"] : "1,4,8");
    std::string item;
    while (std::getline(list, item, ',')) connection_counts.push_back(std::stoi(item));
  }
  client::Connection redis = bench::Connect(endpoint);
  std::string sha = args.count("baseline-sha") ? args["baseline-sha"] : "";
  if (sha.empty()) sha = redis.Command({"SCRIPT", "LOAD", "return 1"}).AsString();
  if (sha != Sha1Hex("return 1")) {
    std::fprintf(stderr, "--baseline-sha %s is not the SHA of \"return 1\" (%s)\n", sha.c_str(),
                 Sha1Hex("return 1").c_str());
    return 2;
  }

  std::printf("atomic step throughput on %s, %lld signals per run, %u hardware threads\n",
              endpoint.ToString().c_str(), total, std::thread::hardware_concurrency());
  std::printf(
      "baseline: redis-benchmark -c N -n %lld EVALSHA %s 0; best of %d interleaved runs\n\n", total,
      sha.c_str(), repeats);
  std::printf("%-26s %4s %14s %14s %8s\n", "workload", "N", "gateway sig/s", "baseline rps",
              "ratio");
  for (int connections : connection_counts) {
    double baseline = 0;
    double best[3] = {0, 0, 0};
    for (int r = 0; r < repeats; ++r) {
      redis.Command({"SCRIPT", "LOAD", "return 1"});
      baseline = std::max(baseline, RunRedisBenchmark(binary, endpoint, sha, connections, total));
      for (int w = 0; w < 3; ++w) {
        if (!run[w]) continue;
        redis.Command({"FLUSHALL"});
        best[w] = std::max(best[w], RunGateway(endpoint, kWorkloads[w], connections, total));
      }
    }
    for (int w = 0; w < 3; ++w) {
      if (!run[w]) continue;
      std::printf("%-26s %4d %14.0f %14.0f %7.0f%%\n", kNames[w], connections, best[w], baseline,
                  baseline > 0 ? 100.0 * best[w] / baseline : 0.0);
    }
    if (run[0] && run[2] && best[0] > 0) {
      std::printf("%-26s %4d %14.1fx (per-signal rate of 10-signal batches / single signals)\n",
                  "batch speed-up", connections, best[2] / best[0]);
    }
    std::fflush(stdout);
  }
  redis.Command({"FLUSHALL"});
  return 0;
}
