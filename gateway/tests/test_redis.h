// TEST-ONLY: a private redis-server for the gateway's integration tests, until they move to the
// kit's fixtures (the lead swaps this ONE file). One server per test process, started on first use
// on a free ephemeral port, stopped at exit; PR_SET_PDEATHSIG kills it if the test process dies.
//
//   redis-server --port <free> --bind 127.0.0.1 --save '' --appendonly no --maxmemory 64mb
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/client/errors.h"

namespace signal_gateway::testing {

class TestRedis {
 public:
  // The process-wide server (started on first call; throws std::runtime_error with the server's
  // log when it cannot start).
  static TestRedis& Shared() {
    static std::unique_ptr<TestRedis> instance(new TestRedis());
    return *instance;
  }

  ~TestRedis() { Stop(); }

  const redis_testkit::client::Endpoint& endpoint() const { return endpoint_; }

  redis_testkit::client::Connection Connect() const {
    redis_testkit::client::ConnectionOptions options;
    options.endpoint = endpoint_;
    options.connect_timeout = std::chrono::milliseconds(1000);
    options.command_timeout = std::chrono::milliseconds(5000);
    return redis_testkit::client::Connection(options);
  }

  // FLUSHALL, SCRIPT FLUSH, maxmemory back to 64mb, clients unpaused: a clean server per test.
  void Reset() const {
    auto connection = Connect();
    connection.Command({"CLIENT", "UNPAUSE"});
    connection.Command({"CONFIG", "SET", "maxmemory", "64mb"});
    connection.Command({"FLUSHALL"});
    connection.Command({"SCRIPT", "FLUSH"});
  }

 private:
  TestRedis() {
    const std::string binary = FindOnPath("redis-server");
    std::string last_error;
    for (int attempt = 0; attempt < 5; ++attempt) {
      const int port = FreePort();
      if (TryStart(binary, port, last_error)) return;
    }
    throw std::runtime_error("could not start redis-server for the gateway tests: " + last_error);
  }

  static std::string FindOnPath(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
      const std::filesystem::path candidate = std::filesystem::path(dir) / name;
      if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
    throw std::runtime_error(name +
                             " not found on PATH: install redis-server (apt install redis-server)");
  }

  // Binds 127.0.0.1:0 and reads back the port the kernel chose (a race with other processes is
  // possible; TryStart then fails and the caller retries with another port).
  static int FreePort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof(addr);
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      if (fd >= 0) close(fd);
      throw std::runtime_error("cannot find a free port on 127.0.0.1");
    }
    close(fd);
    return ntohs(addr.sin_port);
  }

  bool TryStart(const std::string& binary, int port, std::string& error) {
    dir_ = std::filesystem::temp_directory_path() /
           ("gateway-test-redis-" + std::to_string(getpid()) + "-" + std::to_string(port));
    std::filesystem::create_directories(dir_);
    const std::string log = dir_ + "/redis.log";
    const std::string port_text = std::to_string(port);
    std::vector<std::string> args = {
        binary, "--port",       port_text, "--bind",      "127.0.0.1", "--save",
        "",     "--appendonly", "no",      "--maxmemory", "64mb",      "--dir",
        dir_,   "--logfile",    log,       "--daemonize", "no"};
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
      error = "fork failed";
      return false;
    }
    if (pid == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(127);
      const int null_fd = open("/dev/null", O_RDWR);
      if (null_fd >= 0) {
        dup2(null_fd, 0);
        dup2(null_fd, 1);
        dup2(null_fd, 2);
      }
      execv(argv[0], argv.data());
      _exit(127);
    }
    pid_ = pid;
    endpoint_.host = "127.0.0.1";
    endpoint_.port = port;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        error = "redis-server on port " + port_text + " exited at start; log:\n" + ReadLog(log);
        return false;
      }
      try {
        Connect().Ping();
        return true;
      } catch (const redis_testkit::client::Error&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
    error = "redis-server on port " + port_text + " did not answer PING within 10 s; log:\n" +
            ReadLog(log);
    Stop();
    return false;
  }

  static std::string ReadLog(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  void Stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      int status = 0;
      while (waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
          kill(pid_, SIGKILL);
          waitpid(pid_, &status, 0);
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      pid_ = -1;
    }
    if (!dir_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
    }
  }

  redis_testkit::client::Endpoint endpoint_;
  pid_t pid_ = -1;
  std::string dir_;
};

}  // namespace signal_gateway::testing
