// Names of the configuration enums, both ways.
#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "redis_testkit/config.h"
#include "text.h"

namespace redis_testkit {
namespace {

constexpr std::array<std::pair<Runtime, const char*>, 5> kRuntimes{{
    {Runtime::kAuto, "auto"},
    {Runtime::kPodman, "podman"},
    {Runtime::kDocker, "docker"},
    {Runtime::kProcess, "process"},
    {Runtime::kExternal, "external"},
}};

constexpr std::array<std::pair<FlushMode, const char*>, 4> kFlushModes{{
    {FlushMode::kAuto, "auto"},
    {FlushMode::kFlushAll, "flushall"},
    {FlushMode::kFlushDb, "flushdb"},
    {FlushMode::kNone, "none"},
}};

constexpr std::array<std::pair<LeakPolicy, const char*>, 4> kLeakPolicies{{
    {LeakPolicy::kFailNoTtl, "fail-no-ttl"},
    {LeakPolicy::kFailAny, "fail-any"},
    {LeakPolicy::kReport, "report"},
    {LeakPolicy::kOff, "off"},
}};

constexpr std::array<std::pair<Persistence, const char*>, 4> kPersistence{{
    {Persistence::kNone, "none"},
    {Persistence::kAofEverysec, "aof-everysec"},
    {Persistence::kAofAlways, "aof-always"},
    {Persistence::kRdb, "rdb"},
}};

constexpr std::array<std::pair<Topology, const char*>, 2> kTopologies{{
    {Topology::kStandalone, "standalone"},
    {Topology::kCluster, "cluster"},
}};

template <typename Table, typename E>
const char* NameOf(const Table& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "?";
}

template <typename Table>
auto ValueOf(const Table& table, std::string_view text, std::string_view what,
             std::string_view kind) {
  const std::string lower = internal::ToLower(internal::Trim(text));
  for (const auto& [v, name] : table) {
    if (lower == name) return v;
  }
  std::string accepted;
  for (const auto& entry : table) {
    if (!accepted.empty()) accepted += ", ";
    accepted += entry.second;
  }
  throw ConfigError(std::string(what) + "=\"" + std::string(text) + "\" is not a " +
                    std::string(kind) + "; accepted: " + accepted);
}

}  // namespace

const char* ToString(Runtime runtime) { return NameOf(kRuntimes, runtime); }
const char* ToString(FlushMode mode) { return NameOf(kFlushModes, mode); }
const char* ToString(LeakPolicy policy) { return NameOf(kLeakPolicies, policy); }
const char* ToString(Persistence persistence) { return NameOf(kPersistence, persistence); }
const char* ToString(Topology topology) { return NameOf(kTopologies, topology); }

Runtime ParseRuntime(std::string_view text, std::string_view what) {
  return ValueOf(kRuntimes, text, what, "runtime");
}
FlushMode ParseFlushMode(std::string_view text, std::string_view what) {
  return ValueOf(kFlushModes, text, what, "flush mode");
}
LeakPolicy ParseLeakPolicy(std::string_view text, std::string_view what) {
  return ValueOf(kLeakPolicies, text, what, "leak policy");
}

Persistence ParsePersistence(std::string_view text, std::string_view what) {
  return ValueOf(kPersistence, text, what, "persistence mode");
}

Topology ParseTopology(std::string_view text, std::string_view what) {
  return ValueOf(kTopologies, text, what, "topology");
}

}  // namespace redis_testkit
