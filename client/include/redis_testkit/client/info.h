// The one INFO parser of the project. Everything that needs memory, keyspace, errorstats or server
// figures parses INFO here and nowhere else.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace redis_testkit::client {

struct KeyspaceDb {
  long long keys = 0;
  long long expires = 0;
  long long avg_ttl = 0;
};

struct MemoryInfo {
  long long used_memory = 0;
  long long used_memory_peak = 0;
  long long used_memory_rss = 0;
  long long maxmemory = 0;  // 0: no limit
  double mem_fragmentation_ratio = 0.0;
  std::string maxmemory_policy;
};

struct ServerInfo {
  std::string redis_version;
  long long process_id = 0;
  long long tcp_port = 0;
  long long uptime_in_seconds = 0;
  std::string run_id;
};

struct Info {
  // Raw fields: section name (lower case, e.g. "memory") -> field -> value.
  std::map<std::string, std::map<std::string, std::string>> sections;

  MemoryInfo memory;
  ServerInfo server;
  std::map<int, KeyspaceDb> keyspace;       // db number -> figures
  std::map<std::string, long long> errors;  // errorstats: "OOM" -> count, "ERR" -> count, ...
  // commandstats: "config|set" -> calls, "get" -> calls, ... (lower case, as Redis 7 names them)
  std::map<std::string, long long> command_calls;
  // commandstats: command -> server time spent in it, microseconds (same names as command_calls).
  std::map<std::string, long long> command_usec;

  // A raw field looked up in every section, e.g. Get("used_memory").
  std::optional<std::string> Get(std::string_view field) const;
  long long TotalKeys() const;      // sum over all databases
  long long OomRejections() const;  // errors["OOM"], 0 when absent
  // command_calls[command], 0 when absent (e.g. CommandCalls("config|set")).
  long long CommandCalls(std::string_view command) const;
};

// Parses the text of INFO (any sections; CRLF or LF). Unknown lines are kept in `sections`;
// malformed lines are skipped. Never throws on server output.
Info ParseInfo(std::string_view text);

}  // namespace redis_testkit::client
