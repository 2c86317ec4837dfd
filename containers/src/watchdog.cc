#include "watchdog.h"

#include <signal.h>

#include <chrono>

#include "subprocess.h"

namespace redis_testkit::containers::internal {
namespace {

// $1/$2 owner pid and start time, $3/$4 target pid and start time (0 0: none), then the cleanup
// argv. alive PID START: /proc/PID/stat exists, the state after "(comm) " is not Z, and field 22
// (the 20th after the comm) is START (a reused pid has another). Only `sleep` forks.
constexpr const char* kScript = R"sh(
owner=$1; owner_start=$2; target=$3; target_start=$4; shift 4
alive() {
  want=$2
  read -r stat < "/proc/$1/stat" 2>/dev/null || return 1
  stat=${stat##*) }
  set -- $stat
  [ "$1" != Z ] && [ "${20}" = "$want" ]
}
while alive "$owner" "$owner_start"; do
  if [ "$target" != 0 ] && ! alive "$target" "$target_start"; then exit 0; fi
  sleep 0.5
done
if [ "$target" = 0 ] || alive "$target" "$target_start"; then exec "$@"; fi
)sh";

}  // namespace

pid_t SpawnWatchdog(const ProcessIdentity& owner, const std::optional<ProcessIdentity>& target,
                    const std::vector<std::string>& cleanup) {
  const ProcessIdentity none;
  std::vector<std::string> argv{"/bin/sh",
                                "-c",
                                kScript,
                                "redis-testkit-watchdog",
                                std::to_string(owner.pid),
                                std::to_string(owner.start_time),
                                std::to_string(target.value_or(none).pid),
                                std::to_string(target.value_or(none).start_time)};
  argv.insert(argv.end(), cleanup.begin(), cleanup.end());
  SpawnOptions options;
  options.new_session = true;
  return Spawn(argv, options);
}

void StopWatchdog(pid_t& pid) noexcept {
  if (pid <= 0) return;
  ::kill(-pid, SIGKILL);  // its session's group: the shell and its current `sleep`
  ::kill(pid, SIGKILL);
  WaitForChild(pid, std::chrono::milliseconds(2000));
  pid = 0;
}

}  // namespace redis_testkit::containers::internal
