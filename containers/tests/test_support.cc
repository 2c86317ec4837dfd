#include "test_support.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>
#include <vector>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/info.h"
#include "redis_testkit/containers/redis_server.h"
#include "subprocess.h"

namespace redis_testkit::containers::testing {

using internal::RunCommand;
using std::chrono::milliseconds;

ServerConfig SmallConfig(Runtime runtime) {
  ServerConfig config;
  config.runtime = runtime;
  config.maxmemory_bytes = 64LL * 1024 * 1024;
  config.maxmemory_policy = "allkeys-lru";
  config.startup_timeout = std::chrono::seconds(20);
  return config;
}

std::string EngineVersion(const std::string& binary) {
  const internal::CommandResult version =
      RunCommand({binary, "version", "--format", "{{.Server.Version}}"}, milliseconds(15000));
  std::string out = version.ok() ? version.out : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::optional<std::string> EngineSilent(const std::string& binary) {
  if (!internal::FindExecutable(binary)) return binary + ": not installed";
  // A question in each engine's own terms that only a working engine answers: docker's server
  // version needs the daemon, podman's host name its storage and runtime.
  const std::vector<std::string> question =
      binary == "docker"
          ? std::vector<std::string>{binary, "version", "--format", "{{.Server.Version}}"}
          : std::vector<std::string>{binary, "info", "--format", "{{.Host.Hostname}}"};
  const internal::CommandResult answer = RunCommand(question, milliseconds(15000));
  if (answer.ok() && answer.out.find_first_not_of(" \n") != std::string::npos) {
    return std::nullopt;
  }
  std::string detail = answer.err.empty() ? answer.out : answer.err;
  detail = detail.substr(0, detail.find('\n'));
  return binary + ": no engine answers (`" + binary + " " + question[1] + "`: " + detail + ")";
}

std::optional<std::string> EngineUnusable(const std::string& binary) {
  if (std::optional<std::string> why = EngineSilent(binary)) return why;
  const internal::CommandResult image =
      RunCommand({binary, "image", "inspect", "--format", "{{.Id}}", "localhost/redis-testkit:7.0"},
                 milliseconds(15000));
  if (!image.ok())
    return binary + ": no localhost/redis-testkit:7.0 (scripts/build-local-image.sh)";
  return std::nullopt;
}

std::string ConfigGet(const client::Endpoint& endpoint, const std::string& name) {
  client::Connection connection({endpoint});
  const client::Reply reply = connection.Command({"CONFIG", "GET", name});
  return reply.AsArray().at(1).AsString();
}

pid_t ServerPid(const client::Endpoint& endpoint) {
  client::Connection connection({endpoint});
  return static_cast<pid_t>(client::ParseInfo(connection.Info("server")).server.process_id);
}

bool ContainerExists(const std::string& binary, const std::string& name) {
  const internal::CommandResult listed =
      RunCommand({binary, "ps", "-a", "--filter", "name=^" + name + "$", "--format", "{{.Names}}"},
                 milliseconds(15000));
  return listed.out.find(name) != std::string::npos;
}

std::string Inspect(const std::string& binary, const std::string& name, const std::string& format) {
  std::string out =
      RunCommand({binary, "inspect", "--format", format, name}, milliseconds(15000)).out;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

bool Eventually(const std::function<bool()>& condition, milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return condition();
    std::this_thread::sleep_for(milliseconds(50));
  }
  return true;
}

pid_t DeadPid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  ::waitpid(pid, nullptr, 0);
  return pid;
}

pid_t ForkOwner(const std::function<void(int report_fd)>& body, int& read_fd) {
  int fds[2];
  if (::pipe(fds) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    try {
      body(fds[1]);
    } catch (const std::exception& error) {
      const std::string line = std::string("ERROR ") + error.what() + "\n";
      [[maybe_unused]] auto n = ::write(fds[1], line.data(), line.size());
      ::_exit(1);
    }
    while (true) ::pause();  // until the test kills us
  }
  ::close(fds[1]);
  read_fd = fds[0];
  return pid;
}

std::string ReadLine(int fd, milliseconds timeout) {
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char c = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    if (::read(fd, &c, 1) != 1) break;
    if (c == '\n') break;
    line += c;
  }
  return line;
}

pid_t ForkServerOwner(const ServerConfig& config, milliseconds timeout, std::string& name) {
  int report = -1;
  const pid_t owner = ForkOwner(
      [&config](int fd) {
        auto* server = new RedisServer(RedisServer::Start(config));  // lives until SIGKILL
        const std::string line = server->name() + "\n";
        [[maybe_unused]] auto n = ::write(fd, line.data(), line.size());
      },
      report);
  name = ReadLine(report, timeout);
  ::close(report);
  return owner;
}

}  // namespace redis_testkit::containers::testing
