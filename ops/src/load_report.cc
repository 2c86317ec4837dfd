// LoadResult as JSON (for tools and the CLI's --json) and as a few lines for people.
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "redis_testkit/ops/load.h"

namespace redis_testkit::ops {
namespace {

double Round3(double value) { return static_cast<double>(std::llround(value * 1000)) / 1000; }

nlohmann::json LatencyJson(const LatencySummary& s) {
  return {{"p50", Round3(s.p50_ms)},   {"p90", Round3(s.p90_ms)}, {"p99", Round3(s.p99_ms)},
          {"p999", Round3(s.p999_ms)}, {"max", Round3(s.max_ms)}, {"mean", Round3(s.mean_ms)},
          {"count", s.count}};
}

nlohmann::json SampleJson(const LoadSample& sample) {
  nlohmann::json json = {{"at_s", Round3(sample.at_s)}};
  if (!sample.error.empty()) {
    json["error"] = sample.error;
    return json;
  }
  json["used_memory"] = sample.used_memory;
  json["instantaneous_ops_per_sec"] = sample.instantaneous_ops_per_sec;
  json["total_commands_processed"] = sample.total_commands_processed;
  json["connected_clients"] = sample.connected_clients;
  nlohmann::json latency = nlohmann::json::object();
  for (const auto& [event, figures] : sample.latency_events) {
    latency[event] = {{"latest_ms", figures.first}, {"max_ms", figures.second}};
  }
  json["latency_latest"] = latency;
  return json;
}

std::string LatencyLine(const char* name, const LatencySummary& s) {
  char line[200];
  std::snprintf(line, sizeof(line),
                "  %-8s p50 %8.3f  p90 %8.3f  p99 %8.3f  p99.9 %8.3f  max %8.3f ms\n", name,
                s.p50_ms, s.p90_ms, s.p99_ms, s.p999_ms, s.max_ms);
  return line;
}

}  // namespace

std::string LoadResult::ToJson() const {
  nlohmann::json windows_json = nlohmann::json::array();
  for (const LoadWindow& w : windows) {
    windows_json.push_back({{"start_s", Round3(w.start_s)},
                            {"length_s", Round3(w.length_s)},
                            {"sent", w.sent},
                            {"completed", w.completed},
                            {"errors", w.errors},
                            {"rate", Round3(w.rate)}});
  }
  nlohmann::json samples_json = nlohmann::json::array();
  for (const LoadSample& sample : samples) samples_json.push_back(SampleJson(sample));
  nlohmann::json errors_json = nlohmann::json::object();
  for (const auto& [kind, count] : errors) errors_json[kind] = count;
  const nlohmann::json json = {
      {"server", server},
      {"target_rate", Round3(target_rate)},
      {"achieved_rate", Round3(achieved_rate)},
      {"unthrottled", unthrottled},
      {"duration_s", Round3(duration_s)},
      {"connections", connections},
      {"requests",
       {{"scheduled", scheduled},
        {"sent", sent},
        {"completed", completed},
        {"in_schedule", in_schedule}}},
      {"errors", errors_json},
      {"error_count", ErrorCount()},
      {"latency_ms", {{"intended", LatencyJson(intended)}, {"actual", LatencyJson(actual)}}},
      {"windows", windows_json},
      {"samples", samples_json}};
  return json.dump(2) + "\n";
}

std::string LoadResult::ToText() const {
  char line[300];
  std::string text;
  std::snprintf(line, sizeof(line), "load on %s: %d connection(s), %.1f s\n", server.c_str(),
                connections, duration_s);
  text += line;
  if (unthrottled) {
    std::snprintf(line, sizeof(line), "  rate     unthrottled, achieved %.1f/s\n", achieved_rate);
  } else {
    std::snprintf(line, sizeof(line), "  rate     target %.1f/s, achieved %.1f/s (%.2f%%)\n",
                  target_rate, achieved_rate, 100.0 * achieved_rate / target_rate);
  }
  text += line;
  std::snprintf(line, sizeof(line), "  requests %lld due, %lld sent, %lld answered\n",
                static_cast<long long>(scheduled), static_cast<long long>(sent),
                static_cast<long long>(completed));
  text += line;
  text += "  errors   ";
  if (errors.empty()) text += "none";
  for (const auto& [kind, count] : errors) {
    text += kind + " " + std::to_string(count) + (kind == errors.rbegin()->first ? "" : ", ");
  }
  text += "\n";
  text += LatencyLine("intended", intended);
  text += LatencyLine("actual", actual);
  const auto slowest =
      std::min_element(windows.begin(), windows.end(),
                       [](const LoadWindow& a, const LoadWindow& b) { return a.rate < b.rate; });
  if (slowest != windows.end()) {
    std::snprintf(line, sizeof(line), "  slowest window %.0f-%.0f s: %.1f/s\n", slowest->start_s,
                  slowest->start_s + slowest->length_s, slowest->rate);
    text += line;
  }
  return text;
}

}  // namespace redis_testkit::ops
