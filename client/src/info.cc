// ParseInfo: the one INFO parser of the project.
#include "redis_testkit/client/info.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <string>

#include "redis_testkit/units/text.h"

namespace redis_testkit::client {
namespace {

using units::ToLower;

// What may surround an INFO line or section name (lines end in "\r\n", split at '\n').
constexpr std::string_view kLineBlanks = " \t\r";

// Leaves `out` alone unless the whole text is a number.
template <typename T>
bool ParseNumber(std::string_view text, T& out) {
  T value{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return false;
  out = value;
  return true;
}

// "keys=1,expires=0,avg_ttl=0" -> calls on_pair("keys", "1"), ...
template <typename F>
void ForEachPair(std::string_view text, F on_pair) {
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view pair = text.substr(0, comma);
    const std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos) on_pair(pair.substr(0, eq), pair.substr(eq + 1));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
}

void ParseKeyspaceLine(std::string_view field, std::string_view value, Info& info) {
  int db = 0;
  if (!field.starts_with("db") || !ParseNumber(field.substr(2), db)) return;
  KeyspaceDb figures;
  ForEachPair(value, [&figures](std::string_view key, std::string_view number) {
    if (key == "keys") ParseNumber(number, figures.keys);
    if (key == "expires") ParseNumber(number, figures.expires);
    if (key == "avg_ttl") ParseNumber(number, figures.avg_ttl);
  });
  info.keyspace[db] = figures;
}

// "<prefix>NAME:<counter>=N,..." (errorstats, commandstats) -> out[NAME] = N.
void ParseCounterLine(std::string_view field, std::string_view value, std::string_view prefix,
                      std::string_view counter, std::map<std::string, long long>& out) {
  if (!field.starts_with(prefix)) return;
  ForEachPair(value, [&](std::string_view key, std::string_view number) {
    long long count = 0;
    if (key == counter && ParseNumber(number, count))
      out[std::string(field.substr(prefix.size()))] = count;
  });
}

void FillTypedFields(Info& info) {
  for (const auto& [section, fields] : info.sections) {
    for (const auto& [field, value] : fields) {
      MemoryInfo& m = info.memory;
      ServerInfo& s = info.server;
      if (field == "used_memory") ParseNumber(std::string_view(value), m.used_memory);
      if (field == "used_memory_peak") ParseNumber(std::string_view(value), m.used_memory_peak);
      if (field == "used_memory_rss") ParseNumber(std::string_view(value), m.used_memory_rss);
      if (field == "maxmemory") ParseNumber(std::string_view(value), m.maxmemory);
      if (field == "mem_fragmentation_ratio") {
        ParseNumber(std::string_view(value), m.mem_fragmentation_ratio);
      }
      if (field == "maxmemory_policy") m.maxmemory_policy = value;
      if (field == "redis_version") s.redis_version = value;
      if (field == "process_id") ParseNumber(std::string_view(value), s.process_id);
      if (field == "tcp_port") ParseNumber(std::string_view(value), s.tcp_port);
      if (field == "uptime_in_seconds") ParseNumber(std::string_view(value), s.uptime_in_seconds);
      if (field == "run_id") s.run_id = value;
    }
  }
}

}  // namespace

std::optional<std::string> Info::Get(std::string_view field) const {
  for (const auto& [section, fields] : sections) {
    auto it = fields.find(std::string(field));
    if (it != fields.end()) return it->second;
  }
  return std::nullopt;
}

long long Info::TotalKeys() const {
  // The figures are whatever the text said: a negative count is none, and the sum saturates
  // rather than overflow (UBSan in fuzz_info, on a crafted input).
  constexpr long long kMax = std::numeric_limits<long long>::max();
  long long total = 0;
  for (const auto& [db, figures] : keyspace) {
    const long long keys = std::max(figures.keys, 0LL);
    total = keys > kMax - total ? kMax : total + keys;
  }
  return total;
}

long long Info::OomRejections() const {
  auto it = errors.find("OOM");
  return it == errors.end() ? 0 : it->second;
}

long long Info::CommandCalls(std::string_view command) const {
  auto it = command_calls.find(std::string(command));
  return it == command_calls.end() ? 0 : it->second;
}

Info ParseInfo(std::string_view text) {
  Info info;
  std::string section;  // fields before any "# Section" header land in ""
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    const std::string_view line = units::Trim(text.substr(0, newline), kLineBlanks);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    if (line.empty()) continue;
    if (line.front() == '#') {
      section = ToLower(units::Trim(line.substr(1), kLineBlanks));
      info.sections[section];  // an empty section ("# Keyspace" of an empty server) exists
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;  // malformed: skipped
    const std::string_view field = line.substr(0, colon);
    const std::string_view value = line.substr(colon + 1);
    info.sections[section][std::string(field)] = std::string(value);
    if (section == "keyspace") ParseKeyspaceLine(field, value, info);
    if (section == "errorstats") ParseCounterLine(field, value, "errorstat_", "count", info.errors);
    if (section == "commandstats") {  // Redis 7 names are lower case; older ones as written
      ParseCounterLine(ToLower(field), value, "cmdstat_", "calls", info.command_calls);
      ParseCounterLine(ToLower(field), value, "cmdstat_", "usec", info.command_usec);
    }
  }
  FillTypedFields(info);
  return info;
}

}  // namespace redis_testkit::client
