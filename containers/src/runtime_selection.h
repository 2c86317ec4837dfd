// Which runtime a ServerConfig gets, and why. kAuto: podman when `podman info` answers within
// its timeout, else docker when `docker info` does, else process. Podman comes first because it
// needs no daemon: when it answers it runs containers as the calling user, with nothing else
// to keep running. An engine "answers" when `<binary> info` exits 0: no --format template,
// because the engines' `info` structures differ (podman's {{.Host.Hostname}} makes docker fail).
// The probe result is cached for a minute in <StateDir>/runtime-probe.json, because
// `podman info` costs ~0.3 s and ctest starts one process per test; a cached result is reused
// only while what it depended on is unchanged (ProbeFingerprint), so starting dockerd counts at
// once.
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
// The same with the cache file given (tests).
RuntimeChoice ChooseRuntime(const ServerConfig& config, const std::string& cache_path);

// The uncached probe (tests, `redis-testkit status`).
RuntimeChoice ProbeContainerEngines();

// std::nullopt when `<binary> info` answers (exit 0); else why not ("not installed", "client
// only, no engine", "`podman info` failed (exit 125: ...)").
std::optional<std::string> ProbeEngine(const std::string& binary);

// What a probe's answer depends on that can change while it is cached: the podman and docker
// executables on PATH, DOCKER_HOST / DOCKER_CONTEXT / CONTAINER_HOST, and the Docker socket
// (dockerd creates it when it starts: a new inode and time).
std::string ProbeFingerprint();

}  // namespace redis_testkit::containers::internal
