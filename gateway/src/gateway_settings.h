// The gateway's settings, each defined once: its name in the JSON file (the flag is the same name
// with '-' for '_'), what its value looks like, what it means, its default (read from a default
// GatewayConfig) and how a text value is applied. The JSON file, the flags and --help use it.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "signal_gateway/gateway_config.h"

namespace signal_gateway {

struct Setting {
  std::string name;        // JSON spelling: "redis_url"
  std::string value_name;  // in --help: "URL", "DUR", "N", "SIZE"...
  std::string meaning;     // in --help, before "(default ...)"
  // Applies a text value; throws ConfigError naming the setting.
  std::function<void(GatewayConfig&, const std::string&)> apply;
  // The setting's value in `config`, as a flag would give it ("300s", "100KiB").
  std::function<std::string(const GatewayConfig&)> show;

  std::string Flag() const;  // "--redis-url"
  std::string Help() const;  // meaning plus the default: "... (default 5m)"
};

// Every setting, in the order of --help.
const std::vector<Setting>& Settings();
// The setting named `name` (JSON spelling), or nullptr.
const Setting* FindSetting(std::string_view name);

// Applies (name, value) pairs in order; redis_url first so that redis_db is never reset by it.
// Every name must be a setting's.
void ApplySettings(GatewayConfig& config,
                   const std::vector<std::pair<std::string, std::string>>& pairs);

}  // namespace signal_gateway
