#include "test_cluster.h"

#include "cluster_formation.h"
#include "free_port.h"

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
  config.settings = {{"cluster-enabled", "yes"}, {"cluster-node-timeout", "5000"}};
  return config;
}

}  // namespace

TestCluster::TestCluster(const TestClusterOptions& options) {
  containers::internal::ClusterLayout layout;
  for (int i = 0; i < options.masters + options.replicas; ++i) {
    ServerConfig config = NodeConfig();
    // The cluster bus port on a free port of its own: the default (port + 10000) does not exist
    // for an ephemeral port above 55535, and may be taken.
    config.settings.emplace_back("cluster-port",
                                 std::to_string(containers::internal::PickFreePort()));
    nodes_.push_back(containers::RedisServer::Start(config));
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
