// How long an audit takes (target: under 1 s to read every parameter and INFO in one connection
// and evaluate a profile), next to the anchor `redis-cli CONFIG GET '*'` timed in the same run.
//
//   redis_testkit_bench_audit --url redis://127.0.0.1:PORT --cli build/release/cli/redis-testkit
//                             [--runs 30] [--profile durable-stream-buffer] [--redis-cli redis-cli]
//
// Figures (median and max over the runs, after 3 warm-up runs):
//   in-process   connect + CONFIG GET * + INFO (one pipelined round trip) + evaluate
//   read, eval   the two parts of it
//   cli          `redis-testkit audit --profile P --url URL --json` as a process
//   redis-cli    `redis-cli -u URL CONFIG GET '*'` as a process (the anchor)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/ops/audit.h"
#include "redis_testkit/ops/profile.h"
#include "subprocess.h"

namespace {

using Clock = std::chrono::steady_clock;
using redis_testkit::containers::internal::CommandResult;
using redis_testkit::containers::internal::RunCommand;
namespace client = redis_testkit::client;
namespace ops = redis_testkit::ops;

struct Args {
  std::string url;
  std::string cli;
  std::string redis_cli = "redis-cli";
  std::string profile = "durable-stream-buffer";
  int runs = 30;
};

Args Parse(int argc, char** argv) {
  Args args;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--url") {
      args.url = value;
    } else if (flag == "--cli") {
      args.cli = value;
    } else if (flag == "--redis-cli") {
      args.redis_cli = value;
    } else if (flag == "--profile") {
      args.profile = value;
    } else if (flag == "--runs") {
      args.runs = std::max(1, std::stoi(value));
    } else {
      throw std::invalid_argument("unknown flag " + flag);
    }
  }
  if (args.url.empty() || args.cli.empty()) {
    throw std::invalid_argument("usage: redis_testkit_bench_audit --url URL --cli PATH [--runs N]");
  }
  return args;
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Figures {
  std::vector<double> samples;
  double Median() const {
    std::vector<double> v = samples;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  }
  double Max() const { return *std::max_element(samples.begin(), samples.end()); }
};

// Runs argv; the time from spawn to exit. Throws when it does not exit with one of `codes`.
double TimeProcess(const std::vector<std::string>& argv, std::vector<int> codes) {
  const Clock::time_point start = Clock::now();
  const CommandResult result = RunCommand(argv, std::chrono::seconds(30));
  const double ms = Ms(Clock::now() - start);
  if (std::find(codes.begin(), codes.end(), result.exit_code) == codes.end()) {
    throw std::runtime_error(result.Describe());
  }
  return ms;
}

void Print(const char* what, const Figures& figures) {
  std::printf("  %-48s median %8.3f ms   max %8.3f ms\n", what, figures.Median(), figures.Max());
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args args = Parse(argc, argv);
    const ops::Profile profile = ops::LoadProfile(args.profile);
    client::ConnectionOptions options;
    options.endpoint = client::Endpoint::ParseUrl(args.url);
    Figures total, read, evaluate, cli, anchor;
    std::size_t parameters = 0;
    std::size_t checks = 0;
    for (int run = -3; run < args.runs; ++run) {  // 3 warm-up runs
      const Clock::time_point start = Clock::now();
      client::Connection connection(options);
      const ops::AuditReport report = ops::Audit(profile, connection);
      const double ms = Ms(Clock::now() - start);
      const double cli_ms = TimeProcess(
          {args.cli, "audit", "--profile", args.profile, "--url", args.url, "--json"}, {0, 1});
      const double anchor_ms =
          TimeProcess({args.redis_cli, "-u", args.url, "CONFIG", "GET", "*"}, {0});
      if (run < 0) continue;
      total.samples.push_back(ms);
      read.samples.push_back(static_cast<double>(report.read_time.count()) / 1000.0);
      evaluate.samples.push_back(static_cast<double>(report.evaluate_time.count()) / 1000.0);
      cli.samples.push_back(cli_ms);
      anchor.samples.push_back(anchor_ms);
      parameters = ops::ReadServerState(connection).settings.size();
      checks = report.results.size();
    }
    std::printf("audit of %s: profile %s (%zu checks), %zu CONFIG parameters, %d runs\n",
                options.endpoint.ToString().c_str(), args.profile.c_str(), checks, parameters,
                args.runs);
    Print("in-process: connect + read + evaluate", total);
    Print("  read (CONFIG GET * + INFO all, 1 round trip)", read);
    Print("  evaluate", evaluate);
    Print("redis-testkit audit --json (process)", cli);
    Print("anchor: redis-cli CONFIG GET '*' (process)", anchor);
    std::printf(
        "target: under 1000 ms; in-process median is %.4f of the target; "
        "cli / redis-cli median = %.2f\n",
        total.Median() / 1000.0, cli.Median() / anchor.Median());
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "redis_testkit_bench_audit: %s\n", error.what());
    return 1;
  }
}
