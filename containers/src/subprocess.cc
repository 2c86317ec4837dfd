#include "subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <thread>

namespace redis_testkit::containers::internal {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::string Trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

void ThrowErrno(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

// The same after closing the descriptors opened so far (-1 entries are skipped): a failing pipe2
// or fork must not leak them.
[[noreturn]] void CloseAndThrowErrno(std::initializer_list<int> fds, const char* what) {
  const int saved = errno;
  for (const int fd : fds) {
    if (fd >= 0) ::close(fd);
  }
  throw std::system_error(saved, std::generic_category(), what);
}

// Closes every descriptor >= 3 except `keep` (-1: none). Async-signal-safe.
void CloseDescriptorsFrom3(int keep) {
  if (keep < 0) {
    ::close_range(3, ~0U, 0);
    return;
  }
  if (keep > 3) ::close_range(3, static_cast<unsigned>(keep - 1), 0);
  ::close_range(static_cast<unsigned>(keep + 1), ~0U, 0);
}

// argv as the char* array execv wants; built before fork (no allocation in the child).
std::vector<char*> MakeArgv(const std::vector<std::string>& argv) {
  std::vector<char*> raw;
  raw.reserve(argv.size() + 1);
  for (const std::string& arg : argv) raw.push_back(const_cast<char*>(arg.c_str()));
  raw.push_back(nullptr);
  return raw;
}

// In the child after exec failed: report errno through the pipe, then leave.
[[noreturn]] void ReportExecFailure(int fd) {
  const int error = errno;
  [[maybe_unused]] const ssize_t n = ::write(fd, &error, sizeof(error));
  ::_exit(127);
}

// Blocks until the child exec'd (pipe closed by O_CLOEXEC) or reported an errno.
int ReadExecError(int fd) {
  int error = 0;
  ssize_t n;
  do {
    n = ::read(fd, &error, sizeof(error));
  } while (n < 0 && errno == EINTR);
  ::close(fd);
  return n == static_cast<ssize_t>(sizeof(error)) ? error : 0;
}

void ReadAvailable(int fd, std::string& sink, bool& open) {
  std::array<char, 8192> buffer;
  const ssize_t n = ::read(fd, buffer.data(), buffer.size());
  if (n > 0) {
    sink.append(buffer.data(), static_cast<std::size_t>(n));
  } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
    open = false;
  }
}

void DrainAndClose(int fd, std::string& sink) {
  ::fcntl(fd, F_SETFL, O_NONBLOCK);
  bool open = true;
  while (open) {
    const std::size_t before = sink.size();
    ReadAvailable(fd, sink, open);
    if (sink.size() == before) break;
  }
  ::close(fd);
}

}  // namespace

std::string CommandResult::Describe() const {
  std::string command = argv.empty() ? "command" : argv[0];
  if (argv.size() > 1) command += " " + argv[1];
  if (timed_out) {
    return command + " timed out after " + std::to_string(elapsed.count()) + " ms (killed)";
  }
  std::string status = term_signal != 0 ? "killed by signal " + std::to_string(term_signal)
                                        : "exit " + std::to_string(exit_code);
  std::string detail = Trim(err.empty() ? out : err);
  return command + " failed (" + status + ")" + (detail.empty() ? "" : ": " + detail);
}

std::optional<std::string> FindExecutable(const std::string& name) {
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string::npos) {
    if (::access(name.c_str(), X_OK) == 0) return name;
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    const std::string_view dir = std::string_view(dirs).substr(start, end - start);
    std::string candidate(dir.empty() ? std::string_view(".") : dir);
    candidate += '/';
    candidate += name;
    struct stat info {};
    if (::stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = end + 1;
  }
  return std::nullopt;
}

CommandResult RunCommand(const std::vector<std::string>& argv, milliseconds timeout) {
  CommandResult result;
  result.argv = argv;
  const auto started = Clock::now();
  const std::optional<std::string> exe = argv.empty() ? std::nullopt : FindExecutable(argv[0]);
  if (!exe) {
    result.exit_code = 127;
    result.err = (argv.empty() ? std::string("(empty command)") : argv[0]) + ": not found on PATH";
    return result;
  }
  int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1}, exec_pipe[2] = {-1, -1};
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) ThrowErrno("pipe");
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) CloseAndThrowErrno({out_pipe[0], out_pipe[1]}, "pipe");
  if (::pipe2(exec_pipe, O_CLOEXEC) != 0) {
    CloseAndThrowErrno({out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}, "pipe");
  }
  std::vector<char*> raw = MakeArgv(argv);

  const pid_t pid = ::fork();
  if (pid < 0) {
    CloseAndThrowErrno(
        {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1], exec_pipe[0], exec_pipe[1]}, "fork");
  }
  if (pid == 0) {
    ::setpgid(0, 0);  // so a timeout can kill the whole group
    const int null_fd = ::open("/dev/null", O_RDONLY);
    ::dup2(null_fd, 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    CloseDescriptorsFrom3(exec_pipe[1]);
    ::execv(exe->c_str(), raw.data());
    ReportExecFailure(exec_pipe[1]);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ::close(exec_pipe[1]);
  if (const int error = ReadExecError(exec_pipe[0]); error != 0) {
    result.err = "cannot execute " + *exe + ": " + std::strerror(error);
  }

  bool out_open = true, err_open = true, exited = false;
  int status = 0;
  const auto deadline = started + timeout;
  while (!exited) {
    const auto now = Clock::now();
    if (now >= deadline) {
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      result.timed_out = true;
      break;
    }
    std::array<pollfd, 2> fds{pollfd{out_open ? out_pipe[0] : -1, POLLIN, 0},
                              pollfd{err_open ? err_pipe[0] : -1, POLLIN, 0}};
    // Short slices: a grandchild (conmon) may keep the pipes open after the child exited.
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - now).count();
    const int slice = static_cast<int>(std::min<long long>(left, out_open || err_open ? 20 : 5));
    if (out_open || err_open) {
      if (::poll(fds.data(), fds.size(), slice) > 0) {
        if (fds[0].revents != 0) ReadAvailable(out_pipe[0], result.out, out_open);
        if (fds[1].revents != 0) ReadAvailable(err_pipe[0], result.err, err_open);
      }
    } else {
      std::this_thread::sleep_for(milliseconds(slice));
    }
    const pid_t waited = ::waitpid(pid, &status, WNOHANG);
    if (waited == pid) exited = true;
  }
  // Whatever the child wrote before it exited is in the pipes: drain without blocking.
  DrainAndClose(out_pipe[0], result.out);
  DrainAndClose(err_pipe[0], result.err);
  result.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
  if (!result.timed_out) {
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.term_signal = WTERMSIG(status);
  }
  return result;
}

pid_t Spawn(const std::vector<std::string>& argv, const SpawnOptions& options) {
  const std::optional<std::string> exe = argv.empty() ? std::nullopt : FindExecutable(argv[0]);
  if (!exe) {
    throw std::runtime_error((argv.empty() ? std::string("(empty command)") : argv[0]) +
                             ": not found on PATH");
  }
  const int out_fd =
      options.output_path.empty()
          ? ::open("/dev/null", O_WRONLY | O_CLOEXEC)
          : ::open(options.output_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (out_fd < 0) {
    throw std::runtime_error("cannot open " + options.output_path + ": " + std::strerror(errno));
  }
  int exec_pipe[2] = {-1, -1};
  if (::pipe2(exec_pipe, O_CLOEXEC) != 0) CloseAndThrowErrno({out_fd}, "pipe");
  std::vector<char*> raw = MakeArgv(argv);
  const pid_t parent = ::getpid();

  const pid_t pid = ::fork();
  if (pid < 0) CloseAndThrowErrno({out_fd, exec_pipe[0], exec_pipe[1]}, "fork");
  if (pid == 0) {
    if (options.new_session) ::setsid();
    if (options.death_signal) {
      ::prctl(PR_SET_PDEATHSIG, *options.death_signal);
      if (::getppid() != parent) ::_exit(1);  // the parent died before prctl took effect
    }
    const int null_fd = ::open("/dev/null", O_RDONLY);
    ::dup2(null_fd, 0);
    ::dup2(out_fd, 1);
    ::dup2(out_fd, 2);
    CloseDescriptorsFrom3(exec_pipe[1]);
    if (!options.working_dir.empty() && ::chdir(options.working_dir.c_str()) != 0) {
      ReportExecFailure(exec_pipe[1]);
    }
    ::execv(exe->c_str(), raw.data());
    ReportExecFailure(exec_pipe[1]);
  }
  ::close(out_fd);
  ::close(exec_pipe[1]);
  if (const int error = ReadExecError(exec_pipe[0]); error != 0) {
    ::waitpid(pid, nullptr, 0);
    throw std::runtime_error("cannot execute " + *exe + ": " + std::strerror(error));
  }
  return pid;
}

bool WaitForChild(pid_t pid, milliseconds timeout, int* status) {
  const auto deadline = Clock::now() + timeout;
  auto pause = milliseconds(1);
  while (true) {
    int local = 0;
    const pid_t waited = ::waitpid(pid, &local, WNOHANG);
    if (waited == pid || (waited < 0 && errno == ECHILD)) {
      if (status != nullptr) *status = local;
      return true;
    }
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, milliseconds(20));
  }
}

std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return "exited with code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* name = ::sigabbrev_np(sig);
    return "was killed by signal " + std::to_string(sig) +
           (name != nullptr ? std::string(" (SIG") + name + ")" : std::string());
  }
  return "stopped (wait status " + std::to_string(status) + ")";
}

}  // namespace redis_testkit::containers::internal
