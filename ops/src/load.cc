// RunLoad: checks the options, opens the sampling connection (the reachability check) and the
// load connections, runs the loop of load_run.cc, and summarises.
#include "redis_testkit/ops/load.h"

#include <chrono>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

#include "load_run.h"
#include "load_sampler.h"
#include "load_template.h"
#include "redis_testkit/client/connection.h"

namespace redis_testkit::ops {
namespace {

constexpr int kMaxConnections = 1024;
constexpr double kMaxRate = 10'000'000;

void Require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument("load: " + message);
}

std::string Ms(std::chrono::milliseconds value) { return std::to_string(value.count()) + " ms"; }

}  // namespace

void ValidateLoadOptions(const LoadOptions& options) {
  Require(!options.command.empty(), "no command: give one, e.g. SET k:{seq} {payload:16}");
  if (!options.unthrottled) {
    Require(std::isfinite(options.rate) && options.rate > 0 && options.rate <= kMaxRate,
            "the rate must be more than 0 and at most 10,000,000 requests/s, not " +
                std::to_string(options.rate) + " (for the generator's best rate, run unthrottled)");
  }
  Require(options.duration.count() > 0,
          "the duration must be more than 0, not " + Ms(options.duration));
  Require(options.connections >= 1 && options.connections <= kMaxConnections,
          "connections must be 1 to 1024, not " + std::to_string(options.connections));
  Require(options.max_in_flight >= 0, "max_in_flight must be 0 (the default) or more, not " +
                                          std::to_string(options.max_in_flight));
  Require(options.request_timeout.count() > 0,
          "the request timeout must be more than 0, not " + Ms(options.request_timeout));
  Require(options.connect_timeout.count() > 0,
          "the connect timeout must be more than 0, not " + Ms(options.connect_timeout));
  Require(options.drain.count() >= 0, "the drain time must be 0 or more, not " + Ms(options.drain));
  Require(options.sample_interval.count() >= 0,
          "the sample interval must be 0 (no samples) or more, not " + Ms(options.sample_interval));
  if (!options.unthrottled) {
    const double requests = options.rate * static_cast<double>(options.duration.count()) / 1e3;
    Require(std::llround(requests) >= 1, "rate x duration gives no request at all");
  }
  try {
    internal::CommandTemplate check(options.command, options.seed);
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(std::string("load: ") + error.what());
  }
}

LatencySummary LatencySummary::Of(const LatencyHistogram& histogram) {
  const auto ms = [](std::int64_t ns) { return static_cast<double>(ns) / 1e6; };
  LatencySummary summary;
  summary.p50_ms = ms(histogram.Percentile(50));
  summary.p90_ms = ms(histogram.Percentile(90));
  summary.p99_ms = ms(histogram.Percentile(99));
  summary.p999_ms = ms(histogram.Percentile(99.9));
  summary.max_ms = ms(histogram.max());
  summary.mean_ms = histogram.mean() / 1e6;
  summary.count = histogram.count();
  return summary;
}

std::int64_t LoadResult::ErrorCount() const {
  std::int64_t total = 0;
  for (const auto& [kind, count] : errors) total += count;
  return total;
}

std::int64_t LoadResult::Errors(const std::string& kind) const {
  const auto it = errors.find(kind);
  return it == errors.end() ? 0 : it->second;
}

LoadResult RunLoad(const LoadOptions& options) {
  ValidateLoadOptions(options);
  LoadResult result;
  result.target_rate = options.unthrottled ? 0 : options.rate;
  result.duration_s = static_cast<double>(options.duration.count()) / 1e3;
  result.connections = options.connections;
  result.unthrottled = options.unthrottled;
  result.server = options.endpoint.Url();

  // The sampling connection first: an unreachable server or a bad password fails here with the
  // client's own error.
  const auto timeout = std::max(options.connect_timeout, options.request_timeout);
  client::Connection sampling({options.endpoint, options.connect_timeout, timeout});
  internal::LoadRun run(options);
  run.Connect();
  const auto start = run.Start();
  std::optional<internal::LoadSampler> sampler;
  if (options.sample_interval.count() > 0) {
    sampler.emplace(std::move(sampling), options.sample_interval, start);
  }
  run.Run(result);
  if (sampler) result.samples = sampler->Stop();
  result.achieved_rate = static_cast<double>(result.in_schedule) / result.duration_s;
  result.intended = LatencySummary::Of(result.intended_histogram);
  result.actual = LatencySummary::Of(result.actual_histogram);
  return result;
}

}  // namespace redis_testkit::ops
