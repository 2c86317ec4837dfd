// redis_testkit_bench_cluster_listener --standalone-url redis://127.0.0.1:P1
//                                      --cluster-url redis://127.0.0.1:P2 [--iterations 2000]
// The listener's overhead per empty test (CleanupSession::BeforeTest + AfterTest) on one server
// and on a Redis Cluster (every master flushed and checked), in the same run: the two sessions
// alternate in blocks of 100 tests so that both see the same machine load. Prints p50, p99, mean
// and the round trips per test of each. Figures only: nothing here asserts on time. Use servers
// nobody else uses (they are flushed). bench/cluster/listener-overhead.sh starts both and runs it.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "redis_testkit/cleanup.h"
#include "redis_testkit/client.h"

namespace {

using redis_testkit::cleanup::CleanupSession;
using redis_testkit::cleanup::SessionOptions;
using redis_testkit::cleanup::TestStatus;
using Clock = std::chrono::steady_clock;

constexpr int kBlock = 100;  // tests per turn of one session
constexpr int kWarmup = 100;

struct Args {
  std::string standalone_url;
  std::string cluster_url;
  int iterations = 2000;
};

Args ParseArgs(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
    const std::string value = argv[++i];
    if (flag == "--standalone-url") {
      args.standalone_url = value;
    } else if (flag == "--cluster-url") {
      args.cluster_url = value;
    } else if (flag == "--iterations") {
      const auto [ptr, ec] =
          std::from_chars(value.data(), value.data() + value.size(), args.iterations);
      if (ec != std::errc() || ptr != value.data() + value.size() || args.iterations < kBlock) {
        throw std::invalid_argument("--iterations needs a number >= 100, got \"" + value + "\"");
      }
    } else {
      throw std::invalid_argument("unknown option " + flag);
    }
  }
  if (args.standalone_url.empty() || args.cluster_url.empty()) {
    throw std::invalid_argument(
        "--standalone-url redis://host:port and --cluster-url redis://host:port (a node of a "
        "cluster) are both required");
  }
  return args;
}

struct Measured {
  const char* label;
  CleanupSession session;
  std::vector<double> per_test_ms;
  long long round_trips = 0;
};

SessionOptions Options(const std::string& url) {
  SessionOptions options;
  options.connection.endpoint = redis_testkit::client::Endpoint::ParseUrl(url);
  options.runtime = "external";
  options.server_owned = true;  // a scratch server: FLUSHALL, as on the kit's own
  return options;
}

void RunBlock(Measured& m, int tests, bool keep) {
  for (int i = 0; i < tests; ++i) {
    const Clock::time_point start = Clock::now();
    m.session.BeforeTest("Bench", "Empty");
    const long long trips = m.session.AfterTest(TestStatus::kPassed, 0).round_trips;
    if (!keep) continue;
    m.per_test_ms.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    m.round_trips += trips;
  }
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

void Print(const Measured& m) {
  double sum = 0;
  for (const double ms : m.per_test_ms) sum += ms;
  const double n = static_cast<double>(m.per_test_ms.size());
  std::printf("%-28s p50 %.3f ms  p99 %.3f ms  mean %.3f ms  round trips/test %.1f\n", m.label,
              Percentile(m.per_test_ms, 0.5), Percentile(m.per_test_ms, 0.99), sum / n,
              static_cast<double>(m.round_trips) / n);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args args = ParseArgs(argc, argv);
    Measured standalone{"one server", CleanupSession(Options(args.standalone_url)), {}, 0};
    Measured cluster{"cluster", CleanupSession(Options(args.cluster_url)), {}, 0};
    if (cluster.session.server().topology != "cluster") {
      throw std::invalid_argument(args.cluster_url + " is not a Redis Cluster node");
    }
    const std::string masters = std::to_string(cluster.session.server().nodes.size());
    const std::string label = "cluster (" + masters + " masters)";
    cluster.label = label.c_str();
    RunBlock(standalone, kWarmup, false);
    RunBlock(cluster, kWarmup, false);
    for (int done = 0; done < args.iterations; done += kBlock) {
      RunBlock(standalone, kBlock, true);
      RunBlock(cluster, kBlock, true);
    }
    std::printf("listener overhead per empty test (BeforeTest + AfterTest), %zu tests each\n",
                standalone.per_test_ms.size());
    Print(standalone);
    Print(cluster);
    const double p50 = Percentile(cluster.per_test_ms, 0.5);
    std::printf("target: cluster p50 < 1 ms: %s\n", p50 < 1.0 ? "met" : "MISSED");
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "redis_testkit_bench_cluster_listener: %s\n", error.what());
    return 2;
  }
}
