// A Redis of one scenario alone, for what must never happen to the kit's shared server: stopping
// it, restarting it on the same port, starving it of memory. Started through the kit's containers
// layer (same runtime, image and flags as the kit's server), on an ephemeral port, under its own
// name; the containers layer removes it even if the test process dies. Always a single server,
// also when the kit's Redis is a cluster (REDIS_TESTKIT_TOPOLOGY=cluster).
#pragma once

#include <optional>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/config.h"
#include "redis_testkit/containers/redis_server.h"

namespace gateway_scenarios {

class PrivateRedis {
 public:
  // maxmemory_bytes 0: the kit's configured cap (REDIS_TESTKIT_MAXMEMORY). Throws StartError.
  explicit PrivateRedis(long long maxmemory_bytes = 0);
  ~PrivateRedis();  // stops the server
  PrivateRedis(const PrivateRedis&) = delete;
  PrivateRedis& operator=(const PrivateRedis&) = delete;

  const redis_testkit::client::Endpoint& endpoint() const { return endpoint_; }
  redis_testkit::client::Connection Connect() const;

  // Stops the server (its data is gone: no persistence). Idempotent.
  void Stop();
  // Starts a fresh server on the same port (a restart as an operator sees it).
  void Restart();
  bool running() const { return server_.has_value(); }

 private:
  redis_testkit::ServerConfig config_;
  std::optional<redis_testkit::containers::RedisServer> server_;
  redis_testkit::client::Endpoint endpoint_;
};

// A loopback TCP port on which nothing listens (bound once, then released): "Redis unavailable".
int ClosedPort();

}  // namespace gateway_scenarios
