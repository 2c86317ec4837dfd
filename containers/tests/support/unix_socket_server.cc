#include "unix_socket_server.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "free_port.h"
#include "readiness.h"
#include "redis_command_line.h"
#include "redis_testkit/config.h"
#include "subprocess.h"

namespace redis_testkit::test_support {
namespace {

namespace internal = containers::internal;
using std::chrono::milliseconds;

constexpr int kPortAttempts = 3;  // another process may take the port before redis-server binds it
constexpr milliseconds kStartupTimeout{10000};
constexpr milliseconds kTimeout{2000};

}  // namespace

UnixSocketServer::UnixSocketServer() {
  const std::optional<std::string> binary = internal::FindExecutable("redis-server");
  if (!binary) {
    throw std::runtime_error(
        "redis-server is not on PATH: install it (apt-get install redis-server)");
  }
  char pattern[] = "/tmp/rtk-unix-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) {
    throw std::runtime_error("cannot create a temporary directory under /tmp for the socket");
  }
  dir_ = pattern;
  std::string problem;
  try {
    for (int attempt = 1; attempt <= kPortAttempts; ++attempt) {
      problem = TryStart(*binary);
      if (problem.empty()) return;
      const bool port_taken = Logs().find("Address already in use") != std::string::npos;
      Kill();
      if (!port_taken) break;
    }
  } catch (...) {  // Spawn / PickFreePort: the destructor will not run, clean up here
    Kill();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
    throw;
  }
  const std::string log = Logs();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
  throw std::runtime_error("redis-server with a unix socket did not start: " + problem +
                           "; its log:\n" + log);
}

std::string UnixSocketServer::TryStart(const std::string& binary) {
  port_ = internal::PickFreePort();
  exited_ = false;
  std::error_code ignored;
  std::filesystem::remove(dir_ + "/redis.log", ignored);  // only this attempt's lines

  ServerConfig config;
  config.maxmemory_bytes = 0;  // no cap
  internal::RedisListenOptions listen;
  listen.port = port_;
  listen.unix_socket = dir_ + "/redis.sock";
  listen.dir = dir_;
  std::vector<std::string> argv{binary};
  const std::vector<std::string> args = internal::RedisServerArguments(config, listen);
  argv.insert(argv.end(), args.begin(), args.end());

  internal::SpawnOptions spawn;
  spawn.output_path = dir_ + "/redis.log";
  spawn.working_dir = dir_;
  spawn.death_signal = SIGKILL;  // a crashed test never leaves a server behind
  pid_ = internal::Spawn(argv, spawn);

  internal::ReadinessProbe probe;
  probe.endpoint = UnixEndpoint();
  probe.timeout = kStartupTimeout;
  probe.exit_check_interval = milliseconds(0);  // waitpid is cheap
  probe.check_exited = [this]() -> std::optional<std::string> {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) != pid_) return std::nullopt;
    exited_ = true;
    return "redis-server " + internal::DescribeWaitStatus(status);
  };
  const internal::Readiness readiness = internal::WaitUntilReady(probe);
  return readiness.ready ? "" : readiness.problem;
}

void UnixSocketServer::Kill() noexcept {
  if (pid_ > 0 && !exited_) {
    ::kill(pid_, SIGKILL);
    internal::WaitForChild(pid_, kTimeout);
  }
  pid_ = -1;
}

UnixSocketServer::~UnixSocketServer() {
  Kill();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

client::Endpoint UnixSocketServer::UnixEndpoint(int db) const {
  client::Endpoint endpoint;
  endpoint.unix_socket = dir_ + "/redis.sock";
  endpoint.db = db;
  return endpoint;
}

client::Endpoint UnixSocketServer::TcpEndpoint(int db) const {
  client::Endpoint endpoint;
  endpoint.host = "127.0.0.1";
  endpoint.port = port_;
  endpoint.db = db;
  return endpoint;
}

client::ConnectionOptions UnixSocketServer::ConnectOptions() const {
  return client::ConnectionOptions{UnixEndpoint(), kTimeout, kTimeout};
}

std::string UnixSocketServer::Logs() const {
  std::ifstream in(dir_ + "/redis.log");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace redis_testkit::test_support
