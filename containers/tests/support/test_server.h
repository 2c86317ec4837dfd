// Test-only support for the layers below the fixtures (client/tests, cleanup/tests), whose tests
// must not use the fixtures that are built on them: a private redis-server per test (or per
// suite), started through the kit's own containers::RedisServer with Runtime::kProcess (~15 ms to
// the first PONG). The command line therefore comes from the one builder,
// containers/src/redis_command_line.cc. The destructor stops it (SIGKILL: nothing is persisted);
// if the test process dies first, the containers layer's death signal and sweep remove it.
//
//   redis_testkit::test_support::TestServer server({.maxmemory_bytes = 1024 * 1024});
//   redis_testkit::client::Connection c(server.ConnectOptions());
#pragma once

#include <chrono>
#include <string>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/containers/redis_server.h"

namespace redis_testkit::test_support {

struct TestServerOptions {
  long long maxmemory_bytes = 0;  // 0: no cap
  std::string maxmemory_policy = "noeviction";
  // Non-empty: set with CONFIG SET requirepass as soon as the server answers, so every connection
  // made afterwards must AUTH (the server itself starts without one, like every kit server).
  // `{}`: GCC's -Wmissing-field-initializers then lets designated initializers omit it.
  std::string password{};
};

class TestServer {
 public:
  // Starts redis-server and returns once it answers PING with the requested cap. Throws
  // containers::StartError (with the server's log) or client::Error (CONFIG SET requirepass).
  explicit TestServer(const TestServerOptions& options = {});
  ~TestServer() = default;  // RedisServer's destructor stops the server
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // 127.0.0.1:<ephemeral port>, database `db`, without a password.
  client::Endpoint endpoint(int db = 0) const;
  // endpoint(db) with a 2 s connect timeout and `command_timeout`.
  client::ConnectionOptions ConnectOptions(
      std::chrono::milliseconds command_timeout = std::chrono::milliseconds(2000),
      int db = 0) const;
  // The server's last log lines (for failure messages).
  std::string Logs() const { return server_.Logs(); }
  // Stops the server now (e.g. to test a connection whose server went away). Idempotent.
  void Stop() noexcept { server_.Stop(); }

 private:
  containers::RedisServer server_;
};

// A loopback TCP port on which nothing listens right now (the kernel's pick, then released).
int UnusedTcpPort();

}  // namespace redis_testkit::test_support
