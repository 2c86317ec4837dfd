// Sustained load with honest latency: an open-loop generator. Requests are due at fixed times
// (rate R/s for duration D, dealt round-robin over N connections) whatever the replies do; a
// stalled server makes requests late, and their latency is timed both from the time they were
// due (intended) and from the time they left (actual). Only the intended figures show a stall to
// the users who were waiting for it (coordinated omission).
//
//   ops::LoadOptions options;
//   options.endpoint = server_endpoint;
//   options.command = {"SET", "k:{seq}", "{payload:16}"};
//   options.rate = 2000;
//   options.duration = std::chrono::seconds(2);
//   const ops::LoadResult result = ops::RunLoad(options);
//   EXPECT_LT(result.intended.p99_ms, 5.0) << result.ToText();
//
// Placeholders in the command's arguments: {seq} (the request's number, 0, 1, ...), {rand}
// (a random number 0..2^32-1), {rand:N} (0..N-1), {payload:BYTES} (BYTES printable characters);
// a literal "{" is written "{{".
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/ops/latency_histogram.h"

namespace redis_testkit::ops {

struct LoadOptions {
  client::Endpoint endpoint;
  std::vector<std::string> command;  // the template, e.g. {"SET", "k:{seq}", "{payload:16}"}
  double rate = 1000;                // requests per second (> 0), unless unthrottled
  std::chrono::milliseconds duration{10000};  // how long requests are due (> 0)
  int connections = 1;                        // 1..1024
  // No schedule: every connection keeps `max_in_flight` requests outstanding, as fast as the
  // server answers (the generator's best rate; `rate` is ignored, intended == actual).
  bool unthrottled = false;
  // Requests sent and not yet answered per connection; a due request waits for room (its
  // intended time stays, so the wait shows). Unthrottled runs default to 1 (like redis-benchmark
  // without -P); open-loop runs to 100,000.
  int max_in_flight = 0;  // 0: the default above
  // A request unanswered this long counts as a timeout (its connection is closed and opened
  // again); requests still outstanding `drain` after the end count as timeouts too.
  std::chrono::milliseconds request_timeout{2000};
  std::chrono::milliseconds drain{2000};
  std::chrono::milliseconds connect_timeout{2000};
  // INFO and LATENCY LATEST are read every sample_interval on a connection of their own
  // (0: no samples).
  std::chrono::milliseconds sample_interval{1000};
  std::uint64_t seed = 1;  // {rand} and {payload} are reproducible for a seed
};

struct LatencySummary {  // milliseconds
  double p50_ms = 0;
  double p90_ms = 0;
  double p99_ms = 0;
  double p999_ms = 0;
  double max_ms = 0;
  double mean_ms = 0;
  std::int64_t count = 0;
  static LatencySummary Of(const LatencyHistogram& histogram);
};

// One second of the run (the last one may be shorter): requests sent and answered in it.
struct LoadWindow {
  double start_s = 0;
  double length_s = 0;
  std::int64_t sent = 0;
  std::int64_t completed = 0;  // replies received (error replies included)
  std::int64_t errors = 0;     // error replies, timeouts and I/O failures
  double rate = 0;             // completed / length_s
};

// One look at the server during the run.
struct LoadSample {
  double at_s = 0;
  long long used_memory = 0;
  long long instantaneous_ops_per_sec = 0;
  long long total_commands_processed = 0;
  long long connected_clients = 0;
  // LATENCY LATEST: event -> {latest ms, max ms} (empty unless latency-monitor-threshold is set).
  std::map<std::string, std::pair<long long, long long>> latency_events;
  std::string error;  // why this sample could not be read (empty: it was)
};

struct LoadResult {
  double target_rate = 0;  // 0 for an unthrottled run
  double duration_s = 0;
  int connections = 0;
  bool unthrottled = false;
  std::int64_t scheduled = 0;  // requests due (rate x duration)
  std::int64_t sent = 0;
  std::int64_t completed = 0;    // replies received, error replies included
  std::int64_t in_schedule = 0;  // replies received before the end of the duration
  double achieved_rate = 0;      // in_schedule / duration
  // "timeout", "io", or the first word of an error reply ("ERR", "WRONGTYPE", "OOM", ...).
  std::map<std::string, std::int64_t> errors;
  LatencyHistogram intended_histogram;  // from the time each request was due
  LatencyHistogram actual_histogram;    // from the time each request left
  LatencySummary intended;
  LatencySummary actual;
  std::vector<LoadWindow> windows;
  std::vector<LoadSample> samples;
  std::string server;  // the endpoint, password masked

  std::int64_t ErrorCount() const;
  std::int64_t Errors(const std::string& kind) const;  // 0 when none of that kind
  // {"target_rate", "achieved_rate", "duration_s", "connections", "unthrottled", "requests":
  //  {scheduled, sent, completed}, "errors": {kind: count}, "latency_ms": {"intended": {p50,
  //  p90, p99, p999, max, mean}, "actual": {...}}, "windows": [...], "samples": [...]}
  std::string ToJson() const;
  // A few lines for people: rates, errors, both latency rows, the slowest window.
  std::string ToText() const;
};

// Checks `options` and the command template; throws std::invalid_argument naming what is wrong
// (a rate of 0, a duration <= 0, an unknown placeholder, ...).
void ValidateLoadOptions(const LoadOptions& options);

// Runs the load and returns what it measured. Throws std::invalid_argument for bad options and
// client::IoError when the server cannot be reached at the start; failures during the run are
// counted, not thrown. Returns at most duration + drain + connect_timeout after it starts.
LoadResult RunLoad(const LoadOptions& options);

}  // namespace redis_testkit::ops

namespace redis_testkit {
// In a kit test (<redis_testkit/gtest.h>): options.endpoint = redis_testkit::GetEndpoint().
using ops::LoadOptions;
using ops::LoadResult;
using ops::RunLoad;
}  // namespace redis_testkit
