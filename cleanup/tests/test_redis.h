// Test-only: a throwaway redis-server process on a unix socket in a temp dir, for the cleanup
// integration tests until the containers layer can be used here. Not part of the library.
//   redis-server --port 0 --unixsocket <tmp>/r.sock --save '' --appendonly no --maxmemory 64mb
#pragma once

#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
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

namespace redis_testkit::cleanup::testing {

class TestRedis {
 public:
  // Starts the server and waits (up to 10 s) until it answers PING; throws with its log if not.
  TestRedis() {
    char pattern[] = "/tmp/rtk-cleanup-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    socket_ = (dir_ / "r.sock").string();
    log_ = (dir_ / "redis.log").string();
    const std::string binary = "redis-server";
    std::vector<std::string> args{binary,        "--port",      "0",    "--unixsocket",
                                  socket_,       "--save",      "",     "--appendonly",
                                  "no",          "--maxmemory", "64mb", "--dir",
                                  dir_.string(), "--logfile",   log_,   "--daemonize",
                                  "no"};
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a crashed test process
      ::execvp(argv[0], argv.data());
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (true) {
      try {
        client::Connection probe(Options());
        probe.Ping();
        return;
      } catch (const std::exception& e) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
          pid_ = 0;
          throw std::runtime_error("redis-server exited at start (is it on PATH?): " + Log());
        }
        if (std::chrono::steady_clock::now() > deadline) {
          throw std::runtime_error(std::string("redis-server not ready in 10 s: ") + e.what() +
                                   "\n" + Log());
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  ~TestRedis() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);  // nothing to save: --save '' --appendonly no
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  TestRedis(const TestRedis&) = delete;
  TestRedis& operator=(const TestRedis&) = delete;

  client::ConnectionOptions Options(int db = 0) const {
    client::ConnectionOptions options;
    options.endpoint.unix_socket = socket_;
    options.endpoint.db = db;
    options.connect_timeout = std::chrono::milliseconds(1000);
    options.command_timeout = std::chrono::milliseconds(5000);
    return options;
  }
  const std::string& socket() const { return socket_; }

  std::string Log() const {
    std::ifstream in(log_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  std::filesystem::path dir_;
  std::string socket_;
  std::string log_;
  pid_t pid_ = 0;
};

}  // namespace redis_testkit::cleanup::testing
