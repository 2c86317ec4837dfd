// Which runtime a ServerConfig gets, and why. kAuto: podman when `podman info` answers within
// its timeout, else docker when `docker info` does, else process. The probe result is cached for a
// minute in <StateDir>/runtime-probe.json, because `podman info` costs ~0.3 s and ctest starts
// one process per test.
#pragma once

#include <optional>
#include <string>

#include "redis_testkit/config.h"

namespace redis_testkit::containers::internal {

struct RuntimeChoice {
  Runtime runtime = Runtime::kProcess;  // never kAuto
  // "podman: `podman info` answered", "process: no container engine (podman: not installed;
  // docker: client only, no engine)", "configured: REDIS_TESTKIT_RUNTIME=process", ...
  std::string reason;
};

RuntimeChoice ChooseRuntime(const ServerConfig& config);

// The uncached probe (tests, `redis-testkit status`).
RuntimeChoice ProbeContainerEngines();

// std::nullopt when `<binary> info` answers; else why not ("not installed", "client only, no
// engine", "`podman info` failed (exit 125: ...)").
std::optional<std::string> ProbeEngine(const std::string& binary);

}  // namespace redis_testkit::containers::internal
