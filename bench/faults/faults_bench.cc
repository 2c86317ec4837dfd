// What FaultProxy costs and whether its latency is the one asked for: PING round trips
//   direct       straight to Redis (the anchor, same run)
//   proxy        through FaultProxy, no fault: the proxy's own overhead
//   proxy +50ms  through FaultProxy with SetLatency(50ms): target 50 +- 5 ms over the direct figure
//
//   redis_testkit_bench_faults --url redis://127.0.0.1:PORT [--pings 2000] [--slow-pings 40]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/ops/fault_proxy.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
namespace client = redis_testkit::client;

struct Args {
  std::string url;
  int pings = 2000;
  int slow_pings = 40;
};

Args Parse(int argc, char** argv) {
  Args args;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--url") {
      args.url = value;
    } else if (flag == "--pings") {
      args.pings = std::max(10, std::stoi(value));
    } else if (flag == "--slow-pings") {
      args.slow_pings = std::max(5, std::stoi(value));
    } else {
      throw std::invalid_argument("unknown flag " + flag);
    }
  }
  if (args.url.empty()) {
    throw std::invalid_argument(
        "usage: redis_testkit_bench_faults --url URL [--pings N] [--slow-pings N]");
  }
  return args;
}

struct Figures {
  double median = 0;
  double p99 = 0;
};

// `count` PINGs on one connection to `endpoint` (after 10 warm-up ones), in milliseconds.
Figures TimePings(const client::Endpoint& endpoint, int count) {
  client::Connection connection(
      {.endpoint = endpoint, .connect_timeout = 2000ms, .command_timeout = 5000ms});
  for (int i = 0; i < 10; ++i) connection.Ping();
  std::vector<double> samples;
  samples.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    const Clock::time_point start = Clock::now();
    connection.Ping();
    samples.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(samples.begin(), samples.end());
  return {.median = samples[samples.size() / 2], .p99 = samples[samples.size() * 99 / 100]};
}

void Print(const char* name, const Figures& figures, const Figures& direct) {
  std::printf("  %-13s median %8.3f ms  p99 %8.3f ms  (+%.3f ms over direct)\n", name,
              figures.median, figures.p99, figures.median - direct.median);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args args = Parse(argc, argv);
    const client::Endpoint upstream = client::Endpoint::ParseUrl(args.url);
    redis_testkit::FaultProxy proxy(upstream);
    std::printf("PING round trips, one connection (%d pings; %d with latency)\n", args.pings,
                args.slow_pings);
    const Figures direct = TimePings(upstream, args.pings);
    const Figures clean = TimePings(proxy.endpoint(), args.pings);
    proxy.SetLatency(50ms);
    const Figures slow = TimePings(proxy.endpoint(), args.slow_pings);
    Print("direct", direct, direct);
    Print("proxy", clean, direct);
    Print("proxy +50ms", slow, direct);
    const double added = slow.median - direct.median;
    std::printf("  added latency: %.2f ms for 50 ms asked (target 50 +- 5): %s\n", added,
                added >= 45.0 && added <= 55.0 ? "within" : "OUTSIDE");
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "redis_testkit_bench_faults: %s\n", error.what());
    return 1;
  }
}
