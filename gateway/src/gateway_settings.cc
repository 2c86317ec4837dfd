#include "gateway_settings.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>

#include "redis_testkit/units/byte_size.h"
#include "redis_testkit/units/duration.h"

namespace signal_gateway {
namespace {

using std::chrono::milliseconds;

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

// "redis://..." and "unix://..." as the client reads them; "redis+cluster://..." is the gateway's
// own scheme: the rest is read as "redis://..." and the gateway routes by key slot.
void SetRedisUrl(GatewayConfig& config, const std::string& value) {
  const bool cluster =
      value.size() >= kClusterUrlScheme.size() &&
      std::equal(kClusterUrlScheme.begin(), kClusterUrlScheme.end(), value.begin(),
                 [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
  const std::string url = cluster ? "redis://" + value.substr(kClusterUrlScheme.size()) : value;
  try {
    config.redis = redis_testkit::client::Endpoint::ParseUrl(url);
    config.redis_cluster = cluster;
  } catch (const std::invalid_argument& e) {
    std::string message = e.what();
    if (cluster && message.rfind("\"redis://", 0) == 0) {  // name the URL as it was given
      message.replace(1, std::string_view("redis://").size(), kClusterUrlScheme);
    }
    throw ConfigError("redis_url: " + message + "; for a Redis Cluster: " +
                      std::string(kClusterUrlScheme) + "[[user]:password@]host[:port] (any node)");
  }
}

Setting Duration(std::string name, std::string meaning, milliseconds GatewayConfig::*member) {
  const std::string what = name;
  return {
      std::move(name), "DUR", std::move(meaning),
      [member, what](GatewayConfig& c, const std::string& v) {
        c.*member = ParseDuration(v, what);
      },
      [member](const GatewayConfig& c) { return redis_testkit::units::FormatDuration(c.*member); }};
}

Setting Int(std::string name, std::string meaning, int GatewayConfig::*member) {
  const std::string what = name;
  return {std::move(name), "N", std::move(meaning),
          [member, what](GatewayConfig& c, const std::string& v) { c.*member = ParseInt(v, what); },
          [member](const GatewayConfig& c) { return std::to_string(c.*member); }};
}

Setting Count(std::string name, std::string meaning, std::size_t GatewayConfig::*member) {
  const std::string what = name;
  return {
      std::move(name), "N", std::move(meaning),
      [member, what](GatewayConfig& c, const std::string& v) { c.*member = ParseCount(v, what); },
      [member](const GatewayConfig& c) { return std::to_string(c.*member); }};
}

std::vector<Setting> MakeSettings() {
  using C = GatewayConfig;
  return {
      {"listen", "HOST:PORT", "address to serve HTTP on (port 0: any free port)", SetListen,
       [](const C& c) { return c.listen_host + ":" + std::to_string(c.listen_port); }},
      {"redis_url", "URL",
       "redis://[:password@]host[:port][/db], unix:///path?db=N, or "
       "redis+cluster://[:password@]host[:port] for a Redis Cluster (any node; calls routed by "
       "key slot)",
       SetRedisUrl, [](const C& c) { return c.RedisUrl(); }},
      {"redis_db", "N", "database number (wins over the URL's)",
       [](C& c, const std::string& v) { c.redis.db = ParseInt(v, "redis_db"); },
       [](const C& c) { return std::to_string(c.redis.db); }},
      Duration("redis_timeout", "per-command timeout", &C::redis_command_timeout),
      Duration("redis_connect_timeout", "connect timeout", &C::redis_connect_timeout),
      Duration("redis_acquire_timeout", "longest wait for a free connection of the Redis pool",
               &C::redis_acquire_timeout),
      Count("redis_pool_size", "Redis connections", &C::redis_pool_size),
      Duration("dedup_ttl", "duplicate window per fingerprint", &C::dedup_ttl),
      Duration("storm_window", "storm counting window", &C::storm_window),
      Int("storm_threshold", "signals in the window that start a storm (>= 2)",
          &C::storm_threshold),
      Duration("storm_ttl", "storm lifetime after its last signal", &C::storm_ttl),
      Duration("create_lease",
               "time to publish a create and confirm it; an unconfirmed create is redone by the "
               "next signal of its request after it",
               &C::create_lease),
      Int("resource_cap", "affected resources kept per storm (1..120)", &C::resource_cap),
      Int("rate_limit", "requests per window per source IP, 0 = off", &C::rate_limit),
      Duration("rate_window", "rate-limit window", &C::rate_window),
      {"body_limit", "SIZE", "largest accepted body (1KiB..16MiB)",
       [](C& c, const std::string& v) { c.body_limit = ParseByteSize(v, "body_limit"); },
       [](const C& c) {
         return redis_testkit::units::FormatByteSize(static_cast<long long>(c.body_limit));
       }},
      {"rr_file", "PATH", "remediation requests as JSON lines, - = stdout",
       [](C& c, const std::string& v) { c.rr_file = v; }, [](const C& c) { return c.rr_file; }},
      Int("http_threads", "HTTP worker threads (1..256)", &C::http_threads),
      Count("http_max_queued", "complete requests waiting for a worker; more get 503",
            &C::http_max_queued),
      Duration("http_read_timeout", "a request's whole arrival, from its first byte",
               &C::http_read_timeout),
      Duration("http_write_timeout", "sending an answer", &C::http_write_timeout),
      Duration("http_idle_timeout", "close a keep-alive connection idle this long",
               &C::http_idle_timeout),
      Count("http_max_connections", "open connections; more close the oldest idle",
            &C::http_max_connections),
  };
}

}  // namespace

std::string Setting::Flag() const {
  std::string flag = "--" + name;
  for (char& c : flag) {
    if (c == '_') c = '-';
  }
  return flag;
}

std::string Setting::Help() const { return meaning + " (default " + show(GatewayConfig{}) + ")"; }

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> settings = MakeSettings();
  return settings;
}

const Setting* FindSetting(std::string_view name) {
  for (const Setting& setting : Settings()) {
    if (setting.name == name) return &setting;
  }
  return nullptr;
}

void ApplySettings(GatewayConfig& config,
                   const std::vector<std::pair<std::string, std::string>>& pairs) {
  for (const auto& [name, value] : pairs) {
    if (name == "redis_url") FindSetting(name)->apply(config, value);
  }
  for (const auto& [name, value] : pairs) {
    if (name != "redis_url") FindSetting(name)->apply(config, value);
  }
}

}  // namespace signal_gateway
