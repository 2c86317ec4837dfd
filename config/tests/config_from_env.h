// Test-only: a Config loaded from a map standing in for the environment, and the message of the
// ConfigError a map raises (the config tests' two entry points).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "redis_testkit/config.h"

namespace redis_testkit::testing {

using Env = std::map<std::string, std::string>;

inline Config Load(const Env& env) {
  return Config::FromLookup([&env](std::string_view name) -> std::optional<std::string> {
    auto it = env.find(std::string(name));
    if (it == env.end()) return std::nullopt;
    return it->second;
  });
}

// The message of the ConfigError that `env` raises ("" when none).
inline std::string ErrorOf(const Env& env) {
  try {
    Load(env);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace redis_testkit::testing
