// A profile's settings for starting a test server (see profile.h: StartupSettings,
// ApplyProfileSettings; REDIS_TESTKIT_PROFILE).
#include <algorithm>
#include <array>
#include <cctype>

#include "redis_testkit/ops/profile.h"

namespace redis_testkit::ops {
namespace {

// What the kit sets for the server to work where it runs (listening, files, logging, its own
// connections): a profile's check on these audits production but never changes a test server.
constexpr std::array<std::string_view, 11> kKitOwned{
    "port",      "bind",    "protected-mode", "dir",         "unixsocket", "unixsocketperm",
    "daemonize", "logfile", "pidfile",        "requirepass", "supervised"};

bool KitOwned(std::string_view parameter) {
  return std::find(kKitOwned.begin(), kKitOwned.end(), parameter) != kKitOwned.end();
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> StartupSettings(const Profile& profile) {
  std::vector<std::pair<std::string, std::string>> settings;
  for (const ProfileCheck& check : profile.checks) {
    if (check.level != CheckLevel::kRequired || check.source != CheckSource::kConfig) continue;
    if (check.op != CheckOperator::kEq && check.op != CheckOperator::kIn) continue;
    if (KitOwned(check.field) || check.values.empty()) continue;
    settings.emplace_back(check.field, check.values.front());
  }
  return settings;
}

void ApplyProfileSettings(ServerConfig& config) {
  if (config.profile.empty()) return;
  const std::string variable = "REDIS_TESTKIT_PROFILE=\"" + config.profile + "\"";
  Profile profile;
  try {
    profile = LoadProfile(config.profile);
  } catch (const ProfileError& error) {
    throw ConfigError(variable + ": " + error.what());
  }
  for (const auto& [name, value] : StartupSettings(profile)) {
    if (name == "maxmemory") {
      config.maxmemory_bytes = ParseMemorySize(value, variable + " maxmemory");
    } else if (name == "maxmemory-policy") {
      config.maxmemory_policy = Lower(value);
    } else {
      auto same = [&name = name](const auto& setting) { return setting.first == name; };
      std::erase_if(config.settings, same);  // applying twice changes nothing
      config.settings.emplace_back(name, value);
    }
  }
}

}  // namespace redis_testkit::ops
