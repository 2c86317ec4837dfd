#include "topology_text.h"

#include <cstdio>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/info.h"
#include "redis_testkit/units/byte_size.h"

namespace redis_testkit::cli {
namespace {

std::size_t NodeCount(const ServerConfig& config) {
  return static_cast<std::size_t>(config.cluster_masters) *
         static_cast<std::size_t>(1 + config.cluster_replicas);
}

// "master  used 2.1 MiB of 64 MiB, 3 keys" for one node.
std::string DescribeNode(const client::Endpoint& node, const ServerConfig& config) {
  try {
    client::Connection connection({node, config.command_timeout, config.command_timeout});
    const client::Info info = client::ParseInfo(connection.Info());
    const client::Info cluster =
        client::ParseInfo(connection.Command({"CLUSTER", "INFO"}).AsString());
    return info.Get("role").value_or("?") + "  used " +
           units::FormatBytes(info.memory.used_memory) + " of maxmemory " +
           units::FormatBytes(info.memory.maxmemory) + ", " + std::to_string(info.TotalKeys()) +
           " keys, cluster_state:" + cluster.Get("cluster_state").value_or("?");
  } catch (const client::Error& error) {
    return std::string("does not answer: ") + error.what();
  }
}

}  // namespace

std::string DescribeTopology(const ServerConfig& config) {
  if (config.topology == Topology::kStandalone) return "standalone";
  return "cluster: " + std::to_string(config.cluster_masters) + " masters, " +
         std::to_string(config.cluster_replicas) + " replica(s) each (" +
         std::to_string(NodeCount(config)) + " nodes)";
}

std::string DescribeTopology(const containers::RedisServer& server) {
  if (server.topology() == Topology::kStandalone) return "standalone";
  return "cluster: " + std::to_string(server.masters().size()) + " masters, " +
         std::to_string(server.nodes().size()) + " nodes";
}

std::optional<std::string> TopologyMismatch(const containers::RedisServer& server,
                                            const ServerConfig& config) {
  if (server.topology() != config.topology) {
    return std::string("it is ") +
           (server.topology() == Topology::kCluster ? "a cluster" : "a standalone server") +
           " but REDIS_TESTKIT_TOPOLOGY=" + ToString(config.topology);
  }
  if (config.topology == Topology::kCluster &&
      (server.nodes().size() != NodeCount(config) ||
       server.masters().size() != static_cast<std::size_t>(config.cluster_masters))) {
    return "it is a " + DescribeTopology(server) + " but the configuration asks for a " +
           DescribeTopology(config);
  }
  return std::nullopt;
}

void PrintNodes(const containers::RedisServer& server, const ServerConfig& config) {
  if (server.topology() == Topology::kStandalone) return;
  const std::vector<client::Endpoint> nodes = server.nodes();
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    std::printf("  node %zu:  %s  %s\n", i + 1, nodes[i].ToString().c_str(),
                DescribeNode(nodes[i], config).c_str());
  }
}

}  // namespace redis_testkit::cli
