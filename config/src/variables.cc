// Every REDIS_TESTKIT_* variable: name, default, meaning and parser. README order.
#include "variables.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <string>

#include "text.h"

namespace redis_testkit::internal {
namespace {

[[noreturn]] void Bad(std::string_view name, std::string_view value, std::string_view problem) {
  throw ConfigError(std::string(name) + "=\"" + std::string(value) + "\" " + std::string(problem));
}

int ParseInt(std::string_view name, std::string_view value, int min, int max,
             std::string_view meaning) {
  const std::string_view trimmed = Trim(value);
  int number = 0;
  auto [ptr, ec] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), number);
  if (ec != std::errc() || ptr != trimmed.data() + trimmed.size() || number < min || number > max) {
    Bad(name, value,
        "is not " + std::string(meaning) + "; use a whole number from " + std::to_string(min) +
            " to " + std::to_string(max));
  }
  return number;
}

bool ParseBool(std::string_view name, std::string_view value) {
  const std::string lower = ToLower(Trim(value));
  if (lower == "1" || lower == "true" || lower == "yes" || lower == "on") return true;
  if (lower == "0" || lower == "false" || lower == "no" || lower == "off") return false;
  Bad(name, value, "is not a boolean; accepted: 1, 0, true, false, yes, no, on, off");
}

std::chrono::milliseconds ParsePositiveDuration(std::string_view name, std::string_view value) {
  const std::chrono::milliseconds duration = ParseDuration(value, name);
  if (duration.count() <= 0) Bad(name, value, "must be longer than 0 ms");
  return duration;
}

constexpr std::array<std::string_view, 8> kPolicies{
    "noeviction",   "allkeys-lru",  "allkeys-lfu",     "allkeys-random",
    "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
};

// A cluster's nodes are processes or containers of one machine: more would be a mistake.
constexpr int kMaxClusterMasters = 64;
constexpr int kMaxClusterReplicas = 4;

constexpr std::array<std::string_view, 6> kLogLevels{"trace", "debug", "info",
                                                     "warn",  "error", "off"};

bool IsContainerName(std::string_view name) {
  // podman / docker: [a-zA-Z0-9][a-zA-Z0-9_.-]*
  if (name.empty() || !std::isalnum(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

void ApplyRuntime(std::string_view name, std::string_view value, Config& c) {
  c.server.runtime = ParseRuntime(value, name);
}
void ApplyImage(std::string_view, std::string_view value, Config& c) {
  c.server.image = std::string(Trim(value));
}
void ApplyMaxmemory(std::string_view name, std::string_view value, Config& c) {
  c.server.maxmemory_bytes = ParseMemorySize(value, name);
}
void ApplyPolicy(std::string_view name, std::string_view value, Config& c) {
  const std::string lower = ToLower(Trim(value));
  if (std::find(kPolicies.begin(), kPolicies.end(), lower) == kPolicies.end()) {
    Bad(name, value,
        "is not a maxmemory policy; accepted: noeviction, allkeys-lru, allkeys-lfu, "
        "allkeys-random, volatile-lru, volatile-lfu, volatile-random, volatile-ttl");
  }
  c.server.maxmemory_policy = lower;
}
void ApplyContainerMemory(std::string_view name, std::string_view value, Config& c) {
  c.server.container_memory_bytes = ParseMemorySize(value, name);
}
void ApplyPort(std::string_view name, std::string_view value, Config& c) {
  c.server.port = ParseInt(name, value, 0, 65535, "a TCP port (0 = ephemeral)");
}
void ApplyDb(std::string_view name, std::string_view value, Config& c) {
  c.server.db = ParseInt(name, value, 0, 15, "a Redis database number");
  c.server.db_explicit = true;
}
void ApplyUrl(std::string_view name, std::string_view value, Config& c) {
  const std::string_view url = Trim(value);
  if (!url.starts_with("redis://") && !url.starts_with("unix://")) {
    throw ConfigError(std::string(name) + "=\"" + RedactUrl(value) +
                      "\" is not a Redis URL; use redis://[:password@]host[:port][/db] or "
                      "unix:///path/to/redis.sock[?db=N]");
  }
  c.server.url = std::string(url);
}
void ApplyName(std::string_view name, std::string_view value, Config& c) {
  const std::string_view trimmed = Trim(value);
  if (!IsContainerName(trimmed)) {
    Bad(name, value,
        "is not a valid instance name; use letters, digits, '_', '.', '-', starting with a "
        "letter or digit");
  }
  c.server.name = std::string(trimmed);
}
void ApplyRedisServer(std::string_view, std::string_view value, Config& c) {
  c.server.redis_server = std::string(Trim(value));
}
void ApplyStartupTimeout(std::string_view name, std::string_view value, Config& c) {
  c.server.startup_timeout = ParsePositiveDuration(name, value);
}
void ApplyCommandTimeout(std::string_view name, std::string_view value, Config& c) {
  c.server.command_timeout = ParsePositiveDuration(name, value);
}
void ApplyPersistence(std::string_view name, std::string_view value, Config& c) {
  c.server.persistence = ParsePersistence(value, name);
}
void ApplyTopology(std::string_view name, std::string_view value, Config& c) {
  c.server.topology = ParseTopology(value, name);
}
void ApplyClusterMasters(std::string_view name, std::string_view value, Config& c) {
  c.server.cluster_masters = ParseInt(name, value, 1, kMaxClusterMasters, "a number of masters");
}
void ApplyClusterReplicas(std::string_view name, std::string_view value, Config& c) {
  c.server.cluster_replicas =
      ParseInt(name, value, 0, kMaxClusterReplicas, "a number of replicas per master");
}
void ApplyFlush(std::string_view name, std::string_view value, Config& c) {
  c.cleanup.flush = ParseFlushMode(value, name);
}
void ApplyAllowRemoteFlush(std::string_view name, std::string_view value, Config& c) {
  c.cleanup.allow_remote_flush = ParseBool(name, value);
}
void ApplyLeakPolicy(std::string_view name, std::string_view value, Config& c) {
  c.cleanup.leak_policy = ParseLeakPolicy(value, name);
}
void ApplyLeakAllowlist(std::string_view, std::string_view value, Config& c) {
  c.cleanup.leak_allowlist = SplitList(value, ',');
}
void ApplyForbidCommands(std::string_view, std::string_view value, Config& c) {
  c.cleanup.forbid_commands = SplitList(value, ',');
}
void ApplyMaxKeyBytes(std::string_view name, std::string_view value, Config& c) {
  const std::string lower = ToLower(Trim(value));
  c.cleanup.max_key_bytes = lower == "off" || lower.empty() ? 0 : ParseMemorySize(value, name);
}
void ApplySlowlogThreshold(std::string_view name, std::string_view value, Config& c) {
  if (ToLower(Trim(value)) == "off") {
    c.server.slowlog_threshold_us = -1;
    return;
  }
  c.server.slowlog_threshold_us = ParseDuration(value, name).count() * 1000;
  if (c.server.slowlog_threshold_us < 0) Bad(name, value, "must be 0 ms or longer, or off");
}
void ApplyReportDir(std::string_view, std::string_view value, Config& c) {
  c.report.report_dir = std::string(Trim(value));
  c.report.report_dir_explicit = true;
}
void ApplyDefaultReportDir(std::string_view, std::string_view value, Config& c) {
  c.report.default_report_dir = std::string(Trim(value));
}
void ApplyLogLevel(std::string_view name, std::string_view value, Config& c) {
  std::string lower = ToLower(Trim(value));
  if (lower == "warning") lower = "warn";
  if (std::find(kLogLevels.begin(), kLogLevels.end(), lower) == kLogLevels.end()) {
    Bad(name, value, "is not a log level; accepted: trace, debug, info, warn, error, off");
  }
  c.report.log_level = lower;
}
void ApplyProfile(std::string_view, std::string_view value, Config& c) {
  c.server.profile = std::string(Trim(value));
}
void ApplyPoolDir(std::string_view, std::string_view value, Config& c) {
  c.report.pool_dir = std::string(Trim(value));
}

}  // namespace

const std::vector<VariableSpec>& VariableSpecs() {
  static const std::vector<VariableSpec> kSpecs{
      {{"REDIS_TESTKIT_RUNTIME", "auto",
        "How to get a Redis: auto, podman, docker, process (redis-server on PATH) or external "
        "(REDIS_TESTKIT_URL). auto picks the first that works; setting REDIS_TESTKIT_URL alone "
        "means external."},
       ApplyRuntime},
      {{"REDIS_TESTKIT_IMAGE", "localhost/redis-testkit:7.0 if present, else redis:7-alpine",
        "Container image for the podman and docker runtimes."},
       ApplyImage},
      {{"REDIS_TESTKIT_MAXMEMORY", "512mb",
        "Redis maxmemory: bytes or a unit as redis.conf writes it (100kb, 64mb, 1gb; k/m/g are "
        "powers of 1000). 0 means no cap."},
       ApplyMaxmemory},
      {{"REDIS_TESTKIT_MAXMEMORY_POLICY", "noeviction",
        "Redis maxmemory-policy: noeviction, allkeys-lru, allkeys-lfu, allkeys-random, "
        "volatile-lru, volatile-lfu, volatile-random, volatile-ttl."},
       ApplyPolicy},
      {{"REDIS_TESTKIT_CONTAINER_MEMORY", "maxmemory + max(64mb, maxmemory/4)",
        "cgroup memory limit of the container (must exceed the maxmemory); no limit when "
        "maxmemory is 0."},
       ApplyContainerMemory},
      {{"REDIS_TESTKIT_PORT", "0",
        "Host TCP port, 0..65535; 0 picks a free ephemeral port at start."},
       ApplyPort},
      {{"REDIS_TESTKIT_DB", "0", "Database number the tests use, 0..15."}, ApplyDb},
      {{"REDIS_TESTKIT_URL", "(unset)",
        "An existing Redis to use: redis://[:password@]host[:port][/db] or "
        "unix:///path/redis.sock[?db=N]. Implies REDIS_TESTKIT_RUNTIME=external."},
       ApplyUrl},
      {{"REDIS_TESTKIT_NAME", "redis-testkit-<pid>",
        "Container or instance name ([a-zA-Z0-9][a-zA-Z0-9_.-]*)."},
       ApplyName},
      {{"REDIS_TESTKIT_REDIS_SERVER", "redis-server",
        "redis-server binary of the process runtime (a path, or a name looked up on PATH)."},
       ApplyRedisServer},
      {{"REDIS_TESTKIT_STARTUP_TIMEOUT", "15s",
        "Longest wait for a started Redis to answer PING (1500 = ms, 500ms, 15s, 2m)."},
       ApplyStartupTimeout},
      {{"REDIS_TESTKIT_COMMAND_TIMEOUT", "2s",
        "Connect and command timeout of every Redis call the kit makes."},
       ApplyCommandTimeout},
      {{"REDIS_TESTKIT_PROFILE", "(unset)",
        "A configuration profile (built-in name: durable-stream-buffer, cache; or a JSON file) "
        "whose settings the kit's servers start with: the CONFIG parameters of its required eq "
        "checks (and the first value of in checks), maxmemory included when it names one, so the "
        "file that audits production (redis-testkit audit) configures the test server."},
       ApplyProfile},
      {{"REDIS_TESTKIT_PERSISTENCE", "none",
        "What the kit's servers persist: none, aof-everysec (appendonly, appendfsync everysec), "
        "aof-always (appendfsync always) or rdb (save 1 1). The data directory lives as long as "
        "the server, so redis_testkit::Server().Kill() + Restart() keeps the data; Stop() "
        "removes it."},
       ApplyPersistence},
      {{"REDIS_TESTKIT_TOPOLOGY", "standalone",
        "standalone (one server) or cluster: a Redis Cluster of the process, podman or docker "
        "runtime on free loopback ports (the first node on REDIS_TESTKIT_PORT when set), slots "
        "split evenly over the masters, ready when every node says cluster_state:ok. The memory "
        "cap applies per node; database 0 only."},
       ApplyTopology},
      {{"REDIS_TESTKIT_CLUSTER_MASTERS", "3",
        "Masters of the cluster topology, 1..64 (the 16384 slots split evenly over them)."},
       ApplyClusterMasters},
      {{"REDIS_TESTKIT_CLUSTER_REPLICAS", "0",
        "Replicas per master of the cluster topology, 0..4."},
       ApplyClusterReplicas},
      {{"REDIS_TESTKIT_FLUSH", "auto",
        "Before each test: auto (FLUSHALL on a server the kit started, FLUSHDB on an external "
        "one), flushall, flushdb or none."},
       ApplyFlush},
      {{"REDIS_TESTKIT_ALLOW_REMOTE_FLUSH", "0",
        "Allow flushing an external server that is not on loopback (1/0, true/false, yes/no)."},
       ApplyAllowRemoteFlush},
      {{"REDIS_TESTKIT_LEAK_POLICY", "fail-no-ttl",
        "Keys a test leaves behind: fail-no-ttl (fail on keys without TTL, report the others), "
        "fail-any, report, off."},
       ApplyLeakPolicy},
      {{"REDIS_TESTKIT_LEAK_ALLOWLIST", "(empty)",
        "Comma-separated glob patterns (Redis MATCH syntax) of keys that are never leaks."},
       ApplyLeakAllowlist},
      {{"REDIS_TESTKIT_FORBID_COMMANDS", "(none)",
        "Comma-separated commands a test may not run (any case; CONFIG also forbids its "
        "subcommands, CONFIG SET only that one), e.g. KEYS,FLUSHALL,FLUSHDB,DEBUG: a test whose "
        "code ran one fails, naming it and its calls (INFO commandstats). KEYS is recommended."},
       ApplyForbidCommands},
      {{"REDIS_TESTKIT_MAX_KEY_BYTES", "off",
        "A test that leaves a key larger than this (MEMORY USAGE, e.g. 10kb) fails, naming the "
        "key, its type and bytes. Looks at the keys the leak check inspects (not with "
        "REDIS_TESTKIT_LEAK_POLICY=off); no extra round trip."},
       ApplyMaxKeyBytes},
      {{"REDIS_TESTKIT_SLOWLOG_THRESHOLD", "10ms",
        "slowlog-log-slower-than of the servers the kit starts (a duration, or off); the slow "
        "commands of each test are listed in the report."},
       ApplySlowlogThreshold},
      {{"REDIS_TESTKIT_REPORT_DIR", "./redis-testkit-reports",
        "Where the leak and memory reports (JSON + Markdown) are written. Wins over the ctest "
        "default (REDIS_TESTKIT_DEFAULT_REPORT_DIR): set, it receives the per-process and the "
        "merged reports of a ctest run too (use an absolute path there: each test runs in its own "
        "directory)."},
       ApplyReportDir},
      {{"REDIS_TESTKIT_LOG_LEVEL", "info", "trace, debug, info, warn, error or off."},
       ApplyLogLevel},
      {{"REDIS_TESTKIT_POOL_DIR", "(unset)",
        "Set by redis_testkit_discover_tests: directory of a ctest-wide pool of servers."},
       ApplyPoolDir},
      {{"REDIS_TESTKIT_DEFAULT_REPORT_DIR", "(unset)",
        "Set by redis_testkit_discover_tests: where the reports go when REDIS_TESTKIT_REPORT_DIR "
        "is unset (REDIS_TESTKIT_CTEST_DIR/reports; the merged ones then go to "
        "REDIS_TESTKIT_CTEST_DIR)."},
       ApplyDefaultReportDir},
  };
  return kSpecs;
}

}  // namespace redis_testkit::internal
