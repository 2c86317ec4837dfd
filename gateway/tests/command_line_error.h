// The message of the ConfigError that ParseCommandLine throws for a command line, for the tests
// of the flags (command_line_test.cc) and of the configuration (gateway_config_test.cc).
#pragma once

#include <string>
#include <vector>

#include "signal_gateway/gateway_config.h"

namespace signal_gateway::test_support {

// The error's text, or "no error" when the command line parses.
inline std::string ErrorOf(const std::vector<std::string>& args) {
  try {
    ParseCommandLine(args);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace signal_gateway::test_support
