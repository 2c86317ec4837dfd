#include "private_redis.h"

#include <stdexcept>
#include <string>

#include "free_port.h"
#include "redis_testkit/gtest.h"

namespace gateway_scenarios {

namespace client = redis_testkit::client;
namespace containers = redis_testkit::containers;

PrivateRedis::PrivateRedis(long long maxmemory_bytes) : config_(redis_testkit::GetConfig().server) {
  if (config_.runtime == redis_testkit::Runtime::kExternal) {
    // An external server cannot be stopped or starved by a test: use a local redis-server.
    config_.runtime = redis_testkit::Runtime::kProcess;
    config_.url.clear();
  }
  // One server: what these scenarios stop, restart and starve is a single Redis, whatever the
  // kit's topology (a cluster's failover is cluster_failover_test.cc's).
  config_.topology = redis_testkit::Topology::kStandalone;
  config_.name.clear();  // "redis-testkit-<pid>-<n>": never the kit's own instance
  config_.port = 0;
  if (maxmemory_bytes > 0) config_.maxmemory_bytes = maxmemory_bytes;
  server_.emplace(containers::RedisServer::Start(config_));
  endpoint_ = server_->endpoint();
  config_.port = endpoint_.port;  // a restart comes back where the gateway looks for it
}

PrivateRedis::~PrivateRedis() { Stop(); }

client::Connection PrivateRedis::Connect() const {
  client::ConnectionOptions options;
  options.endpoint = endpoint_;
  options.connect_timeout = config_.command_timeout;
  options.command_timeout = config_.command_timeout;
  return client::Connection(options);
}

void PrivateRedis::Stop() {
  if (!server_) return;
  server_->Stop();
  server_.reset();
}

void PrivateRedis::Restart() {
  Stop();
  server_.emplace(containers::RedisServer::Start(config_));
  if (server_->endpoint().port != endpoint_.port) {
    throw std::runtime_error("restarted Redis listens on port " +
                             std::to_string(server_->endpoint().port) + " instead of " +
                             std::to_string(endpoint_.port));
  }
}

int ClosedPort() {
  // Bound once by the kernel's choice, never listened on: nothing answers there.
  return redis_testkit::containers::internal::PickFreePort();
}

}  // namespace gateway_scenarios
