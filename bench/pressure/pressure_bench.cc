// How long a fill to 90% of a 256 MB cap takes per layout (target: within +-1% in under 3 s), next
// to the anchor: redis-benchmark -P 64 sending the same number of the same commands (same value
// size) to the same server in the same run.
//
//   redis_testkit_bench_pressure --url redis://127.0.0.1:PORT [--cap 256mb] [--to 0.9]
//                                [--value-size 1024] [--runs 3] [--redis-benchmark PATH]
//
// The server is flushed before each run and its maxmemory set to --cap (noeviction); it is left
// flushed. Per layout (median and worst over the runs):
//   fill        FillMemory wall time, the level reached (used_memory / maxmemory), its distance to
//               the target in % of maxmemory, entries, batches, MB/s of values, OOM rejections
//   anchor      `redis-benchmark -P 64 -n <entries> -r <entries> <same command>` as a process
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/config.h"
#include "redis_testkit/ops/fill.h"
#include "subprocess.h"

namespace {

using Clock = std::chrono::steady_clock;
using redis_testkit::containers::internal::CommandResult;
using redis_testkit::containers::internal::RunCommand;
namespace client = redis_testkit::client;
namespace ops = redis_testkit::ops;

struct Args {
  std::string url;
  std::string redis_benchmark = "redis-benchmark";
  long long cap = 256LL << 20;
  double to = 0.9;
  std::size_t value_size = 1024;
  int runs = 3;
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
    } else if (flag == "--cap") {
      args.cap = redis_testkit::ParseMemorySize(value, "--cap");
    } else if (flag == "--to") {
      args.to = ops::ParseFillFraction(value);
    } else if (flag == "--value-size") {
      args.value_size = static_cast<std::size_t>(std::stoul(value));
    } else if (flag == "--runs") {
      args.runs = std::max(1, std::stoi(value));
    } else {
      throw std::invalid_argument("unknown flag " + flag);
    }
  }
  if (args.url.empty()) {
    throw std::invalid_argument("usage: redis_testkit_bench_pressure --url URL [--runs N]");
  }
  return args;
}

// The anchor's command for `layout`: the same command FillMemory sends, random keys/fields.
std::vector<std::string> AnchorCommand(ops::FillLayout layout, const std::string& value) {
  switch (layout) {
    case ops::FillLayout::kStrings:
      return {"SET", "anchor:__rand_int__", value};
    case ops::FillLayout::kStream:
      return {"XADD", "anchor:stream", "*", "v", value};
    case ops::FillLayout::kList:
      return {"RPUSH", "anchor:list", value};
    case ops::FillLayout::kHash:
      return {"HSET", "anchor:hash", "f__rand_int__", value};
  }
  return {};
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

struct Run {
  double fill_s = 0;
  double reached = 0;
  long long entries = 0;
  int batches = 0;
  long long oom = 0;
  long long evicted = 0;
  double anchor_s = 0;
};

void Reset(client::Connection& connection, long long cap) {
  connection.Command({"FLUSHALL", "SYNC"});
  connection.Command({"CONFIG", "SET", "maxmemory", std::to_string(cap)});
  connection.Command({"CONFIG", "SET", "maxmemory-policy", "noeviction"});
}

Run OneRun(const Args& args, client::Connection& connection, ops::FillLayout layout) {
  Reset(connection, args.cap);
  const ops::FillResult result =
      ops::FillMemory(connection, args.to, {.layout = layout, .value_size = args.value_size});
  Run run;
  run.fill_s = static_cast<double>(result.elapsed.count()) / 1e6;
  run.reached = result.fraction_after;
  run.entries = result.entries_written;
  run.batches = result.batches;
  run.oom = result.oom_rejections;
  run.evicted = result.evicted_keys;

  // The anchor on an empty server with no cap (it must not be refused near the end).
  connection.Command({"FLUSHALL", "SYNC"});
  connection.Command({"CONFIG", "SET", "maxmemory", "0"});
  const client::Endpoint& endpoint = connection.endpoint();
  std::vector<std::string> argv{args.redis_benchmark,
                                "-h",
                                endpoint.host,
                                "-p",
                                std::to_string(endpoint.port),
                                "-P",
                                "64",
                                "-q",
                                "-n",
                                std::to_string(run.entries),
                                "-r",
                                std::to_string(run.entries)};
  const std::vector<std::string> command = AnchorCommand(layout, std::string(args.value_size, 'x'));
  argv.insert(argv.end(), command.begin(), command.end());
  const Clock::time_point start = Clock::now();
  const CommandResult anchor = RunCommand(argv, std::chrono::seconds(120));
  run.anchor_s = Seconds(Clock::now() - start);
  if (anchor.exit_code != 0) {
    throw std::runtime_error("redis-benchmark failed: " + anchor.err + anchor.out);
  }
  Reset(connection, args.cap);
  return run;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

void Report(const Args& args, ops::FillLayout layout, const std::vector<Run>& runs) {
  std::vector<double> fill;
  std::vector<double> anchor;
  double worst_error = 0;
  long long oom = 0;
  long long evicted = 0;
  for (const Run& run : runs) {
    fill.push_back(run.fill_s);
    anchor.push_back(run.anchor_s);
    worst_error = std::max(worst_error, std::fabs(run.reached - args.to));
    oom += run.oom;
    evicted += run.evicted;
  }
  const Run& last = runs.back();
  const double mb = static_cast<double>(last.entries) * static_cast<double>(args.value_size) / 1e6;
  std::printf(
      "%-8s fill %.2f s median (max %.2f) to %.2f%% (worst %.2f%% off target), %lld entries, %d "
      "batches, %.0f MB/s of values, OOM %lld, evicted %lld | anchor redis-benchmark -P 64 %.2f s "
      "median: fill/anchor %.2f\n",
      ops::ToString(layout), Median(fill), *std::max_element(fill.begin(), fill.end()),
      last.reached * 100, worst_error * 100, last.entries, last.batches, mb / Median(fill), oom,
      evicted, Median(anchor), Median(fill) / Median(anchor));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args args = Parse(argc, argv);
    client::Connection connection({client::Endpoint::ParseUrl(args.url),
                                   std::chrono::milliseconds(2000),
                                   std::chrono::milliseconds(30000)});
    std::printf(
        "fill to %.0f%% of maxmemory %s, %zu-byte values, %d runs per layout (target: "
        "within +-1%% in under 3 s)\n",
        args.to * 100, redis_testkit::FormatMemorySize(args.cap).c_str(), args.value_size,
        args.runs);
    for (ops::FillLayout layout : {ops::FillLayout::kStrings, ops::FillLayout::kStream,
                                   ops::FillLayout::kList, ops::FillLayout::kHash}) {
      std::vector<Run> runs;
      for (int i = 0; i < args.runs; ++i) runs.push_back(OneRun(args, connection, layout));
      Report(args, layout, runs);
    }
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "redis_testkit_bench_pressure: %s\n", error.what());
    return 1;
  }
}
