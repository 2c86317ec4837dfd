// Crash recovery: N trials on one redis-server the kit starts (process runtime, aof-everysec, no
// cap). Each trial deletes the stream, pipelines numbered XADDs, SIGKILLs the server once a share
// of them is acknowledged (10% .. 90% across trials), starts it again on the same data and reads
// the stream back. Printed per trial: acknowledged, recovered, lost (the target: 0), the kit's
// recovery time (start -> loading:0 and PONG) and, as the anchor from the same restart, the load
// time Redis logs itself ("DB loaded from append only file: X seconds").
//
//   redis_testkit_bench_recovery [--trials 10] [--entries 50000] [--persistence aof-everysec]
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "redis_testkit/containers/redis_server.h"
#include "redis_testkit/ops/crash_recovery.h"

namespace {

using namespace redis_testkit;  // NOLINT(google-build-using-namespace): a benchmark's main

// The last "DB loaded from append only file: 0.123 seconds" of the server's log, in ms; -1 if none.
double LoggedLoadMs(const std::string& logs) {
  const std::string marker = "DB loaded from append only file: ";
  const std::size_t at = logs.rfind(marker);
  if (at == std::string::npos) return -1;
  return std::strtod(logs.c_str() + at + marker.size(), nullptr) * 1000.0;
}

int Run(int trials, long long entries, Persistence persistence) {
  ServerConfig config;
  config.runtime = Runtime::kProcess;
  config.maxmemory_bytes = 0;
  config.persistence = persistence;
  config.startup_timeout = std::chrono::seconds(60);
  containers::RedisServer server = containers::RedisServer::Start(config);
  std::printf(
      "crash recovery: %d trials of %lld pipelined XADDs (64-byte payload, batches of 100), "
      "SIGKILL during the writes, persistence %s, process runtime\n",
      trials, entries, ToString(persistence));
  std::printf("%-6s %-9s %-13s %-10s %-5s %-14s %-16s\n", "trial", "kill at", "acknowledged",
              "recovered", "lost", "recovery ms", "redis load ms");
  long long lost_total = 0;
  long long acknowledged_total = 0;
  double recovery_sum = 0;
  double load_sum = 0;
  for (int trial = 1; trial <= trials; ++trial) {
    ops::CrashTrialOptions options;
    options.entries = entries;
    options.kill_after = entries * (1 + (trial - 1) % 9) / 10;
    options.timeout = std::chrono::seconds(60);
    const ops::CrashTrialResult result = ops::RunCrashTrial(server, options);
    const double load = LoggedLoadMs(server.Logs(200));
    std::printf("%-6d %-9lld %-13lld %-10lld %-5lld %-14lld %-16.1f\n", trial, options.kill_after,
                result.acknowledged, result.recovered, result.lost,
                static_cast<long long>(result.recovery_time.count()), load);
    lost_total += result.lost;
    acknowledged_total += result.acknowledged;
    recovery_sum += static_cast<double>(result.recovery_time.count());
    load_sum += load;
  }
  std::printf(
      "total: %lld acknowledged, %lld lost (target 0); mean recovery %.1f ms, mean load "
      "Redis logged %.1f ms (the rest is process start and the readiness poll)\n",
      acknowledged_total, lost_total, recovery_sum / trials, load_sum / trials);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int trials = 10;
  long long entries = 50'000;
  Persistence persistence = Persistence::kAofEverysec;
  try {
    for (int i = 1; i + 1 < argc; i += 2) {
      const std::string flag = argv[i];
      if (flag == "--trials") {
        trials = std::stoi(argv[i + 1]);
      } else if (flag == "--entries") {
        entries = std::stoll(argv[i + 1]);
      } else if (flag == "--persistence") {
        persistence = ParsePersistence(argv[i + 1], "--persistence");
      } else {
        std::fprintf(stderr, "unknown flag %s (--trials N --entries N --persistence MODE)\n",
                     flag.c_str());
        return 2;
      }
    }
    if (trials < 1) throw std::invalid_argument("--trials must be at least 1");
    return Run(trials, entries, persistence);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "recovery bench: %s\n", error.what());
    return 1;
  }
}
