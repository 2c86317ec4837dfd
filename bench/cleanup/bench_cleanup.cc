// redis_testkit_bench_cleanup --url redis://127.0.0.1:PORT/0 [--iterations 1000] [--keys 100000]
//                             [--repeats 3] [--redis-cli redis-cli]
// (a) per-test overhead of an empty test: BeforeTest + AfterTest, averaged, with round trips
//     counted by the session and server-side commands counted by INFO commandstats;
// (b) leak detection (AfterTest) over N keys created by one test, against `redis-cli --scan`
//     over the same keys, run as a subprocess in the same run.
// Figures only: nothing here asserts on time. Use a server nobody else uses (it is flushed).
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "redis_testkit/cleanup.h"
#include "redis_testkit/client.h"

extern char** environ;

namespace {

using redis_testkit::cleanup::CleanupSession;
using redis_testkit::cleanup::FormatBytes;
using redis_testkit::cleanup::SessionOptions;
using redis_testkit::cleanup::TestRecord;
using redis_testkit::cleanup::TestStatus;
namespace client = redis_testkit::client;
using Clock = std::chrono::steady_clock;

struct Args {
  std::string url;
  int iterations = 1000;
  int keys = 100000;
  int repeats = 3;
  std::string redis_cli = "redis-cli";
};

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

int ToInt(const std::string& flag, const char* text) {
  int value = 0;
  const std::string s = text;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size() || value <= 0) {
    throw std::invalid_argument(flag + " needs a positive number, got \"" + s + "\"");
  }
  return value;
}

Args ParseArgs(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
    const char* value = argv[++i];
    if (flag == "--url") {
      args.url = value;
    } else if (flag == "--iterations") {
      args.iterations = ToInt(flag, value);
    } else if (flag == "--keys") {
      args.keys = ToInt(flag, value);
    } else if (flag == "--repeats") {
      args.repeats = ToInt(flag, value);
    } else if (flag == "--redis-cli") {
      args.redis_cli = value;
    } else {
      throw std::invalid_argument("unknown option " + flag);
    }
  }
  if (args.url.empty()) throw std::invalid_argument("--url redis://host:port/db is required");
  return args;
}

// Server-side command count (INFO commandstats, parsed by client::ParseInfo): sum of calls=.
long long CommandCalls(client::Connection& connection) {
  const client::Info info = client::ParseInfo(connection.Info("commandstats"));
  long long total = 0;
  const auto section = info.sections.find("commandstats");
  if (section == info.sections.end()) return 0;
  for (const auto& [name, value] : section->second) {
    const std::size_t at = value.find("calls=");
    if (at == std::string::npos) continue;
    long long calls = 0;
    std::from_chars(value.data() + at + 6, value.data() + value.size(), calls);
    total += calls;
  }
  return total;
}

// Runs argv with stdout to /dev/null; returns wall time in ms. Kills it after 120 s.
double TimeSubprocess(std::vector<std::string> argv_strings) {
  std::vector<char*> argv;
  argv.reserve(argv_strings.size() + 1);
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const Clock::time_point start = Clock::now();
  const int spawn_error = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) throw std::runtime_error("cannot run " + argv_strings[0]);
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (Clock::now() - start > std::chrono::seconds(120)) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      throw std::runtime_error(argv_strings[0] + " did not finish in 120 s");
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  const double ms = Ms(Clock::now() - start);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(argv_strings[0] + " failed (status " + std::to_string(status) + ")");
  }
  return ms;
}

std::vector<std::string> CliArgs(const Args& args, const client::Endpoint& endpoint) {
  std::vector<std::string> cli{args.redis_cli};
  if (!endpoint.unix_socket.empty()) {
    cli.insert(cli.end(), {"-s", endpoint.unix_socket});
  } else {
    cli.insert(cli.end(), {"-h", endpoint.host, "-p", std::to_string(endpoint.port)});
  }
  cli.insert(cli.end(), {"-n", std::to_string(endpoint.db)});
  return cli;
}

// Keys shaped like the gateway's: 70% dedup fingerprints without TTL, 30% rate keys with a TTL.
void Fill(client::Connection& connection, int count) {
  client::Pipeline pipeline = connection.MakePipeline();
  const std::string value(48, 'v');
  std::array<char, 96> key{};
  for (int i = 0; i < count; ++i) {
    if (i % 10 < 7) {
      std::snprintf(key.data(), key.size(), "gateway:dedup:{svc-%d:HighCPU}:%016x", i % 50, i);
      pipeline.Add({"SET", key.data(), value});
    } else {
      std::snprintf(key.data(), key.size(), "gateway:rate:%d", i);
      pipeline.Add({"SET", key.data(), "1", "PX", "600000"});
    }
    if (pipeline.size() == 10000 || i + 1 == count) pipeline.Execute();
  }
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const std::size_t at =
      std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())));
  return v[at];
}

void EmptyTestOverhead(const Args& args, const client::Endpoint& endpoint) {
  SessionOptions options;
  options.connection.endpoint = endpoint;
  options.runtime = "process";
  CleanupSession session(options);
  client::ConnectionOptions stats_options;
  stats_options.endpoint = endpoint;
  client::Connection stats(stats_options);

  for (int i = 0; i < 50; ++i) {  // warm-up
    session.BeforeTest("Bench", "Warmup");
    session.AfterTest(TestStatus::kPassed, 0);
  }
  const long long trips_before = session.round_trips();
  const long long calls_before = CommandCalls(stats);
  std::vector<double> per_test;
  per_test.reserve(static_cast<std::size_t>(args.iterations));
  const Clock::time_point start = Clock::now();
  for (int i = 0; i < args.iterations; ++i) {
    const Clock::time_point t = Clock::now();
    session.BeforeTest("Bench", "Empty");
    session.AfterTest(TestStatus::kPassed, 0);
    per_test.push_back(Ms(Clock::now() - t));
  }
  const double total_ms = Ms(Clock::now() - start);
  const long long calls = CommandCalls(stats) - calls_before - 1;  // minus the first INFO
  const double n = args.iterations;
  const double mean = total_ms / n;
  std::printf("(a) empty test, BeforeTest + AfterTest, %d iterations\n", args.iterations);
  const double p50 = Median(per_test);
  std::printf("    mean %.3f ms  p50 %.3f ms  p99 %.3f ms  (target p50 < 0.3 ms: %s)\n", mean, p50,
              Percentile(per_test, 0.99), p50 < 0.3 ? "met" : "MISSED");
  std::printf(
      "    round trips per test %.2f (session count), server commands per test %.2f "
      "(INFO commandstats)\n",
      static_cast<double>(session.round_trips() - trips_before) / n,
      static_cast<double>(calls) / n);
}

void LeakDetection(const Args& args, const client::Endpoint& endpoint) {
  SessionOptions options;
  options.connection.endpoint = endpoint;
  options.connection.command_timeout = std::chrono::milliseconds(30000);
  options.cleanup.leak_policy = redis_testkit::LeakPolicy::kReport;
  options.runtime = "process";
  CleanupSession session(options);
  client::ConnectionOptions app_options = options.connection;
  client::Connection app(app_options);
  std::vector<std::string> cli_default = CliArgs(args, endpoint);
  cli_default.emplace_back("--scan");

  std::printf("(b) leak detection over %d keys created by one test, %d repeats (median)\n",
              args.keys, args.repeats);
  std::vector<double> detect;
  std::vector<double> scan_only;
  std::vector<double> inspect_only;
  std::vector<double> cli;
  TestRecord last;
  for (int r = 0; r < args.repeats; ++r) {
    session.BeforeTest("Bench", "Leak");
    Fill(app, args.keys);
    Clock::time_point t = Clock::now();
    last = session.AfterTest(TestStatus::kPassed, 0);
    detect.push_back(Ms(Clock::now() - t));
    cli.push_back(TimeSubprocess(cli_default));
    // Breakdown of the same work, outside the session.
    t = Clock::now();
    redis_testkit::cleanup::KeyspaceSnapshot snapshot =
        redis_testkit::cleanup::KeyspaceSnapshot::Take(app);
    scan_only.push_back(Ms(Clock::now() - t));
    t = Clock::now();
    redis_testkit::cleanup::KeyInspector inspector(app);
    const auto described = inspector.Inspect(snapshot.keys());
    inspect_only.push_back(Ms(Clock::now() - t));
    if (static_cast<int>(described.size()) != args.keys) {
      throw std::runtime_error("inspected " + std::to_string(described.size()) + " keys, not " +
                               std::to_string(args.keys));
    }
  }
  const double detect_ms = Median(detect);
  const double cli_ms = Median(cli);
  std::printf(
      "    kit AfterTest (INFO, SCAN, TYPE/PTTL/OBJECT ENCODING/MEMORY USAGE, classify, "
      "group): %.1f ms, %lld round trips\n",
      detect_ms, last.round_trips);
  std::printf(
      "      the same work serially, outside the session: SCAN COUNT 1000 %.1f ms + description "
      "pipelines %.1f ms\n",
      Median(scan_only), Median(inspect_only));
  std::printf("      found no_ttl %lld, left_behind %lld, %s, %lld patterns (top %s x %lld)\n",
              last.leaks.no_ttl_count, last.leaks.left_behind_count,
              FormatBytes(last.leaks.LeakedBytes()).c_str(), last.patterns_total,
              last.patterns.empty() ? "-" : last.patterns[0].pattern.c_str(),
              last.patterns.empty() ? 0LL : last.patterns[0].count);
  // redis-cli 7.0 has no --count: its SCAN uses the server default COUNT 10.
  std::printf(
      "    redis-cli --scan (subprocess, output to /dev/null): %.1f ms -> kit/cli %.2fx "
      "(target <= 2x: %s)\n",
      cli_ms, detect_ms / cli_ms, detect_ms <= 2 * cli_ms ? "met" : "MISSED");
  app.Command({"FLUSHALL", "SYNC"});
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    const Args args = ParseArgs(argc, argv);
    const client::Endpoint endpoint = client::Endpoint::ParseUrl(args.url);
#ifdef NDEBUG
    const char* build = "optimised build";
#else
    const char* build = "DEBUG build: figures overstate the kit's cost (use --release)";
#endif
    std::printf("redis-testkit cleanup benchmark against %s (%s)\n", endpoint.ToString().c_str(),
                build);
    EmptyTestOverhead(args, endpoint);
    LeakDetection(args, endpoint);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_cleanup: %s\n", e.what());
    return 1;
  }
}
