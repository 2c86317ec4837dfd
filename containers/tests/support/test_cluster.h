// Test-only: a private Redis Cluster of redis-server processes (containers::RedisServer with the
// process runtime, `cluster-enabled yes`), formed by the containers layer's FormCluster (slots
// split evenly, MEET, cluster_state:ok on every node). Every node is stopped by the destructor,
// and by the containers layer's death signal if the test process dies first.
//
//   redis_testkit::test_support::TestCluster cluster;  // 3 masters
//   redis_testkit::client::ClusterConnection c(cluster.Options());
#pragma once

#include <chrono>
#include <vector>

#include "redis_testkit/client/cluster_connection.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/containers/redis_server.h"

namespace redis_testkit::test_support {

struct TestClusterOptions {
  int masters = 3;
  int replicas = 0;
  // cluster-node-timeout: how long a silent master takes to be marked failed and replaced by its
  // replica (failover scenarios keep it short).
  std::chrono::milliseconds node_timeout{5000};
};

class TestCluster {
 public:
  // Starts the nodes and returns once the cluster is ready. Throws containers::StartError or
  // std::runtime_error (FormCluster's message).
  explicit TestCluster(const TestClusterOptions& options = {});

  // The node endpoints: masters first (in slot order), then replicas.
  std::vector<client::Endpoint> endpoints() const;
  const client::Endpoint& endpoint(std::size_t node) const { return nodes_[node].endpoint(); }
  // The server of one node, for Kill() (a master's failure) and the like.
  containers::RedisServer& server(std::size_t node) { return nodes_[node]; }
  // A plain connection to one node (no routing), for CLUSTER SETSLOT, MIGRATE, INFO.
  client::Connection Connect(std::size_t node) const;
  // ClusterOptions with every node as a seed.
  client::ClusterOptions Options(
      std::chrono::milliseconds command_timeout = std::chrono::milliseconds(2000)) const;

 private:
  std::vector<containers::RedisServer> nodes_;
};

}  // namespace redis_testkit::test_support
