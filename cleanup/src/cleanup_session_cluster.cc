// CleanupSession on a Redis Cluster: one node per master (CLUSTER SLOTS), and the masters followed
// when a failover or a resharding changes them between two tests.
#include <algorithm>
#include <stdexcept>

#include "joined.h"
#include "redis_testkit/cleanup/cleanup_session.h"
#include "redis_testkit/client/cluster_slot_map.h"
#include "redis_testkit/client/errors.h"
#include "session_node.h"

namespace redis_testkit::cleanup {
namespace {

// The masters of the cluster `seed` belongs to (CLUSTER SLOTS), as endpoints with the seed's
// credentials.
std::vector<client::Endpoint> ClusterMasters(client::Connection& seed) {
  const client::Endpoint& endpoint = seed.endpoint();
  if (endpoint.db != 0) RefuseClusterDatabase(endpoint);
  const client::ClusterSlotMap map =
      client::ClusterSlotMap::FromClusterSlots(seed.Command({"CLUSTER", "SLOTS"}), endpoint.host);
  if (map.masters().empty()) {
    throw std::runtime_error(endpoint.ToString() +
                             " is a Redis Cluster node but CLUSTER SLOTS names no master: assign "
                             "the slots (redis-cli --cluster create) before running the tests.");
  }
  std::vector<client::Endpoint> masters;
  for (const client::ClusterNodeAddress& master : map.masters()) {
    client::Endpoint node = endpoint;
    node.unix_socket.clear();
    node.host = master.host;
    node.port = master.port;
    masters.push_back(std::move(node));
  }
  return masters;
}

std::string Address(const client::Endpoint& endpoint) {
  return client::ClusterNodeAddress{endpoint.host, endpoint.port, ""}.Address();
}

}  // namespace

[[noreturn]] void RefuseClusterDatabase(const client::Endpoint& endpoint) {
  throw std::runtime_error(
      endpoint.ToString() + " is a Redis Cluster node, and a cluster has database 0 only, not " +
      std::to_string(endpoint.db) +
      ": drop the database from REDIS_TESTKIT_URL (redis://host:port) and unset REDIS_TESTKIT_DB.");
}

// Every master flushed and watched: a test's keys land on the master of their slot, and a node
// watched alone would miss the keys on the others.
void CleanupSession::OpenCluster() {
  WatchMasters(ClusterMasters(nodes_.front()->link.connection()), options_.reset_leftovers);
  ++round_trips_;
  server_.topology = "cluster";
}

void CleanupSession::WatchMasters(const std::vector<client::Endpoint>& masters,
                                  bool reset_leftovers) {
  const std::string seed = Address(options_.connection.endpoint);
  std::vector<std::unique_ptr<Node>> nodes;
  server_.nodes.clear();
  for (const client::Endpoint& master : masters) {
    const std::string address = Address(master);
    server_.nodes.push_back(address);
    // A master watched already (or the seed, before its address is known) keeps its connection
    // and its settings' baseline.
    const auto watched = std::find_if(nodes_.begin(), nodes_.end(), [&](const auto& node) {
      return node && (node->address == address || (node->address.empty() && address == seed));
    });
    if (watched != nodes_.end()) {
      nodes.push_back(std::move(*watched));
      nodes.back()->address = address;
      continue;
    }
    client::ConnectionOptions options = options_.connection;
    options.endpoint = master;
    nodes.push_back(std::make_unique<Node>(options, options_.recovery_timeout, address));
    const auto recorded = options_.node_baselines.find(address);
    OpenHygiene(*nodes.back(),
                recorded == options_.node_baselines.end() ? client::Settings{} : recorded->second,
                reset_leftovers);
  }
  nodes_ = std::move(nodes);
  masters_ = masters;
}

bool CleanupSession::FollowMasters() {
  std::vector<client::Endpoint> known = masters_;
  known.push_back(options_.connection.endpoint);
  for (const client::Endpoint& endpoint : known) {
    std::vector<client::Endpoint> masters;
    try {
      client::ConnectionOptions options = options_.connection;
      options.endpoint = endpoint;
      options.endpoint.db = 0;
      client::Connection connection(options);
      masters = ClusterMasters(connection);
    } catch (const std::exception&) {
      continue;  // a dead or refusing node: ask the next one
    }
    std::vector<std::string> addresses;
    addresses.reserve(masters.size());
    for (const client::Endpoint& master : masters) addresses.push_back(Address(master));
    if (addresses == server_.nodes) return false;
    const std::string before = internal::Joined(server_.nodes);
    // Mid-run: no CLIENT KILL of the suite's own connections to a new master.
    WatchMasters(masters, /*reset_leftovers=*/false);
    current_.notes.push_back("the cluster's masters changed (a failover or a resharding): were " +
                             before + ", now " + internal::Joined(server_.nodes));
    return true;
  }
  return false;
}

}  // namespace redis_testkit::cleanup
