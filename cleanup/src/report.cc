// Report <-> JSON, and ProcessInfo::Current.
#include "redis_testkit/cleanup/report.h"

#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <system_error>

#include "report_json.h"

namespace redis_testkit::cleanup {
namespace internal {
namespace {

using nlohmann::json;

// j[name] as T, or `fallback` when absent/null; a wrong type names the field.
template <typename T>
T Field(const json& j, const char* name, T fallback) {
  const auto it = j.find(name);
  if (it == j.end() || it->is_null()) return fallback;
  try {
    return it->get<T>();
  } catch (const json::exception& e) {
    throw ReportFormatError(std::string("field \"") + name + "\": " + e.what());
  }
}

const json& Object(const json& j, const char* name) {
  static const json kEmpty = json::object();
  const auto it = j.find(name);
  if (it == j.end() || it->is_null()) return kEmpty;
  if (!it->is_object())
    throw ReportFormatError(std::string("field \"") + name + "\" is not an object");
  return *it;
}

const json& Array(const json& j, const char* name) {
  static const json kEmpty = json::array();
  const auto it = j.find(name);
  if (it == j.end() || it->is_null()) return kEmpty;
  if (!it->is_array())
    throw ReportFormatError(std::string("field \"") + name + "\" is not an array");
  return *it;
}

LeakedKey LeakedKeyFromJson(const json& j) {
  LeakedKey k;
  k.key = Field<std::string>(j, "key", "");
  k.type = Field<std::string>(j, "type", "");
  k.ttl_ms = Field<long long>(j, "ttl_ms", -1);
  k.encoding = Field<std::string>(j, "encoding", "");
  k.bytes = Field<long long>(j, "bytes", 0);
  k.db = Field<int>(j, "db", 0);
  k.node = Field<std::string>(j, "node", "");
  k.slot = Field<int>(j, "slot", -1);
  return k;
}

json NodesToJson(const std::vector<NodeFigures>& nodes) {
  json list = json::array();
  for (const NodeFigures& n : nodes) {
    list.push_back({{"node", n.node},
                    {"keys_before", n.keys_before},
                    {"keys_after", n.keys_after},
                    {"used_before", n.used_before},
                    {"used_after", n.used_after},
                    {"leaked_keys", n.leaked_keys}});
  }
  return list;
}

std::vector<NodeFigures> NodesFromJson(const json& list) {
  std::vector<NodeFigures> nodes;
  for (const json& j : list) {
    NodeFigures n;
    n.node = Field<std::string>(j, "node", "");
    n.keys_before = Field<long long>(j, "keys_before", 0);
    n.keys_after = Field<long long>(j, "keys_after", 0);
    n.used_before = Field<long long>(j, "used_before", 0);
    n.used_after = Field<long long>(j, "used_after", 0);
    n.leaked_keys = Field<long long>(j, "leaked_keys", 0);
    nodes.push_back(std::move(n));
  }
  return nodes;
}

// {"0": 3, "5": 1}: JSON object keys are strings.
json KeysByDbToJson(const std::map<int, long long>& keys_by_db) {
  json object = json::object();
  for (const auto& [db, keys] : keys_by_db) object[std::to_string(db)] = keys;
  return object;
}

std::map<int, long long> KeysByDbFromJson(const json& j) {
  std::map<int, long long> keys_by_db;
  const auto it = j.find("keys_by_db");
  if (it == j.end() || !it->is_object()) return keys_by_db;
  for (const auto& [db, keys] : it->items()) {
    if (keys.is_number_integer()) keys_by_db[std::stoi(db)] = keys.get<long long>();
  }
  return keys_by_db;
}

json KeyList(const std::vector<LeakedKey>& keys) {
  json list = json::array();
  for (const LeakedKey& key : keys) list.push_back(ToJson(key));
  return list;
}

std::vector<LeakedKey> KeyListFromJson(const json& j) {
  std::vector<LeakedKey> keys;
  for (const json& item : j) keys.push_back(LeakedKeyFromJson(item));
  return keys;
}

}  // namespace

json ToJson(const LeakedKey& key) {
  json j = {{"key", key.key},           {"type", key.type},   {"ttl_ms", key.ttl_ms},
            {"encoding", key.encoding}, {"bytes", key.bytes}, {"db", key.db}};
  if (!key.node.empty()) {  // on a Redis Cluster
    j["node"] = key.node;
    j["slot"] = key.slot;
  }
  return j;
}

json ToJson(const PatternGroup& group) {
  return {{"pattern", group.pattern},
          {"count", group.count},
          {"bytes", group.bytes},
          {"no_ttl", group.no_ttl},
          {"samples", group.samples}};
}

json ToJson(const TestRecord& r) {
  const MemoryFigures& m = r.memory;
  json patterns = json::array();
  for (const PatternGroup& group : r.patterns) patterns.push_back(ToJson(group));
  json j = {
      {"suite", r.suite},
      {"name", r.name},
      {"status", ToString(r.status)},
      {"duration_ms", r.duration_ms},
      {"keys_before", r.keys_before},
      {"keys_after", r.keys_after},
      {"memory",
       {{"used_before", m.used_before},
        {"used_after", m.used_after},
        {"delta", m.Delta()},
        {"peak_before", m.peak_before},
        {"peak", m.peak},
        {"peak_raised", m.PeakRaised()},
        {"high_water", m.HighWater()},
        {"rss", m.rss},
        {"fragmentation", m.fragmentation},
        {"maxmemory", m.maxmemory},
        {"maxmemory_share", m.MaxmemoryShare()}}},
      {"oom_rejections", r.oom_rejections},
      {"evicted_keys", r.evicted_keys},
      {"expired_keys", r.expired_keys},
      {"leak_check", r.leak_check},
      {"leaks",
       {{"no_ttl", KeyList(r.leaks.no_ttl)},
        {"left_behind", KeyList(r.leaks.left_behind)},
        {"no_ttl_count", r.leaks.no_ttl_count},
        {"no_ttl_bytes", r.leaks.no_ttl_bytes},
        {"left_behind_count", r.leaks.left_behind_count},
        {"left_behind_bytes", r.leaks.left_behind_bytes},
        {"allowlisted_count", r.leaks.allowlisted_count},
        {"allowlisted_bytes", r.leaks.allowlisted_bytes}}},
      {"patterns", std::move(patterns)},
      {"patterns_total", r.patterns_total},
      {"keys_by_prefix", r.keys_by_prefix},
      {"keys_by_db", KeysByDbToJson(r.keys_by_db)},
      {"leak_dbs", r.leak_dbs},
      {"notes", r.notes},
      {"commands", CommandsToJson(r.commands)},
      {"slow_commands", SlowCommandsToJson(r.slow_commands)},
      {"oversized_keys", KeyList(r.oversized_keys)},
      {"verdict", {{"failed", r.verdict.failed}, {"message", r.verdict.message}}},
      {"overhead_ms", r.overhead_ms},
      {"round_trips", r.round_trips},
  };
  if (!r.nodes.empty()) j["nodes"] = NodesToJson(r.nodes);  // per master on a Redis Cluster
  return j;
}

json ToJson(const SuiteSummary& s) {
  json slowest = json::array();
  for (const TestRef& t : s.slowest) {
    slowest.push_back({{"suite", t.suite},
                       {"name", t.name},
                       {"duration_ms", t.duration_ms},
                       {"status", ToString(t.status)}});
  }
  return {{"tests", s.tests},
          {"passed", s.passed},
          {"failed", s.failed},
          {"skipped", s.skipped},
          {"tests_with_leaks", s.tests_with_leaks},
          {"leaked_keys", s.leaked_keys},
          {"leaked_bytes", s.leaked_bytes},
          {"no_ttl_keys", s.no_ttl_keys},
          {"allowlisted_keys", s.allowlisted_keys},
          {"oom_rejections", s.oom_rejections},
          {"tests_with_oom", s.tests_with_oom},
          {"peak_used_memory", s.peak_used_memory},
          {"peak_test", s.peak_test},
          {"total_duration_ms", s.total_duration_ms},
          {"total_overhead_ms", s.total_overhead_ms},
          {"slowest", std::move(slowest)}};
}

json ToJson(const ProcessInfo& p) {
  return {
      {"binary", p.binary}, {"pid", p.pid}, {"started_at", p.started_at}, {"hostname", p.hostname}};
}

json ToJson(const ServerDescription& s) {
  json j = {{"runtime", s.runtime},
            {"endpoint", s.endpoint},
            {"redis_version", s.redis_version},
            {"maxmemory", s.maxmemory},
            {"maxmemory_policy", s.maxmemory_policy},
            {"flush", s.flush},
            {"leak_policy", s.leak_policy},
            {"topology", s.topology}};
  if (!s.nodes.empty()) j["nodes"] = s.nodes;  // a cluster's masters
  return j;
}

json ToJson(const Report& report) {
  json tests = json::array();
  for (const TestRecord& record : report.tests) tests.push_back(ToJson(record));
  return {{"schema", kReportSchema},           {"version", kReportVersion},
          {"process", ToJson(report.process)}, {"server", ToJson(report.server)},
          {"tests", std::move(tests)},         {"summary", ToJson(report.Summary())}};
}

PatternGroup PatternGroupFromJson(const json& j) {
  PatternGroup g;
  g.pattern = Field<std::string>(j, "pattern", "");
  g.count = Field<long long>(j, "count", 0);
  g.bytes = Field<long long>(j, "bytes", 0);
  g.no_ttl = Field<long long>(j, "no_ttl", 0);
  g.samples = Field<std::vector<std::string>>(j, "samples", {});
  return g;
}

TestRecord TestRecordFromJson(const json& j) {
  if (!j.is_object()) throw ReportFormatError("a test entry is not an object");
  TestRecord r;
  r.suite = Field<std::string>(j, "suite", "");
  r.name = Field<std::string>(j, "name", "");
  r.status = ParseTestStatus(Field<std::string>(j, "status", "failed"));
  r.duration_ms = Field<double>(j, "duration_ms", 0);
  r.keys_before = Field<long long>(j, "keys_before", 0);
  r.keys_after = Field<long long>(j, "keys_after", 0);
  const json& m = Object(j, "memory");
  r.memory.used_before = Field<long long>(m, "used_before", 0);
  r.memory.used_after = Field<long long>(m, "used_after", 0);
  r.memory.peak_before = Field<long long>(m, "peak_before", 0);
  r.memory.peak = Field<long long>(m, "peak", 0);
  r.memory.rss = Field<long long>(m, "rss", 0);
  r.memory.fragmentation = Field<double>(m, "fragmentation", 0);
  r.memory.maxmemory = Field<long long>(m, "maxmemory", 0);
  r.oom_rejections = Field<long long>(j, "oom_rejections", 0);
  r.evicted_keys = Field<long long>(j, "evicted_keys", 0);
  r.expired_keys = Field<long long>(j, "expired_keys", 0);
  r.leak_check = Field<bool>(j, "leak_check", true);
  const json& l = Object(j, "leaks");
  r.leaks.no_ttl = KeyListFromJson(Array(l, "no_ttl"));
  r.leaks.left_behind = KeyListFromJson(Array(l, "left_behind"));
  r.leaks.no_ttl_count =
      Field<long long>(l, "no_ttl_count", static_cast<long long>(r.leaks.no_ttl.size()));
  r.leaks.no_ttl_bytes = Field<long long>(l, "no_ttl_bytes", 0);
  r.leaks.left_behind_count =
      Field<long long>(l, "left_behind_count", static_cast<long long>(r.leaks.left_behind.size()));
  r.leaks.left_behind_bytes = Field<long long>(l, "left_behind_bytes", 0);
  r.leaks.allowlisted_count = Field<long long>(l, "allowlisted_count", 0);
  r.leaks.allowlisted_bytes = Field<long long>(l, "allowlisted_bytes", 0);
  for (const json& g : Array(j, "patterns")) r.patterns.push_back(PatternGroupFromJson(g));
  r.patterns_total =
      Field<long long>(j, "patterns_total", static_cast<long long>(r.patterns.size()));
  r.keys_by_prefix = Field<std::map<std::string, long long>>(j, "keys_by_prefix", {});
  const json& v = Object(j, "verdict");
  r.verdict.failed = Field<bool>(v, "failed", false);
  r.verdict.message = Field<std::string>(v, "message", "");
  r.overhead_ms = Field<double>(j, "overhead_ms", 0);
  r.round_trips = Field<long long>(j, "round_trips", 0);
  r.keys_by_db = KeysByDbFromJson(j);
  r.leak_dbs = Field<std::vector<int>>(j, "leak_dbs", {});
  r.notes = Field<std::vector<std::string>>(j, "notes", {});
  r.commands = CommandsFromJson(Array(j, "commands"));
  r.slow_commands = SlowCommandsFromJson(Array(j, "slow_commands"));
  r.oversized_keys = KeyListFromJson(Array(j, "oversized_keys"));
  r.nodes = NodesFromJson(Array(j, "nodes"));
  return r;
}

Report ReportFromJsonValue(const json& j) {
  if (!j.is_object()) throw ReportFormatError("not a JSON object");
  const std::string schema = Field<std::string>(j, "schema", "");
  if (schema != kReportSchema) {
    throw ReportFormatError("schema is \"" + schema + "\", not \"" + std::string(kReportSchema) +
                            "\"");
  }
  const int version = Field<int>(j, "version", 0);
  if (version > kReportVersion) {
    throw ReportFormatError("version " + std::to_string(version) + " of " + schema +
                            " is newer than this redis-testkit reads (" +
                            std::to_string(kReportVersion) + "); update redis-testkit");
  }
  if (version < 1)
    throw ReportFormatError("no valid \"version\" (got " + std::to_string(version) + ")");
  Report report;
  const json& p = Object(j, "process");
  report.process.binary = Field<std::string>(p, "binary", "");
  report.process.pid = Field<long long>(p, "pid", 0);
  report.process.started_at = Field<std::string>(p, "started_at", "");
  report.process.hostname = Field<std::string>(p, "hostname", "");
  const json& s = Object(j, "server");
  report.server.runtime = Field<std::string>(s, "runtime", "");
  report.server.endpoint = Field<std::string>(s, "endpoint", "");
  report.server.redis_version = Field<std::string>(s, "redis_version", "");
  report.server.maxmemory = Field<long long>(s, "maxmemory", 0);
  report.server.maxmemory_policy = Field<std::string>(s, "maxmemory_policy", "");
  report.server.flush = Field<std::string>(s, "flush", "");
  report.server.leak_policy = Field<std::string>(s, "leak_policy", "");
  report.server.topology = Field<std::string>(s, "topology", "standalone");
  report.server.nodes = Field<std::vector<std::string>>(s, "nodes", {});
  for (const json& t : Array(j, "tests")) report.tests.push_back(TestRecordFromJson(t));
  return report;
}

std::string UtcIsoNow() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 64> date{};
  std::strftime(date.data(), date.size(), "%Y-%m-%dT%H:%M:%S", &utc);
  std::array<char, 80> stamp{};
  std::snprintf(stamp.data(), stamp.size(), "%s.%03dZ", date.data(), static_cast<int>(millis));
  return stamp.data();
}

std::string Dump(const json& j) {
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace internal

ProcessInfo ProcessInfo::Current() {
  ProcessInfo p;
  std::error_code error;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
  p.binary = error ? "unknown" : exe.filename().string();
  p.pid = static_cast<long long>(::getpid());
  p.started_at = internal::UtcIsoNow();
  std::array<char, 256> host{};
  if (::gethostname(host.data(), host.size() - 1) == 0) p.hostname = host.data();
  return p;
}

std::string ReportToJson(const Report& report) { return internal::Dump(internal::ToJson(report)); }

Report ReportFromJson(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) throw ReportFormatError("not valid JSON");
  return internal::ReportFromJsonValue(j);
}

}  // namespace redis_testkit::cleanup
