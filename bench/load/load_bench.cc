// The load generator's figures against one Redis (targets of issue 8):
//   rate      achieved vs target at 1,000 / 5,000 / 20,000 requests/s over 10 s (within 0.5%)
//   best      the unthrottled rate (one request in flight per connection) vs `redis-benchmark
//             -c N -P 1` with the same connections and command, same run (at least 70%)
//   stall     a 1,000/s run with a 300 ms CLIENT PAUSE in the middle: intended p99.9 (>= 250 ms)
//             beside actual p99.9, pipelined (default) and one request in flight per connection
//
//   redis_testkit_bench_load --url redis://127.0.0.1:PORT [--seconds 10] [--connections 4]
//                            [--redis-benchmark redis-benchmark]
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/ops/load.h"
#include "subprocess.h"

namespace {

using redis_testkit::containers::internal::CommandResult;
using redis_testkit::containers::internal::RunCommand;
using std::chrono::milliseconds;
namespace client = redis_testkit::client;
namespace ops = redis_testkit::ops;

const std::vector<std::string> kCommand = {"SET", "bench:load:{rand:10000}", "{payload:16}"};

struct Args {
  std::string url;
  std::string redis_benchmark = "redis-benchmark";
  int seconds = 10;
  int connections = 4;
};

Args Parse(int argc, char** argv) {
  Args args;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--url") {
      args.url = value;
    } else if (flag == "--redis-benchmark") {
      args.redis_benchmark = value;
    } else if (flag == "--seconds") {
      args.seconds = std::max(1, std::stoi(value));
    } else if (flag == "--connections") {
      args.connections = std::max(1, std::stoi(value));
    } else {
      throw std::invalid_argument("unknown flag " + flag);
    }
  }
  if (args.url.empty()) {
    throw std::invalid_argument("usage: redis_testkit_bench_load --url URL [--seconds 10]");
  }
  return args;
}

ops::LoadOptions Options(const client::Endpoint& endpoint, int connections) {
  ops::LoadOptions options;
  options.endpoint = endpoint;
  options.command = kCommand;
  options.connections = connections;
  return options;
}

void RateRuns(const client::Endpoint& endpoint, const Args& args) {
  std::printf(
      "rate: achieved vs target, %d s, %d connections, SET bench:load:{rand:10000} "
      "{payload:16} (target: within 0.5%%)\n",
      args.seconds, args.connections);
  std::printf("  %8s %10s %8s %10s %10s %10s %10s %7s\n", "target/s", "achieved/s", "diff",
              "int p50", "int p99", "int p99.9", "act p99.9", "errors");
  for (const double rate : {1000.0, 5000.0, 20000.0}) {
    ops::LoadOptions options = Options(endpoint, args.connections);
    options.rate = rate;
    options.duration = milliseconds(args.seconds * 1000);
    const ops::LoadResult r = ops::RunLoad(options);
    std::printf("  %8.0f %10.1f %7.3f%% %8.3fms %8.3fms %8.3fms %8.3fms %7lld\n", rate,
                r.achieved_rate, 100.0 * (r.achieved_rate - rate) / rate, r.intended.p50_ms,
                r.intended.p99_ms, r.intended.p999_ms, r.actual.p999_ms,
                static_cast<long long>(r.ErrorCount()));
  }
}

// redis-benchmark's requests per second from its --csv line ("SET ...","12345.67",...).
double RedisBenchmarkRate(const Args& args, const client::Endpoint& endpoint, int connections,
                          long long requests) {
  const CommandResult run = RunCommand(
      {args.redis_benchmark, "-h", endpoint.host, "-p", std::to_string(endpoint.port), "-c",
       std::to_string(connections), "-n", std::to_string(requests), "-P", "1", "-r", "10000", "-d",
       "16", "--csv", "SET", "bench:load:__rand_int__", "0123456789abcdef"},
      milliseconds(120'000));
  const std::size_t line = run.out.rfind("\"SET");
  if (run.exit_code != 0 || line == std::string::npos) {
    throw std::runtime_error("redis-benchmark failed: " + run.out + run.err);
  }
  const std::size_t comma = run.out.find(",\"", line);
  return std::stod(run.out.substr(comma + 2));
}

void BestRate(const client::Endpoint& endpoint, const Args& args) {
  std::printf(
      "\nbest: unthrottled, 1 request in flight per connection, 3 s, vs redis-benchmark "
      "-P 1 with the same connections and SET (target: >= 70%%)\n");
  std::printf("  %11s %12s %16s %8s\n", "connections", "generator/s", "redis-benchmark/s", "ratio");
  for (const int connections : {args.connections, 50}) {
    ops::LoadOptions options = Options(endpoint, connections);
    options.unthrottled = true;
    options.max_in_flight = 1;
    options.duration = milliseconds(3000);
    options.sample_interval = milliseconds(0);
    const ops::LoadResult r = ops::RunLoad(options);
    const auto requests = static_cast<long long>(r.achieved_rate * 3);
    const double baseline = RedisBenchmarkRate(args, endpoint, connections, requests);
    std::printf("  %11d %12.0f %16.0f %7.0f%%\n", connections, r.achieved_rate, baseline,
                100.0 * r.achieved_rate / baseline);
  }
}

void Stall(const client::Endpoint& endpoint, const Args& args) {
  std::printf(
      "\nstall: 1,000/s for 4 s, CLIENT PAUSE 300 at 2 s (target: intended p99.9 >= "
      "250 ms)\n");
  std::printf("  %-26s %10s %10s %10s %10s %10s\n", "mode", "int p99", "int p99.9", "int max",
              "act p99", "act p99.9");
  for (const int in_flight : {0, 1}) {
    ops::LoadOptions options = Options(endpoint, args.connections);
    options.rate = 1000;
    options.duration = milliseconds(4000);
    options.max_in_flight = in_flight;
    std::thread pauser([&endpoint] {
      std::this_thread::sleep_for(milliseconds(2000));
      client::Connection c({endpoint, milliseconds(2000), milliseconds(2000)});
      c.Command({"CLIENT", "PAUSE", "300"});
    });
    const ops::LoadResult r = ops::RunLoad(options);
    pauser.join();
    std::printf("  %-26s %8.3fms %8.3fms %8.3fms %8.3fms %8.3fms\n",
                in_flight == 0 ? "pipelined (default)" : "1 in flight per connection",
                r.intended.p99_ms, r.intended.p999_ms, r.intended.max_ms, r.actual.p99_ms,
                r.actual.p999_ms);
  }
}

void DeleteKeys(const client::Endpoint& endpoint) {
  client::Connection c({endpoint, milliseconds(2000), milliseconds(10000)});
  c.Command({"EVAL",
             "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do "
             "redis.call('UNLINK', k) n = n + 1 end return n",
             "0", "bench:load:*"});
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args args = Parse(argc, argv);
    const client::Endpoint endpoint = client::Endpoint::ParseUrl(args.url);
    RateRuns(endpoint, args);
    BestRate(endpoint, args);
    Stall(endpoint, args);
    DeleteKeys(endpoint);
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "redis_testkit_bench_load: %s\n", error.what());
    return 1;
  }
}
