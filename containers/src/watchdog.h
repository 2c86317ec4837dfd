// The crash-safety net: a detached /bin/sh loop that polls the owner every 0.5 s and, once the
// owner is gone (exited, killed, zombie, or its pid reused), runs a cleanup command such as
// `podman rm -f -t 0 NAME`. A normal Stop() kills the watchdog instead.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "process_identity.h"

namespace redis_testkit::containers::internal {

// Starts the watchdog in its own session with every descriptor closed (it must not hold a pipe
// of ctest open). With a `target` (a server process), the watchdog also ends quietly when the
// target is gone, and runs `cleanup` only while the target is still the same process (no kill of a
// reused pid). Returns its pid. Throws std::runtime_error when /bin/sh cannot be started.
pid_t SpawnWatchdog(const ProcessIdentity& owner, const std::optional<ProcessIdentity>& target,
                    const std::vector<std::string>& cleanup);

// Kills and reaps the watchdog; idempotent (pid 0 is ignored); never throws.
void StopWatchdog(pid_t& pid) noexcept;

}  // namespace redis_testkit::containers::internal
