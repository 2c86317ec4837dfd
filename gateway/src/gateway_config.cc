#include "signal_gateway/gateway_config.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gateway_settings.h"
#include "redis_testkit/units/byte_size.h"
#include "redis_testkit/units/duration.h"
#include "redis_testkit/units/parse_error.h"

namespace signal_gateway {

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
  if (redis_cluster) {
    check(redis.unix_socket.empty(),
          "redis_url: a Redis Cluster is reached over TCP (redis+cluster://host:port), not a unix "
          "socket");
    check(redis.db == 0, "redis_db: a Redis Cluster has only database 0 (got " +
                             std::to_string(redis.db) + "); drop the /db of the URL and redis_db");
  }
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

std::string GatewayConfig::RedisUrl() const {
  std::string url = redis.Url();
  constexpr std::string_view kPlain = "redis://";
  if (redis_cluster && url.rfind(kPlain, 0) == 0) {
    url.replace(0, kPlain.size(), kClusterUrlScheme);
  }
  return url;
}

StoreSettings GatewayConfig::store_settings() const {
  return StoreSettings{dedup_ttl,       storm_window, storm_ttl,
                       storm_threshold, resource_cap, create_lease};
}

void ApplyJsonConfig(GatewayConfig& config, std::string_view json_text, std::string_view origin) {
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(json_text.begin(), json_text.end());
  } catch (const nlohmann::json::exception& e) {  // out_of_range too: a number like 1e999
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
    if (FindSetting(key) == nullptr) {
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
  ApplySettings(config, pairs);
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

}  // namespace signal_gateway
