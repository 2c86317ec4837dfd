// The one place that reads REDIS_TESTKIT_* variables. The GoogleTest environment, the listener,
// the redis-testkit CLI (and through it start-redis.sh / stop-redis.sh) all take a Config made
// here, so a test binary and ./start-redis.sh start the same Redis.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace redis_testkit {

// A bad value: the message names the variable, the value and the accepted forms.
class ConfigError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

enum class Runtime { kAuto, kPodman, kDocker, kProcess, kExternal };
enum class FlushMode { kAuto, kFlushAll, kFlushDb, kNone };
// REDIS_TESTKIT_PERSISTENCE: what the kit's servers write to their data directory.
enum class Persistence { kNone, kAofEverysec, kAofAlways, kRdb };
// REDIS_TESTKIT_TOPOLOGY: one server, or a Redis Cluster of cluster_masters masters with
// cluster_replicas replicas each.
enum class Topology { kStandalone, kCluster };
enum class LeakPolicy {
  kFailNoTtl,  // default: fail a test that leaves a key without TTL; report the others
  kFailAny,    // fail a test that leaves any key that is not allowlisted
  kReport,     // report, never fail
  kOff,        // no leak detection
};

struct ServerConfig {
  Runtime runtime = Runtime::kAuto;
  std::string image;  // empty: localhost/redis-testkit:7.0 when present, else redis:7-alpine
  long long maxmemory_bytes = 512LL * 1024 * 1024;
  std::string maxmemory_policy = "noeviction";
  long long container_memory_bytes = 0;  // 0: derived from maxmemory (see ContainerMemoryLimit)
  int port = 0;                          // 0: ephemeral port chosen at start
  int db = 0;
  bool db_explicit = false;  // REDIS_TESTKIT_DB was set (a URL naming another db is an error)
  std::string url;           // external runtime: redis://host:port/db
  std::string name;          // container / instance name; empty: "redis-testkit-<pid>"
  std::string redis_server = "redis-server";  // process runtime: binary (PATH lookup)
  std::chrono::milliseconds startup_timeout{15000};
  std::chrono::milliseconds command_timeout{2000};
  // REDIS_TESTKIT_PROFILE: a built-in profile name or a profile file (see ops/profile.h). Its
  // settings are resolved into `settings` (and maxmemory / maxmemory_policy) by
  // ops::ApplyProfileSettings before a server starts.
  std::string profile;
  // Extra redis-server settings (name, value), appended last to the command line, so they win
  // over the kit's defaults.
  std::vector<std::pair<std::string, std::string>> settings;
  // REDIS_TESTKIT_PERSISTENCE: none (nothing written), aof-everysec, aof-always or rdb. The data
  // directory lives as long as the server (a Kill + Restart keeps it) and is removed at Stop().
  Persistence persistence = Persistence::kNone;
  // REDIS_TESTKIT_SLOWLOG_THRESHOLD: slowlog-log-slower-than of the kit's servers, microseconds
  // (-1: the slow log is off and the kit does not read it).
  long long slowlog_threshold_us = 10'000;
  // REDIS_TESTKIT_TOPOLOGY, REDIS_TESTKIT_CLUSTER_MASTERS, REDIS_TESTKIT_CLUSTER_REPLICAS: with
  // kCluster, RedisServer::Start starts cluster_masters * (1 + cluster_replicas) nodes, each with
  // the memory cap above (the cap is per node), and forms a cluster of them.
  Topology topology = Topology::kStandalone;
  int cluster_masters = 3;   // at least 1
  int cluster_replicas = 0;  // replicas per master

  // cgroup limit for containers: the configured one, else maxmemory + max(64 MiB, maxmemory/4).
  long long ContainerMemoryLimit() const;
};

struct CleanupConfig {
  FlushMode flush = FlushMode::kAuto;  // auto: FLUSHALL on an owned server, FLUSHDB on external
  bool allow_remote_flush = false;     // flush an external server that is not on loopback
  LeakPolicy leak_policy = LeakPolicy::kFailNoTtl;
  std::vector<std::string> leak_allowlist;   // glob patterns (Redis MATCH syntax)
  std::vector<std::string> forbid_commands;  // REDIS_TESTKIT_FORBID_COMMANDS, as written
  long long max_key_bytes = 0;               // REDIS_TESTKIT_MAX_KEY_BYTES; 0: no limit
};

struct ReportConfig {
  // Where the per-process reports go (and, by default, the merged ones): REDIS_TESTKIT_REPORT_DIR
  // when set, else REDIS_TESTKIT_DEFAULT_REPORT_DIR (the ctest fallback), else empty, which means
  // ./redis-testkit-reports.
  std::string report_dir;
  bool report_dir_explicit = false;  // REDIS_TESTKIT_REPORT_DIR was set: the user's choice wins
  std::string default_report_dir;    // REDIS_TESTKIT_DEFAULT_REPORT_DIR as set (or empty)
  std::string log_level = "info";
  std::string pool_dir;  // set by redis_testkit_discover_tests: a ctest-wide pool of servers
};

struct Config {
  ServerConfig server;
  CleanupConfig cleanup;
  ReportConfig report;
  // FromEnvironment only: REDIS_TESTKIT_* variables that are set but unknown (typos such as
  // REDIS_TESTKIT_MAXMEMROY). Not an error, so older binaries accept newer scripts; warn about
  // them.
  std::vector<std::string> unknown_variables;

  // Reads every REDIS_TESTKIT_* variable; throws ConfigError on the first bad one.
  static Config FromEnvironment();
  // Same, with a custom lookup (tests).
  using Lookup = std::function<std::optional<std::string>(std::string_view name)>;
  static Config FromLookup(const Lookup& lookup);
};

// One documented variable: name, default as a person would write it, meaning.
struct VariableDoc {
  std::string_view name;
  std::string_view default_value;
  std::string_view description;
};
// Every variable Config reads, in README order (the README table and `redis-testkit env` use it).
const std::vector<VariableDoc>& Variables();
// The one rule that splits the credentials off a Redis URL (Endpoint::ParseUrl and RedactUrl both
// use it): the index in `url` of the '@' that ends "[user][:password]@", or npos when there are no
// credentials. A password may hold unencoded '@' and '/', so: after "redis://" (or any other
// scheme, or none) the last '@'; after "unix://" none when the socket path follows at once
// ("unix:///path", which may hold '@'), else the last "@/" (the path is absolute), else the last
// '@'. Whatever the password holds, it ends at or before that '@'.
std::size_t UrlCredentialsEnd(std::string_view url);
// The one masking function for anything that shows an endpoint or a URL (log lines, errors,
// `redis-testkit env`, reports): the password (percent-encoded or not) becomes "***", the user
// name stays: "redis://:***@host:6379/0", "redis://alice:***@host", "redis://***@host" (legacy
// password-only form). Text that is not a URL is masked the same way up to its last '@', and the
// values of query parameters named like a password (`?password=...`) are masked too.
std::string RedactUrl(std::string_view url);

// The units library's convention (redis_testkit/units/byte_size.h, Redis' own): "2048" bytes,
// "100k" = 100000, "100kb" = "100KiB" = 102400, "512mb", "1gb"; case-insensitive. Throws
// ConfigError naming `what`: REDIS_TESTKIT_MAXMEMORY="lots" is not a byte size; use ...
long long ParseMemorySize(std::string_view text, std::string_view what = "memory size");
// "500ms", "15s", "2m", "1h", "1500" (ms) -> milliseconds, at most 100 years (units/duration.h).
// Throws ConfigError naming `what`.
std::chrono::milliseconds ParseDuration(std::string_view text, std::string_view what = "duration");
// 536870912 -> "512mb" (exact units when they divide, else bytes): the form redis.conf accepts.
std::string FormatMemorySize(long long bytes);

const char* ToString(Runtime runtime);
const char* ToString(FlushMode mode);
const char* ToString(LeakPolicy policy);
const char* ToString(Persistence persistence);
const char* ToString(Topology topology);
// The inverse of ToString (case-insensitive, as the variables accept them). Throw ConfigError
// naming `what` and the accepted values, e.g. for a CLI flag: ParseRuntime(arg, "--runtime").
Runtime ParseRuntime(std::string_view text, std::string_view what = "runtime");
FlushMode ParseFlushMode(std::string_view text, std::string_view what = "flush mode");
LeakPolicy ParseLeakPolicy(std::string_view text, std::string_view what = "leak policy");
Persistence ParsePersistence(std::string_view text, std::string_view what = "persistence");
Topology ParseTopology(std::string_view text, std::string_view what = "topology");

}  // namespace redis_testkit
