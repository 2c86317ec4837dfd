// Test-only, for the client's unix-socket round trips. containers::RedisServer hands out TCP
// endpoints only (the kit never needs a unix socket), and redis-server cannot open one at run time
// (`unixsocket` is not settable with CONFIG SET), so this one case launches redis-server itself -
// but with the arguments of the containers layer's one builder (internal::RedisServerArguments,
// RedisListenOptions::unix_socket) and its Spawn / readiness helpers, never a hand-written argv.
// It listens on <temp dir>/redis.sock and on an ephemeral 127.0.0.1 port; no memory cap.
#pragma once

#include <sys/types.h>

#include <string>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/endpoint.h"

namespace redis_testkit::test_support {

class UnixSocketServer {
 public:
  // Starts redis-server and returns once it answers PING on the socket; throws std::runtime_error
  // with the server's log.
  UnixSocketServer();
  ~UnixSocketServer();  // SIGKILL (nothing is persisted), then the temp dir goes
  UnixSocketServer(const UnixSocketServer&) = delete;
  UnixSocketServer& operator=(const UnixSocketServer&) = delete;

  client::Endpoint UnixEndpoint(int db = 0) const;
  client::Endpoint TcpEndpoint(int db = 0) const;
  // UnixEndpoint() with 2 s connect and command timeouts.
  client::ConnectionOptions ConnectOptions() const;
  std::string Logs() const;

 private:
  // One launch on a fresh port; empty when ready, else what went wrong.
  std::string TryStart(const std::string& binary);
  void Kill() noexcept;

  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  bool exited_ = false;
};

}  // namespace redis_testkit::test_support
