#include "cli_support.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "redis_testkit/ops/profile.h"

namespace redis_testkit::cli {

int ParseInt(const std::string& text, const std::string& what, int min, int max) {
  int value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < min || value > max) {
    throw UsageError(what + " must be a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max) + ", not '" + text + "'");
  }
  return value;
}

bool LoadedConfig::IsSet(std::string_view name) const {
  return std::find(set.begin(), set.end(), name) != set.end();
}

LoadedConfig LoadConfig() {
  LoadedConfig loaded;
  loaded.config = Config::FromEnvironment();
  ops::ApplyProfileSettings(loaded.config.server);  // REDIS_TESTKIT_PROFILE: its settings
  // Which variables are set: Config reads them through this lookup (the CLI parses nothing).
  Config::FromLookup([&loaded](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    if (std::string_view(value).find_first_not_of(" \t") != std::string_view::npos) {
      loaded.set.emplace_back(name);
    }
    return std::string(value);
  });
  return loaded;
}

ServerConfig DeveloperServerConfig(const LoadedConfig& loaded) {
  ServerConfig server = loaded.config.server;
  if (!loaded.IsSet("REDIS_TESTKIT_NAME")) server.name = "redis-testkit";
  if (!loaded.IsSet("REDIS_TESTKIT_PORT")) server.port = 6379;
  return server;
}

std::string DescribeCap(const ServerConfig& config, long long container_limit) {
  std::string text = config.maxmemory_bytes > 0
                         ? "maxmemory " + FormatMemorySize(config.maxmemory_bytes)
                         : std::string("no maxmemory");
  text += " (" + config.maxmemory_policy + ")";
  if (container_limit > 0) text += ", container memory " + FormatMemorySize(container_limit);
  return text;
}

}  // namespace redis_testkit::cli
