// FormCluster: ADDSLOTSRANGE, MEET, REPLICATE, then wait for cluster_state:ok everywhere.
#include "cluster_formation.h"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <thread>

#include "redis_testkit/client/cluster_slots.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/info.h"

namespace redis_testkit::containers::internal {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kPollInterval{20};

client::Connection Connect(const client::Endpoint& endpoint, milliseconds timeout) {
  const milliseconds bounded = std::clamp(timeout, milliseconds(1), milliseconds(2000));
  return client::Connection({endpoint, bounded, bounded});
}

// The node's cluster bus port: cluster-port, or port + 10000 when that is 0 (the default).
std::string BusPort(client::Connection& node) {
  const client::Reply reply = node.Command({"CONFIG", "GET", "cluster-port"});
  const std::vector<client::Reply>& pair = reply.AsArray();
  if (pair.size() == 2 && pair[1].AsString() != "0") return pair[1].AsString();
  return std::to_string(node.endpoint().port + 10000);
}

std::string NodeId(client::Connection& node) {
  return node.Command({"CLUSTER", "MYID"}).AsString();
}

// What a node still lacks; empty once it is ready.
std::string Lacking(client::Connection& node, std::size_t total_nodes) {
  const client::Info info = client::ParseInfo(node.Command({"CLUSTER", "INFO"}).AsString());
  const std::string state = info.Get("cluster_state").value_or("?");
  const std::string known = info.Get("cluster_known_nodes").value_or("?");
  if (state == "ok" && known == std::to_string(total_nodes)) return "";
  return "says cluster_state:" + state + ", knows " + known + " of " + std::to_string(total_nodes) +
         " nodes";
}

// Polls `lacking` for every node until all answer "" or the deadline passes.
void WaitForAll(std::vector<client::Connection>& nodes, Clock::time_point deadline,
                milliseconds timeout,
                const std::function<std::string(client::Connection&)>& lacking) {
  for (;;) {
    std::string problem;
    for (client::Connection& node : nodes) {
      problem = lacking(node);
      if (!problem.empty()) {
        problem.insert(0, node.endpoint().ToString() + " ");
        break;
      }
    }
    if (problem.empty()) return;
    if (Clock::now() >= deadline) {
      throw std::runtime_error("Redis Cluster not ready: " + problem + " after " +
                               std::to_string(timeout.count()) +
                               " ms (see the nodes' logs; raise REDIS_TESTKIT_STARTUP_TIMEOUT "
                               "on a loaded machine)");
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

}  // namespace

int FirstSlotOf(int index, int masters) {
  const int base = client::kClusterSlotCount / masters;
  const int extra = client::kClusterSlotCount % masters;
  return index * base + std::min(index, extra);
}

void FormCluster(const ClusterLayout& layout, milliseconds timeout) {
  if (layout.masters.empty()) throw std::invalid_argument("FormCluster: no master");
  const Clock::time_point deadline = Clock::now() + timeout;
  const int master_count = static_cast<int>(layout.masters.size());
  std::vector<client::Connection> nodes;
  for (const client::Endpoint& endpoint : layout.masters)
    nodes.push_back(Connect(endpoint, timeout));
  for (const client::Endpoint& endpoint : layout.replicas) {
    nodes.push_back(Connect(endpoint, timeout));
  }
  for (int i = 0; i < master_count; ++i) {
    const int first = FirstSlotOf(i, master_count);
    const int last = FirstSlotOf(i + 1, master_count) - 1;
    nodes[static_cast<std::size_t>(i)].Command(
        {"CLUSTER", "ADDSLOTSRANGE", std::to_string(first), std::to_string(last)});
  }
  for (std::size_t i = 1; i < nodes.size(); ++i) {
    nodes.front().Command({"CLUSTER", "MEET", layout.meet_host,
                           std::to_string(nodes[i].endpoint().port), BusPort(nodes[i])});
  }
  const std::size_t total = nodes.size();
  WaitForAll(nodes, deadline, timeout, [total](client::Connection& node) {
    const client::Info info = client::ParseInfo(node.Command({"CLUSTER", "INFO"}).AsString());
    const std::string known = info.Get("cluster_known_nodes").value_or("?");
    return known == std::to_string(total)
               ? ""
               : "knows " + known + " of " + std::to_string(total) + " nodes";
  });
  for (std::size_t r = 0; r < layout.replicas.size(); ++r) {
    const std::string id = NodeId(nodes[r % layout.masters.size()]);
    client::Connection& replica = nodes[layout.masters.size() + r];
    // "ERR Unknown node" until the replica has finished its handshake with that master.
    WaitForAll(nodes, deadline, timeout, [&replica, &id](client::Connection& node) -> std::string {
      if (&node != &replica) return "";
      try {
        node.Command({"CLUSTER", "REPLICATE", id});
        return "";
      } catch (const client::ReplyError& error) {
        return std::string("refuses CLUSTER REPLICATE: ") + error.what();
      }
    });
  }
  WaitForAll(nodes, deadline, timeout,
             [total](client::Connection& node) { return Lacking(node, total); });
}

}  // namespace redis_testkit::containers::internal
