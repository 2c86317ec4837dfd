// Test-only: one throwaway redis-server process per test, on a unix socket in a temporary folder
// and (optionally) an ephemeral TCP port on 127.0.0.1. The real start-up logic lives in
// containers/, which sits above client/; this is the smallest thing the client tests need.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"

namespace redis_testkit::client::testing {

// A TCP port that was free a moment ago (the kernel's choice; a race is possible, so Start
// retries).
inline int FreeTcpPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot find a free TCP port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

class TestRedisServer {
 public:
  // tcp: also listen on an ephemeral 127.0.0.1 port; maxmemory: e.g. "1mb" for OOM tests;
  // extra: more redis-server arguments.
  explicit TestRedisServer(bool tcp = false, std::string maxmemory = "0",
                           std::vector<std::string> extra = {})
      : tcp_(tcp), maxmemory_(std::move(maxmemory)), extra_(std::move(extra)) {
    char tmpl[] = "/tmp/rtk-client-test-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    for (int attempt = 0; attempt < 3; ++attempt) {
      if (Start()) return;
    }
    const std::string log = Log();
    Cleanup();
    throw std::runtime_error("redis-server did not start; its log:\n" + log);
  }
  ~TestRedisServer() { Cleanup(); }
  TestRedisServer(const TestRedisServer&) = delete;
  TestRedisServer& operator=(const TestRedisServer&) = delete;

  Endpoint UnixEndpoint(int db = 0) const {
    Endpoint e;
    e.unix_socket = dir_ + "/redis.sock";
    e.db = db;
    return e;
  }
  Endpoint TcpEndpoint(int db = 0) const {
    Endpoint e;
    e.host = "127.0.0.1";
    e.port = port_;
    e.db = db;
    return e;
  }
  ConnectionOptions ConnectOptions(
      std::chrono::milliseconds command_timeout = std::chrono::milliseconds(2000)) const {
    return ConnectionOptions{UnixEndpoint(), std::chrono::milliseconds(2000), command_timeout};
  }
  std::string Log() const {
    std::ifstream in(dir_ + "/redis.log");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  bool Start() {
    port_ = tcp_ ? FreeTcpPort() : 0;
    std::vector<std::string> args{"redis-server",
                                  "--port",
                                  std::to_string(port_),
                                  "--bind",
                                  "127.0.0.1",
                                  "--unixsocket",
                                  dir_ + "/redis.sock",
                                  "--save",
                                  "",
                                  "--appendonly",
                                  "no",
                                  "--dir",
                                  dir_,
                                  "--logfile",
                                  dir_ + "/redis.log",
                                  "--maxmemory",
                                  maxmemory_};
    args.insert(args.end(), extra_.begin(), extra_.end());
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a crashed test must not leave a server behind
      ::execvp(argv[0], argv.data());
      ::_exit(127);
    }
    // Ready when PING answers; give up after 5 s or when the process exits.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
      }
      try {
        Connection probe({tcp_ ? TcpEndpoint() : UnixEndpoint(), std::chrono::milliseconds(200),
                          std::chrono::milliseconds(200)});
        probe.Ping();
        return true;
      } catch (const ReplyError&) {
        return true;  // it answers (NOAUTH with --requirepass): up
      } catch (const Error&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    }
    Stop();
    return false;
  }

  void Stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);  // nothing to save: --save '' --appendonly no
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  void Cleanup() {
    Stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  bool tcp_;
  std::string maxmemory_;
  std::vector<std::string> extra_;
  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace redis_testkit::client::testing
