// Who a process is, robust against pid reuse: its pid plus its start time (field 22 of
// /proc/PID/stat, clock ticks since boot). Owners, servers and watchdogs are all checked this way.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace redis_testkit::containers::internal {

struct ProcessIdentity {
  pid_t pid = 0;
  unsigned long long start_time = 0;
};

// The identity of a running process; std::nullopt when there is no such process.
std::optional<ProcessIdentity> IdentifyProcess(pid_t pid);

// True while `who.pid` exists, is not a zombie, and still has the same start time.
bool IsAlive(const ProcessIdentity& who);

// Per-user directory for instance records and process-runtime files:
// /tmp/redis-testkit-<uid> (mode 0700), created on first use. Throws std::runtime_error when it
// cannot be created or is owned by someone else.
const std::string& StateDir();

}  // namespace redis_testkit::containers::internal
