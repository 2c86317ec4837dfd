// Configuration of the gateway: defaults, a JSON file, command-line flags (flags win), and
// validation at start with messages that say what is wrong and how to fix it.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "redis_testkit/client/endpoint.h"
#include "signal_gateway/signal_store.h"

namespace signal_gateway {

// Bad configuration; what() lists every problem, one per line.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The gateway's own URL scheme for a Redis Cluster (not the client's: client::Endpoint::ParseUrl
// reads the rest as "redis://..."): redis+cluster://[[user]:password@]host[:port], any node.
inline constexpr std::string_view kClusterUrlScheme = "redis+cluster://";

struct GatewayConfig {
  // HTTP front.
  std::string listen_host = "0.0.0.0";
  int listen_port = 8080;  // 0: an ephemeral port
  int http_threads = 8;
  std::size_t http_max_queued = 64;  // complete requests waiting for a worker; more get 503
  std::chrono::milliseconds http_read_timeout{
      5000};  // a request's whole arrival, from its 1st byte
  std::chrono::milliseconds http_write_timeout{5000};
  std::chrono::milliseconds http_idle_timeout{60'000};  // keep-alive connection without a request
  std::size_t http_max_connections = 4096;  // at the limit, the oldest idle connection is closed
  std::size_t body_limit = std::size_t{100} * 1024;  // bytes; larger bodies get 413

  // Redis.
  redis_testkit::client::Endpoint redis;  // default 127.0.0.1:6379, db 0
  // `redis` is a node of a Redis Cluster (redis_url "redis+cluster://host:port"): the gateway
  // routes each call by its keys' slot (RedisSession). Only database 0 exists on a cluster.
  bool redis_cluster = false;
  std::chrono::milliseconds redis_connect_timeout{1000};
  std::chrono::milliseconds redis_command_timeout{1000};
  std::size_t redis_pool_size = 8;
  std::chrono::milliseconds redis_acquire_timeout{1000};

  // Deduplication and storms (milliseconds so tests can use short values).
  std::chrono::milliseconds dedup_ttl{300'000};
  std::chrono::milliseconds storm_window{60'000};
  std::chrono::milliseconds storm_ttl{300'000};
  int storm_threshold = 10;
  int resource_cap = 100;
  // Time to publish a create to the sink and confirm it in Redis (StoreSettings::create_lease).
  std::chrono::milliseconds create_lease{10'000};

  // Rate limiting per source IP (fixed window); 0 disables it.
  int rate_limit = 100;
  std::chrono::milliseconds rate_window{60'000};

  // Where remediation requests go in gateway-server: a JSON-lines file, "-" for stdout.
  std::string rr_file = "-";
  // The `environment` label of namespaces ("prod-api" -> "production"), when known.
  std::map<std::string, std::string> namespace_environments;

  // Throws ConfigError listing every invalid value.
  void Validate() const;
  // The Redis URL as it may be shown (no password): "redis://h:p/0", "redis+cluster://h:p/0".
  std::string RedisUrl() const;
  StoreSettings store_settings() const;
};

// Applies the keys of a JSON object (same names as the flags, with '_' instead of '-'; durations
// as milliseconds or strings like "300s"; sizes as bytes or "100KiB"). Unknown keys are errors.
void ApplyJsonConfig(GatewayConfig& config, std::string_view json_text, std::string_view origin);
// Reads and applies a JSON file; throws ConfigError naming the file.
void ApplyConfigFile(GatewayConfig& config, const std::string& path);

struct CommandLine {
  GatewayConfig config;
  bool help = false;
};
// Defaults, then --config FILE, then the other flags, then Validate(). Throws ConfigError.
CommandLine ParseCommandLine(const std::vector<std::string>& args);
// --help: generated from the definitions of the flags, as the parsing (command_line.cc).
std::string UsageText(std::string_view program);

// "1500" (ms), "1500ms", "30s", "5m", "1h". Throws ConfigError naming `what`.
std::chrono::milliseconds ParseDuration(std::string_view text, std::string_view what);
// The units library's convention, the kit's too (redis_testkit/units/byte_size.h, Redis' own):
// "102400", "100k" = 100000, "100kb" = "100KiB" = 102400, "1mb" = "1MiB"; case-insensitive.
// Throws ConfigError naming `what`.
std::size_t ParseByteSize(std::string_view text, std::string_view what);

}  // namespace signal_gateway
