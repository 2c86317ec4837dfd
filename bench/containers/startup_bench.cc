// How much the kit adds to starting and stopping Redis: RedisServer::Start (until PING answers and
// the cap is checked) and Stop(), per runtime, next to the bare commands measured in the same run
// and interleaved with them:
//   process: fork/exec redis-server + PING loop; SIGTERM + waitpid
//   podman:  `podman run -d -p 127.0.0.1:PORT:6379 ...` + PING loop; `podman rm -f`
// Usage: redis_testkit_containers_bench [runs=5] [--debug]  (--debug: the kit's step timings)
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "process_runtime.h"
#include "redis_command_line.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/containers/redis_server.h"
#include "runtime_selection.h"
#include "subprocess.h"

namespace {

using namespace redis_testkit;  // NOLINT: a benchmark main
using containers::internal::CommandResult;
using containers::internal::RunCommand;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr const char* kImage = "localhost/redis-testkit:7.0";

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

ServerConfig BenchConfig(Runtime runtime) {
  ServerConfig config;
  config.runtime = runtime;
  config.image = kImage;
  config.maxmemory_bytes = 64LL * 1024 * 1024;
  config.startup_timeout = std::chrono::seconds(30);
  return config;
}

// The same PING loop for the bare commands: 2 ms pause, 250 ms connect timeout.
void PingUntilReady(int port) {
  client::ConnectionOptions options;
  options.endpoint.port = port;
  options.connect_timeout = milliseconds(250);
  options.command_timeout = milliseconds(250);
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while (Clock::now() < deadline) {
    try {
      client::Connection connection(options);
      connection.Ping();
      return;
    } catch (const client::Error&) {
      std::this_thread::sleep_for(milliseconds(2));
    }
  }
  throw std::runtime_error("bare server on port " + std::to_string(port) + " never answered");
}

std::vector<std::string> BareArgs(int port, const std::string& bind) {
  containers::internal::RedisListenOptions listen;
  listen.port = port;
  listen.bind = bind;
  listen.protected_mode = bind == "127.0.0.1";
  return containers::internal::RedisServerArguments(BenchConfig(Runtime::kProcess), listen);
}

struct Sample {
  double start_ms = 0;
  double stop_ms = 0;
};

Sample KitRun(Runtime runtime) {
  Sample sample;
  auto start = Clock::now();
  containers::RedisServer server = containers::RedisServer::Start(BenchConfig(runtime));
  sample.start_ms = MsSince(start);
  start = Clock::now();
  server.Stop();
  sample.stop_ms = MsSince(start);
  return sample;
}

Sample BareProcessRun() {
  Sample sample;
  const int port = containers::internal::PickFreePort();
  std::vector<std::string> argv{"redis-server"};
  for (const std::string& arg : BareArgs(port, "127.0.0.1")) argv.push_back(arg);
  auto start = Clock::now();
  const pid_t pid = containers::internal::Spawn(argv, {});
  PingUntilReady(port);
  sample.start_ms = MsSince(start);
  start = Clock::now();
  ::kill(pid, SIGTERM);
  containers::internal::WaitForChild(pid, std::chrono::seconds(10));
  sample.stop_ms = MsSince(start);
  return sample;
}

Sample BarePodmanRun(int index) {
  Sample sample;
  const int port = containers::internal::PickFreePort();
  const std::string name =
      "redis-testkit-bench-bare-" + std::to_string(::getpid()) + "-" + std::to_string(index);
  std::vector<std::string> argv{"podman",
                                "run",
                                "-d",
                                "--name",
                                name,
                                "-p",
                                "127.0.0.1:" + std::to_string(port) + ":6379",
                                kImage,
                                "redis-server"};
  for (const std::string& arg : BareArgs(6379, "0.0.0.0")) argv.push_back(arg);
  auto start = Clock::now();
  const CommandResult run = RunCommand(argv, std::chrono::seconds(60));
  if (!run.ok()) throw std::runtime_error(run.Describe());
  PingUntilReady(port);
  sample.start_ms = MsSince(start);
  start = Clock::now();
  RunCommand({"podman", "rm", "-f", name}, std::chrono::seconds(60));
  sample.stop_ms = MsSince(start);
  return sample;
}

struct Stats {
  double median = 0, min = 0, max = 0;
};

Stats Summarize(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  const double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  return {median, values.front(), values.back()};
}

void PrintRow(const std::string& what, const std::vector<double>& values,
              const std::vector<double>* bare) {
  const Stats stats = Summarize(values);
  std::printf("%-34s %8.1f %8.1f %8.1f", what.c_str(), stats.median, stats.min, stats.max);
  if (bare != nullptr) std::printf("   %5.2fx", stats.median / Summarize(*bare).median);
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  if (argc > 2 && std::string(argv[2]) == "--debug") spdlog::set_level(spdlog::level::debug);
  const bool podman =
      !containers::internal::ProbeEngine("podman").has_value() &&
      RunCommand({"podman", "image", "exists", kImage}, std::chrono::seconds(15)).ok();
  std::map<std::string, std::vector<double>> ms;
  try {
    // Warm-up (page cache, podman storage), not counted.
    KitRun(Runtime::kProcess);
    if (podman) KitRun(Runtime::kPodman);
    for (int i = 0; i < runs; ++i) {
      Sample kit = KitRun(Runtime::kProcess);
      Sample bare = BareProcessRun();
      ms["process kit start"].push_back(kit.start_ms);
      ms["process kit stop"].push_back(kit.stop_ms);
      ms["process bare start"].push_back(bare.start_ms);
      ms["process bare stop"].push_back(bare.stop_ms);
      if (podman) {
        kit = KitRun(Runtime::kPodman);
        bare = BarePodmanRun(i);
        ms["podman kit start"].push_back(kit.start_ms);
        ms["podman kit stop"].push_back(kit.stop_ms);
        ms["podman bare start"].push_back(bare.start_ms);
        ms["podman bare stop"].push_back(bare.stop_ms);
      }
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "benchmark failed: %s\n", error.what());
    return 1;
  }
  std::printf("runs per row: %d (interleaved), times in ms; ratio = kit median / bare median\n\n",
              runs);
  std::printf("%-34s %8s %8s %8s   %s\n", "", "median", "min", "max", "ratio");
  for (const std::string runtime : {"process", "podman"}) {
    if (ms.count(runtime + " kit start") == 0) {
      std::printf("%s: skipped (podman cannot run %s here)\n", runtime.c_str(), kImage);
      continue;
    }
    PrintRow(runtime + ": kit Start() to PONG", ms[runtime + " kit start"],
             &ms[runtime + " bare start"]);
    PrintRow(
        runtime == "process" ? "  bare fork/exec + PING loop" : "  bare podman run + PING loop",
        ms[runtime + " bare start"], nullptr);
    PrintRow(runtime + ": kit Stop()", ms[runtime + " kit stop"], &ms[runtime + " bare stop"]);
    PrintRow(runtime == "process" ? "  bare SIGTERM + waitpid" : "  bare podman rm -f",
             ms[runtime + " bare stop"], nullptr);
  }
  return 0;
}
