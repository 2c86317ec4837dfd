// What every subcommand shares: exit codes, usage errors, configuration loading, printing.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "redis_testkit/config.h"
#include "redis_testkit/containers/redis_server.h"

namespace redis_testkit::cli {

// Exit codes of every subcommand (also printed by --help).
enum ExitCode : int {
  kExitOk = 0,
  kExitFailed = 1,      // the action failed (start error, cap mismatch, pool problem)
  kExitUsage = 2,       // bad command line
  kExitConfig = 3,      // a REDIS_TESTKIT_* variable has a bad value
  kExitNotRunning = 4,  // status: no instance runs
};

constexpr const char* kExitCodesHelp =
    "Exit codes:\n"
    "  0  success (stop: also when nothing was running)\n"
    "  1  the action failed (start error, maxmemory mismatch, pool error)\n"
    "  2  bad command line\n"
    "  3  a REDIS_TESTKIT_* variable has a bad value\n"
    "  4  status: no instance is running\n";

// Thrown for a bad command line; CommandLine prints it, points to --help and exits 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

int ParseInt(const std::string& text, const std::string& what, int min, int max);

// The environment's configuration; the variables that were set (non-empty) are in `set`.
struct LoadedConfig {
  Config config;
  std::vector<std::string> set;  // names of REDIS_TESTKIT_* variables that were set
  bool IsSet(std::string_view name) const;
};
LoadedConfig LoadConfig();  // throws ConfigError

// The developer instance of `start` / `stop` / `status`: the environment's configuration with
// name "redis-testkit" and port 6379 unless REDIS_TESTKIT_NAME / REDIS_TESTKIT_PORT are set.
ServerConfig DeveloperServerConfig(const LoadedConfig& loaded);

// "maxmemory 512mb (noeviction), container memory 640mb"
std::string DescribeCap(const ServerConfig& config, long long container_limit);

}  // namespace redis_testkit::cli
