#include "test_cluster.h"

#include "cluster_formation.h"
#include "free_port.h"
#include "instance.h"
#include "redis_command_line.h"

namespace redis_testkit::test_support {
namespace {

constexpr std::chrono::milliseconds kConnectTimeout{2000};
constexpr std::chrono::milliseconds kFormTimeout{20000};

ServerConfig NodeConfig() {
  ServerConfig config;
  config.runtime = Runtime::kProcess;
  config.maxmemory_bytes = 0;
  config.port = 0;
  config.name.clear();
  return config;
}

// One node on a free port with a free bus port. Tests run in parallel: another one may take the
// bus port between the pick and redis-server's bind, so a start that fails is tried again.
containers::RedisServer StartNode(std::chrono::milliseconds node_timeout) {
  constexpr int kAttempts = 3;
  for (int attempt = 1;; ++attempt) {
    ServerConfig config = NodeConfig();
    containers::internal::ClusterNodeOptions node;
    node.bus_port = containers::internal::PickFreePort();
    node.node_timeout = node_timeout;
    config.settings = containers::internal::ClusterNodeSettings(node);
    try {
      return containers::RedisServer::Start(config);
    } catch (const containers::StartError& error) {
      if (attempt == kAttempts || !containers::internal::PortWasTaken(error)) {
        throw;
      }
    }
  }
}

}  // namespace

TestCluster::TestCluster(const TestClusterOptions& options) {
  containers::internal::ClusterLayout layout;
  for (int i = 0; i < options.masters + options.replicas; ++i) {
    nodes_.push_back(StartNode(options.node_timeout));
    (i < options.masters ? layout.masters : layout.replicas).push_back(nodes_.back().endpoint());
  }
  containers::internal::FormCluster(layout, kFormTimeout);
}

std::vector<client::Endpoint> TestCluster::endpoints() const {
  std::vector<client::Endpoint> all;
  for (const containers::RedisServer& node : nodes_) all.push_back(node.endpoint());
  return all;
}

client::Connection TestCluster::Connect(std::size_t node) const {
  return client::Connection({endpoint(node), kConnectTimeout, kConnectTimeout});
}

client::ClusterOptions TestCluster::Options(std::chrono::milliseconds command_timeout) const {
  client::ClusterOptions options;
  options.seeds = endpoints();
  options.command_timeout = command_timeout;
  return options;
}

}  // namespace redis_testkit::test_support
