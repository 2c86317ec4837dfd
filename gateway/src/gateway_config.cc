#include "signal_gateway/gateway_config.h"

#include <cctype>
#include <charconv>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "redis_testkit/units/byte_size.h"
#include "redis_testkit/units/duration.h"
#include "redis_testkit/units/parse_error.h"

namespace signal_gateway {

namespace {

using Setter = std::function<void(GatewayConfig&, const std::string&)>;

long long ParseInteger(std::string_view text, std::string_view what) {
  long long value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) {
    throw ConfigError(std::string(what) + ": \"" + std::string(text) + "\" is not a whole number");
  }
  return value;
}

int ParseInt(std::string_view text, std::string_view what) {
  const long long value = ParseInteger(text, what);
  if (value < -1'000'000'000 || value > 1'000'000'000) {
    throw ConfigError(std::string(what) + ": " + std::string(text) + " is out of range");
  }
  return static_cast<int>(value);
}

std::size_t ParseCount(std::string_view text, std::string_view what) {
  const long long value = ParseInteger(text, what);
  if (value < 0)
    throw ConfigError(std::string(what) + ": must not be negative (got " + std::string(text) + ")");
  return static_cast<std::size_t>(value);
}

void SetListen(GatewayConfig& config, const std::string& value) {
  const auto colon = value.rfind(':');
  if (colon == std::string::npos) {
    throw ConfigError("listen: \"" + value + "\" is not HOST:PORT (e.g. 0.0.0.0:8080 or :8080)");
  }
  std::string host = value.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  config.listen_host = host.empty() ? "0.0.0.0" : host;
  config.listen_port = ParseInt(std::string_view(value).substr(colon + 1), "listen port");
}

void SetRedisUrl(GatewayConfig& config, const std::string& value) {
  try {
    config.redis = redis_testkit::client::Endpoint::ParseUrl(value);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(std::string("redis_url: ") + e.what());
  }
}

template <typename Member>
Setter Duration(Member member, std::string_view name) {
  return [member, name](GatewayConfig& c, const std::string& v) {
    c.*member = ParseDuration(v, name);
  };
}

template <typename Member>
Setter Int(Member member, std::string_view name) {
  return [member, name](GatewayConfig& c, const std::string& v) { c.*member = ParseInt(v, name); };
}

template <typename Member>
Setter Count(Member member, std::string_view name) {
  return
      [member, name](GatewayConfig& c, const std::string& v) { c.*member = ParseCount(v, name); };
}

// Option name (JSON spelling) -> setter. Flags use the same names with '-' for '_'.
const std::map<std::string, Setter>& Setters() {
  static const std::map<std::string, Setter> setters = {
      {"listen", SetListen},
      {"redis_url", SetRedisUrl},
      {"redis_db",
       [](GatewayConfig& c, const std::string& v) { c.redis.db = ParseInt(v, "redis_db"); }},
      {"redis_timeout", Duration(&GatewayConfig::redis_command_timeout, "redis_timeout")},
      {"redis_connect_timeout",
       Duration(&GatewayConfig::redis_connect_timeout, "redis_connect_timeout")},
      {"redis_acquire_timeout",
       Duration(&GatewayConfig::redis_acquire_timeout, "redis_acquire_timeout")},
      {"redis_pool_size", Count(&GatewayConfig::redis_pool_size, "redis_pool_size")},
      {"dedup_ttl", Duration(&GatewayConfig::dedup_ttl, "dedup_ttl")},
      {"storm_window", Duration(&GatewayConfig::storm_window, "storm_window")},
      {"storm_ttl", Duration(&GatewayConfig::storm_ttl, "storm_ttl")},
      {"storm_threshold", Int(&GatewayConfig::storm_threshold, "storm_threshold")},
      {"resource_cap", Int(&GatewayConfig::resource_cap, "resource_cap")},
      {"create_lease", Duration(&GatewayConfig::create_lease, "create_lease")},
      {"rate_limit", Int(&GatewayConfig::rate_limit, "rate_limit")},
      {"rate_window", Duration(&GatewayConfig::rate_window, "rate_window")},
      {"body_limit", [](GatewayConfig& c,
                        const std::string& v) { c.body_limit = ParseByteSize(v, "body_limit"); }},
      {"rr_file", [](GatewayConfig& c, const std::string& v) { c.rr_file = v; }},
      {"http_threads", Int(&GatewayConfig::http_threads, "http_threads")},
      {"http_max_queued", Count(&GatewayConfig::http_max_queued, "http_max_queued")},
      {"http_read_timeout", Duration(&GatewayConfig::http_read_timeout, "http_read_timeout")},
      {"http_write_timeout", Duration(&GatewayConfig::http_write_timeout, "http_write_timeout")},
      {"http_idle_timeout", Duration(&GatewayConfig::http_idle_timeout, "http_idle_timeout")},
      {"http_max_connections", Count(&GatewayConfig::http_max_connections, "http_max_connections")},
  };
  return setters;
}

// Applies (name, value) pairs; redis_url first so that redis_db is never reset by it.
void ApplyOrdered(GatewayConfig& config,
                  const std::vector<std::pair<std::string, std::string>>& pairs) {
  for (const auto& [name, value] : pairs) {
    if (name == "redis_url") Setters().at(name)(config, value);
  }
  for (const auto& [name, value] : pairs) {
    if (name != "redis_url") Setters().at(name)(config, value);
  }
}

}  // namespace

// Both in the units library's one convention (the kit's too): redis_testkit/units/duration.h and
// byte_size.h.
std::chrono::milliseconds ParseDuration(std::string_view text, std::string_view what) {
  try {
    return redis_testkit::units::ParseDuration(text);
  } catch (const redis_testkit::units::ParseError& e) {
    throw ConfigError(std::string(what) + ": " + e.what());
  }
}

std::size_t ParseByteSize(std::string_view text, std::string_view what) {
  try {
    return static_cast<std::size_t>(redis_testkit::units::ParseByteSize(text));
  } catch (const redis_testkit::units::ParseError& e) {
    throw ConfigError(std::string(what) + ": " + e.what());
  }
}

void GatewayConfig::Validate() const {
  std::vector<std::string> problems;
  const auto check = [&](bool ok, std::string message) {
    if (!ok) problems.push_back(std::move(message));
  };
  const auto positive = [&](std::chrono::milliseconds value, const char* name) {
    check(value.count() >= 1, std::string(name) + " must be at least 1 ms (got " +
                                  std::to_string(value.count()) + " ms)");
  };
  check(!listen_host.empty(), "listen: the host is empty (use 0.0.0.0 to listen everywhere)");
  check(listen_port >= 0 && listen_port <= 65535,
        "listen: port " + std::to_string(listen_port) + " is not in 0..65535 (0: any free port)");
  check(http_threads >= 1 && http_threads <= 256,
        "http_threads must be in 1..256 (got " + std::to_string(http_threads) + ")");
  check(http_max_queued >= 1, "http_max_queued must be at least 1");
  positive(http_read_timeout, "http_read_timeout");
  positive(http_write_timeout, "http_write_timeout");
  positive(http_idle_timeout, "http_idle_timeout");
  check(http_max_connections >= 1, "http_max_connections must be at least 1");
  check(body_limit >= 1024 && body_limit <= std::size_t{16} * 1024 * 1024,
        "body_limit must be between 1KiB and 16MiB (got " + std::to_string(body_limit) + " bytes)");
  if (redis.unix_socket.empty()) {
    check(!redis.host.empty(), "redis_url: the host is empty");
    check(redis.port >= 1 && redis.port <= 65535,
          "redis_url: port " + std::to_string(redis.port) + " is not in 1..65535");
  }
  check(redis.db >= 0, "redis_db must not be negative (got " + std::to_string(redis.db) + ")");
  positive(redis_connect_timeout, "redis_connect_timeout");
  positive(redis_command_timeout, "redis_timeout");
  positive(redis_acquire_timeout, "redis_acquire_timeout");
  check(redis_pool_size >= 1, "redis_pool_size must be at least 1");
  positive(dedup_ttl, "dedup_ttl");
  positive(storm_window, "storm_window");
  positive(storm_ttl, "storm_ttl");
  positive(create_lease, "create_lease");
  check(storm_threshold >= 2, "storm_threshold must be at least 2 (got " +
                                  std::to_string(storm_threshold) +
                                  "): a storm needs more than one signal");
  check(resource_cap >= 1 && resource_cap <= 120,
        "resource_cap must be in 1..120 (got " + std::to_string(resource_cap) +
            "): beyond 120 the storm hash leaves Redis' compact listpack encoding "
            "(hash-max-listpack-entries 128) and costs several times the memory");
  check(rate_limit >= 0, "rate_limit must be 0 (off) or more requests per window (got " +
                             std::to_string(rate_limit) + ")");
  positive(rate_window, "rate_window");
  check(!rr_file.empty(), "rr_file is empty: give a file path, or - for stdout");
  for (const auto& [ns, environment] : namespace_environments) {
    check(!environment.empty(), "namespace_environments[\"" + ns + "\"] is empty");
  }
  if (!problems.empty()) {
    std::string message = "invalid gateway configuration:";
    for (const std::string& problem : problems) message += "\n  - " + problem;
    throw ConfigError(message);
  }
}

StoreSettings GatewayConfig::store_settings() const {
  return StoreSettings{dedup_ttl,       storm_window, storm_ttl,
                       storm_threshold, resource_cap, create_lease};
}

void ApplyJsonConfig(GatewayConfig& config, std::string_view json_text, std::string_view origin) {
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(json_text.begin(), json_text.end());
  } catch (const nlohmann::json::parse_error& e) {
    throw ConfigError(std::string(origin) + " is not valid JSON: " + e.what());
  }
  if (!root.is_object()) {
    throw ConfigError(std::string(origin) + " must hold a JSON object of settings");
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& [key, value] : root.items()) {
    if (key == "namespace_environments") {
      if (!value.is_object()) {
        throw ConfigError(std::string(origin) +
                          ": namespace_environments must be an object {\"namespace\": \"env\"}");
      }
      for (const auto& [ns, environment] : value.items()) {
        if (!environment.is_string()) {
          throw ConfigError(std::string(origin) + ": namespace_environments[\"" + ns +
                            "\"] must be a string");
        }
        config.namespace_environments[ns] = environment.get<std::string>();
      }
      continue;
    }
    auto it = Setters().find(key);
    if (it == Setters().end()) {
      throw ConfigError(std::string(origin) + ": unknown setting \"" + key +
                        "\" (see gateway-server --help for the settings)");
    }
    std::string text;
    if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_number_integer()) {
      text = std::to_string(value.get<long long>());
    } else {
      throw ConfigError(std::string(origin) + ": " + key + " must be a string or a whole number");
    }
    pairs.emplace_back(key, text);
  }
  ApplyOrdered(config, pairs);
}

void ApplyConfigFile(GatewayConfig& config, const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw ConfigError("cannot read config file " + path + ": check the path and permissions");
  }
  std::stringstream text;
  text << in.rdbuf();
  ApplyJsonConfig(config, text.str(), "config file " + path);
}

CommandLine ParseCommandLine(const std::vector<std::string>& args) {
  CommandLine result;
  // (name, value) pairs in order; --config is applied first so flags override the file.
  std::vector<std::pair<std::string, std::string>> flags;
  std::string config_file;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "-h" || arg == "--help") {
      result.help = true;
      return result;
    }
    if (arg.rfind("--", 0) != 0) {
      throw ConfigError("unexpected argument \"" + arg + "\" (flags start with --; see --help)");
    }
    std::string value;
    const auto eq = arg.find('=');
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      throw ConfigError(arg + " needs a value (see --help)");
    }
    std::string name = arg.substr(2);
    for (char& c : name) {
      if (c == '-') c = '_';
    }
    if (name == "config") {
      config_file = value;
    } else if (Setters().count(name) == 0) {
      throw ConfigError("unknown flag " + arg + " (see --help)");
    } else {
      flags.emplace_back(name, value);
    }
  }
  if (!config_file.empty()) ApplyConfigFile(result.config, config_file);
  ApplyOrdered(result.config, flags);
  result.config.Validate();
  return result;
}

std::string UsageText(std::string_view program) {
  std::string text = "Usage: " + std::string(program) + R"( [flags]

Receives Prometheus AlertManager webhooks and Kubernetes Warning events, deduplicates them,
detects alert storms and writes remediation requests (JSON lines) to --rr-file.

Routes: POST /api/v1/signals/prometheus, POST /api/v1/signals/kubernetes-event,
        GET /health, GET /ready, GET /metrics

Flags (also settable in the --config JSON file, with '_' for '-'; flags win):
  --config FILE             JSON file of settings, e.g. {"redis_url": "redis://10.0.0.5:6379"}
  --listen HOST:PORT        address to serve HTTP on              (default 0.0.0.0:8080)
  --redis-url URL           redis://[:password@]host[:port][/db] or unix:///path?db=N
                                                                  (default redis://127.0.0.1:6379)
  --redis-db N              database number                        (default 0)
  --redis-timeout DUR       per-command timeout                    (default 1s)
  --redis-connect-timeout DUR                                      (default 1s)
  --redis-pool-size N       Redis connections                      (default 8)
  --dedup-ttl DUR           duplicate window per fingerprint       (default 300s)
  --storm-window DUR        storm counting window                  (default 60s)
  --storm-threshold N       signals in the window that start a storm (default 10, >= 2)
  --storm-ttl DUR           storm lifetime after its last signal   (default 300s)
  --create-lease DUR        time to publish a create and confirm it; an unconfirmed create is
                            redone by the next signal of its request after it (default 10s)
  --resource-cap N          affected resources kept per storm      (default 100, 1..120)
  --rate-limit N            requests per window per source IP, 0 = off (default 100)
  --rate-window DUR         rate-limit window                      (default 60s)
  --body-limit SIZE         largest accepted body                  (default 100KiB)
  --rr-file PATH            remediation requests as JSON lines, - = stdout (default -)
  --http-threads N          HTTP worker threads                    (default 8)
  --http-read-timeout DUR / --http-write-timeout DUR               (default 5s)
  --http-idle-timeout DUR   close a keep-alive connection idle this long (default 60s)
  --http-max-connections N  open connections; more close the oldest idle (default 4096)
  -h, --help                this text

DUR: milliseconds (1500) or with a unit (1500ms, 30s, 5m, 1h). SIZE: bytes or with a unit as in
redis.conf, case-insensitive: 100k = 100000, 100kb = 100KiB = 102400, 1mb = 1MiB = 1048576.
The JSON file may also map namespaces to environments:
  {"namespace_environments": {"payments": "production"}}
)";
  return text;
}

}  // namespace signal_gateway
