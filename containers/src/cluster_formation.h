// Turns started, empty, cluster-enabled redis-server nodes into one Redis Cluster: the 16384
// slots split evenly over the masters (CLUSTER ADDSLOTSRANGE), every node introduced to the first
// (CLUSTER MEET), each replica attached to a master (CLUSTER REPLICATE), ready once every node
// knows every other and answers cluster_state:ok. Used by the process runtime's cluster topology
// and by the test support's TestCluster.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "redis_testkit/client/endpoint.h"

namespace redis_testkit::containers::internal {

struct ClusterLayout {
  std::vector<client::Endpoint> masters;   // at least 1; slots split evenly in this order
  std::vector<client::Endpoint> replicas;  // replica i follows masters[i % masters.size()]
  // The address the nodes use to MEET one another (what they announce): "127.0.0.1" on the host.
  std::string meet_host = "127.0.0.1";
};

// The first slot of master `index` of `masters`: an even split, remainder to the first ones.
int FirstSlotOf(int index, int masters);

// Forms the cluster and waits until it is ready, all within `timeout`. Throws std::runtime_error
// naming the node and what it still lacked (e.g. "127.0.0.1:7001 says cluster_state:fail, knows
// 2 of 3 nodes after 5000 ms").
void FormCluster(const ClusterLayout& layout, std::chrono::milliseconds timeout);

}  // namespace redis_testkit::containers::internal
