#include "test_server.h"

#include "free_port.h"

namespace redis_testkit::test_support {
namespace {

ServerConfig ConfigFor(const TestServerOptions& options) {
  ServerConfig config;
  config.runtime = Runtime::kProcess;
  config.maxmemory_bytes = options.maxmemory_bytes;
  config.maxmemory_policy = options.maxmemory_policy;
  config.port = 0;      // ephemeral: tests run in parallel, never on 6379
  config.name.clear();  // "redis-testkit-<pid>[-n]": private to this process
  return config;
}

constexpr std::chrono::milliseconds kConnectTimeout{2000};

}  // namespace

TestServer::TestServer(const TestServerOptions& options)
    : server_(containers::RedisServer::Start(ConfigFor(options))) {
  if (!options.password.empty()) {
    client::Connection admin(ConnectOptions());
    admin.Command({"CONFIG", "SET", "requirepass", options.password});
  }
}

client::Endpoint TestServer::endpoint(int db) const {
  client::Endpoint endpoint = server_.endpoint();
  endpoint.db = db;
  return endpoint;
}

client::ConnectionOptions TestServer::ConnectOptions(std::chrono::milliseconds command_timeout,
                                                     int db) const {
  return client::ConnectionOptions{endpoint(db), kConnectTimeout, command_timeout};
}

int UnusedTcpPort() { return containers::internal::PickFreePort(); }

}  // namespace redis_testkit::test_support
