// Config::FromLookup walks the variable table (variables.cc), then checks the combinations.
#include "redis_testkit/config.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "text.h"
#include "variables.h"

extern char** environ;  // POSIX

namespace redis_testkit {
namespace {

constexpr std::string_view kPrefix = "REDIS_TESTKIT_";

// REDIS_TESTKIT_REPORT_DIR wins; the ctest fallback applies only when it is unset.
void ResolveReportDir(ReportConfig& report) {
  if (!report.report_dir_explicit) report.report_dir = report.default_report_dir;
}

// A cluster the kit starts has database 0 only, and an external server is not started.
void CheckCluster(const ServerConfig& server) {
  if (server.runtime == Runtime::kExternal) {
    throw ConfigError(
        "REDIS_TESTKIT_TOPOLOGY=cluster needs a runtime that starts the nodes (process, podman, "
        "docker or auto), not an external server (REDIS_TESTKIT_URL): unset one of the two");
  }
  if (server.db != 0) {
    throw ConfigError("REDIS_TESTKIT_DB=" + std::to_string(server.db) +
                      " with REDIS_TESTKIT_TOPOLOGY=cluster: Redis Cluster has database 0 only; "
                      "unset REDIS_TESTKIT_DB");
  }
}

void CheckCombinations(Config& config) {
  ServerConfig& server = config.server;
  if (!server.url.empty()) {
    if (server.runtime == Runtime::kAuto) {
      server.runtime = Runtime::kExternal;
    } else if (server.runtime != Runtime::kExternal) {
      throw ConfigError("REDIS_TESTKIT_URL is set but REDIS_TESTKIT_RUNTIME=" +
                        std::string(ToString(server.runtime)) +
                        "; a URL means an external server: unset one of the two");
    }
  } else if (server.runtime == Runtime::kExternal) {
    throw ConfigError(
        "REDIS_TESTKIT_RUNTIME=external needs REDIS_TESTKIT_URL, e.g. redis://127.0.0.1:6379/0 "
        "or unix:///run/redis/redis.sock?db=0");
  }
  if (server.topology == Topology::kCluster) CheckCluster(server);
  if (server.container_memory_bytes > 0 && server.maxmemory_bytes > 0 &&
      server.container_memory_bytes <= server.maxmemory_bytes) {
    throw ConfigError(
        "REDIS_TESTKIT_CONTAINER_MEMORY=" + FormatMemorySize(server.container_memory_bytes) +
        " does not exceed REDIS_TESTKIT_MAXMEMORY=" + FormatMemorySize(server.maxmemory_bytes) +
        ": the container would be OOM-killed before Redis reaches its cap; raise it "
        "or unset it (default: maxmemory + max(64mb, maxmemory/4))");
  }
}

}  // namespace

long long ServerConfig::ContainerMemoryLimit() const {
  if (container_memory_bytes > 0) return container_memory_bytes;
  if (maxmemory_bytes <= 0) return 0;
  constexpr long long kHeadroom = 64LL * 1024 * 1024;
  return maxmemory_bytes + std::max(kHeadroom, maxmemory_bytes / 4);
}

Config Config::FromLookup(const Lookup& lookup) {
  Config config;
  for (const internal::VariableSpec& spec : internal::VariableSpecs()) {
    const std::optional<std::string> value = lookup(spec.doc.name);
    // Set-but-empty counts as unset, so `REDIS_TESTKIT_URL= ./tests` restores the default.
    if (!value || internal::Trim(*value).empty()) continue;
    spec.apply(spec.doc.name, *value, config);
  }
  ResolveReportDir(config.report);
  CheckCombinations(config);
  return config;
}

Config Config::FromEnvironment() {
  Config config = FromLookup([](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  });
  const auto& specs = internal::VariableSpecs();
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    if (!text.starts_with(kPrefix)) continue;
    const std::string_view name = text.substr(0, text.find('='));
    const bool known = std::any_of(specs.begin(), specs.end(),
                                   [&](const auto& spec) { return spec.doc.name == name; });
    if (!known) config.unknown_variables.emplace_back(name);
  }
  std::sort(config.unknown_variables.begin(), config.unknown_variables.end());
  return config;
}

const std::vector<VariableDoc>& Variables() {
  static const std::vector<VariableDoc> kDocs = [] {
    std::vector<VariableDoc> docs;
    for (const internal::VariableSpec& spec : internal::VariableSpecs()) docs.push_back(spec.doc);
    return docs;
  }();
  return kDocs;
}

}  // namespace redis_testkit
