// Child processes without a shell: fork/exec with an argv, captured output, and a hard timeout
// that kills the child. Every external command of the containers layer (podman, docker,
// redis-server, the watchdog) goes through here.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace redis_testkit::containers::internal {

struct CommandResult {
  std::vector<std::string> argv;
  int exit_code = -1;  // the exit status; -1 when killed by a signal, timed out or not started
  int term_signal = 0;
  bool timed_out = false;
  std::string out;
  std::string err;
  std::chrono::milliseconds elapsed{0};

  bool ok() const { return exit_code == 0 && !timed_out; }
  // "podman run failed (exit 125): Error: ..." / "podman rm timed out after 10000 ms" - the
  // command is named by its first two words, stderr (else stdout) is trimmed.
  std::string Describe() const;
};

// Runs `argv` (argv[0] looked up on PATH) with stdin from /dev/null, capturing stdout and stderr.
// When `timeout` passes, the child's process group is SIGKILLed and `timed_out` is set. A binary
// that cannot be executed gives exit_code 127 and the reason in `err`. Never throws for the
// child's behaviour; throws std::system_error when pipes or fork fail.
CommandResult RunCommand(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

struct SpawnOptions {
  std::string output_path;          // stdout and stderr appended here; empty: /dev/null
  std::string working_dir;          // empty: inherit
  std::optional<int> death_signal;  // PR_SET_PDEATHSIG: sent when the spawning thread dies
  bool new_session = false;         // setsid(): no terminal signals, survives the caller's group
};

// Starts a long-running child and returns its pid (the caller reaps it, or lets init do it after
// the caller exits). All descriptors but 0/1/2 are closed in the child. Throws
// std::runtime_error naming the binary when it cannot be executed.
pid_t Spawn(const std::vector<std::string>& argv, const SpawnOptions& options);

// Absolute path of `name`: itself when it contains a '/', else the first executable match on
// PATH; std::nullopt when there is none.
std::optional<std::string> FindExecutable(const std::string& name);

// Waits up to `timeout` for our child `pid` to exit (reaping it); true when it did.
// `status` receives the wait status when given.
bool WaitForChild(pid_t pid, std::chrono::milliseconds timeout, int* status = nullptr);

// "exited with code N" / "was killed by signal N (SIGKILL)" for a wait status.
std::string DescribeWaitStatus(int status);

}  // namespace redis_testkit::containers::internal
