// REDIS_TESTKIT_TOPOLOGY=cluster: one Instance made of per-node Instances of one runtime (process,
// podman, docker), each a standalone start with the cluster directives added, formed into a Redis
// Cluster by FormCluster. Node i (1-based) is called "<name>.node-<i>": masters first, then
// replicas, so Find() rebuilds the cluster from the names alone (process records or containers)
// and every node keeps the crash safety of a single server (its own record or container, its
// death signal or watchdog, the sweep).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "instance.h"

namespace redis_testkit::containers::internal {

class ClusterInstance : public Instance {
 public:
  // Starts one standalone node with `node_config` (cluster directives in its settings, port 0 or
  // the configured one) under `node_name`, and returns it answering PING with its cap checked.
  // Throws StartError.
  using NodeStarter = std::function<std::unique_ptr<Instance>(const ServerConfig& node_config,
                                                              const std::string& node_name)>;
  // The instance of `node_name` when it exists, else nullptr.
  using NodeFinder = std::function<std::unique_ptr<Instance>(const std::string& node_name)>;

  struct Request {
    ServerConfig config;    // topology kCluster; cluster_masters, cluster_replicas, port, cap
    std::string name;       // resolved: never empty
    bool parallel = false;  // start and stop the nodes from threads (containers, not processes)
    NodeStarter start_node;
  };

  // Starts masters * (1 + replicas) nodes (the first on config.port when it is set, the others
  // on free ports), forms the cluster and returns once every node says cluster_state:ok, all
  // within config.startup_timeout. On failure every started node is stopped and StartError names
  // the node and carries its last log lines.
  static std::unique_ptr<Instance> Start(const Request& request);
  // The cluster whose first node is "<name>.node-1" and the following ones, or nullptr.
  static std::unique_ptr<Instance> Find(const std::string& name, const ServerConfig& config,
                                        const NodeFinder& find_node);
  // "<name>.node-<index>", index from 1.
  static std::string NodeName(const std::string& name, int index);

  ClusterInstance(std::string name, std::vector<std::unique_ptr<Instance>> nodes, int masters,
                  bool parallel);

  const client::Endpoint& endpoint() const override { return nodes_.front()->endpoint(); }
  const std::string& name() const override { return name_; }
  Runtime runtime() const override { return nodes_.front()->runtime(); }
  long long container_memory_limit() const override;
  Topology topology() const override { return Topology::kCluster; }
  std::vector<client::Endpoint> nodes() const override;
  int master_count() const override { return masters_; }

  std::optional<std::string> CheckExited() override;  // the first node that is gone
  std::string Logs(int last_lines) const override;    // every node's, under a heading
  void Stop() noexcept override;                      // every node

  // Kill, Shutdown and Launch take the whole cluster down or up, which its tests do not want
  // (a failover test kills one node): they throw std::logic_error saying so. Pause, Resume and
  // Revive apply to every node.
  void Kill() override;
  void Shutdown(std::chrono::milliseconds timeout) override;
  void Launch() override;
  void Pause() override;
  void Resume() override;
  void Revive() override;

 private:
  void ForEachNode(const std::function<void(Instance&)>& action);

  std::string name_;
  std::vector<std::unique_ptr<Instance>> nodes_;
  int masters_;
  bool parallel_;
};

}  // namespace redis_testkit::containers::internal
