// ClusterInstance: start the nodes, FormCluster, and treat the nodes as one instance.
#include "cluster_instance.h"

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <thread>

#include "cluster_formation.h"
#include "free_port.h"
#include "redis_command_line.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/info.h"
#include "redis_testkit/containers/redis_server.h"

namespace redis_testkit::containers::internal {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int kBusPortAttempts = 3;
constexpr int kLogLinesPerNode = 10;

milliseconds Remaining(Clock::time_point deadline) {
  return std::max(milliseconds(1),
                  std::chrono::duration_cast<milliseconds>(deadline - Clock::now()));
}

// Node `index` (0-based) as a standalone server with the cluster directives: the first on the
// configured port, the others (and the bus ports) on free ones.
ServerConfig NodeConfig(const ServerConfig& config, std::size_t index, milliseconds timeout) {
  ServerConfig node = config;
  node.topology = Topology::kStandalone;
  node.port = index == 0 ? config.port : 0;
  node.startup_timeout = timeout;
  ClusterNodeOptions cluster;
  cluster.bus_port = PickFreePort();
  const auto settings = ClusterNodeSettings(cluster);
  node.settings.insert(node.settings.end(), settings.begin(), settings.end());
  return node;
}

// One node, tried again with other free ports when another process took one in between.
std::unique_ptr<Instance> StartNode(const ClusterInstance::Request& request, std::size_t index,
                                    Clock::time_point deadline) {
  const std::string node_name =
      ClusterInstance::NodeName(request.name, static_cast<int>(index + 1));
  for (int attempt = 1;; ++attempt) {
    try {
      // Readiness refuses another server on the node's port (its identity is the node's name).
      return request.start_node(NodeConfig(request.config, index, Remaining(deadline)), node_name);
    } catch (const StartError& error) {
      if (!PortWasTaken(error) || attempt == kBusPortAttempts || Clock::now() >= deadline) {
        throw StartError("Redis Cluster " + request.name + ": node " + std::to_string(index + 1) +
                             " (" + node_name + ") did not start: " + error.problem(),
                         error.server_logs());
      }
    }
  }
}

// Every node, from threads when `parallel`; the first failure is rethrown once all have ended
// (the nodes that did start are in the result, so the caller stops them).
std::vector<std::unique_ptr<Instance>> StartNodes(const ClusterInstance::Request& request,
                                                  std::size_t count, Clock::time_point deadline,
                                                  std::exception_ptr& failure) {
  std::vector<std::unique_ptr<Instance>> nodes(count);
  std::vector<std::exception_ptr> failures(count);
  const auto start = [&](std::size_t i) {
    try {
      nodes[i] = StartNode(request, i, deadline);
    } catch (...) {
      failures[i] = std::current_exception();
    }
  };
  if (request.parallel) {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < count; ++i) threads.emplace_back(start, i);
  } else {
    for (std::size_t i = 0; i < count; ++i) {
      start(i);
      if (failures[i]) break;  // one after the other: no point starting the rest
    }
  }
  for (const std::exception_ptr& error : failures) {
    if (error && !failure) failure = error;
  }
  return nodes;
}

std::string Heading(const Instance& node) {
  return "== " + node.name() + " (" + node.endpoint().ToString() + ") ==\n";
}

}  // namespace

std::string ClusterInstance::NodeName(const std::string& name, int index) {
  return name + ".node-" + std::to_string(index);
}

ClusterInstance::ClusterInstance(std::string name, std::vector<std::unique_ptr<Instance>> nodes,
                                 int masters, bool parallel)
    : name_(std::move(name)), nodes_(std::move(nodes)), masters_(masters), parallel_(parallel) {}

std::unique_ptr<Instance> ClusterInstance::Start(const Request& request) {
  const ServerConfig& config = request.config;
  const Clock::time_point deadline = Clock::now() + config.startup_timeout;
  const auto count =
      static_cast<std::size_t>(config.cluster_masters) * (1 + config.cluster_replicas);
  std::exception_ptr failure;
  std::vector<std::unique_ptr<Instance>> started = StartNodes(request, count, deadline, failure);
  std::vector<std::unique_ptr<Instance>> nodes;
  for (std::unique_ptr<Instance>& node : started) {
    if (node) nodes.push_back(std::move(node));
  }
  auto cluster = std::make_unique<ClusterInstance>(request.name, std::move(nodes),
                                                   config.cluster_masters, request.parallel);
  if (failure) {
    cluster->Stop();
    std::rethrow_exception(failure);
  }
  ClusterLayout layout;
  for (std::size_t i = 0; i < count; ++i) {
    const client::Endpoint& endpoint = cluster->nodes_[i]->endpoint();
    (i < static_cast<std::size_t>(config.cluster_masters) ? layout.masters : layout.replicas)
        .push_back(endpoint);
  }
  try {
    FormCluster(layout, Remaining(deadline));
  } catch (const std::exception& error) {
    FailStart(*cluster, "Redis Cluster " + request.name + " did not form: " + error.what());
  }
  return cluster;
}

std::unique_ptr<Instance> ClusterInstance::Find(const std::string& name, const ServerConfig& config,
                                                const NodeFinder& find_node) {
  std::vector<std::unique_ptr<Instance>> nodes;
  while (std::unique_ptr<Instance> node =
             find_node(NodeName(name, static_cast<int>(nodes.size()) + 1))) {
    nodes.push_back(std::move(node));
  }
  if (nodes.empty()) return nullptr;
  // The masters it was started with; CLUSTER INFO's cluster_size when the first node answers.
  int masters = std::min(config.cluster_masters, static_cast<int>(nodes.size()));
  try {
    client::Connection first(
        {nodes.front()->endpoint(), config.command_timeout, config.command_timeout});
    const client::Info info = client::ParseInfo(first.Command({"CLUSTER", "INFO"}).AsString());
    masters = std::stoi(info.Get("cluster_size").value_or(std::to_string(masters)));
  } catch (const std::exception&) {  // a stopped cluster: the configured count
  }
  const bool parallel = nodes.front()->runtime() != Runtime::kProcess;
  return std::make_unique<ClusterInstance>(name, std::move(nodes), masters, parallel);
}

long long ClusterInstance::container_memory_limit() const {
  return nodes_.front()->container_memory_limit();
}

std::vector<client::Endpoint> ClusterInstance::nodes() const {
  std::vector<client::Endpoint> endpoints;
  for (const auto& node : nodes_) endpoints.push_back(node->endpoint());
  return endpoints;
}

std::optional<std::string> ClusterInstance::CheckExited() {
  for (const auto& node : nodes_) {
    if (std::optional<std::string> exited = node->CheckExited()) {
      return "Redis Cluster " + name_ + ": node " + node->name() + ": " + *exited;
    }
  }
  return std::nullopt;
}

std::string ClusterInstance::Logs(int last_lines) const {
  std::string logs;
  const int per_node = std::min(last_lines, kLogLinesPerNode);
  for (const auto& node : nodes_) logs += Heading(*node) + node->Logs(per_node);
  return logs;
}

void ClusterInstance::Stop() noexcept {
  if (!parallel_) {
    for (const auto& node : nodes_) node->Stop();
    return;
  }
  try {
    std::vector<std::jthread> threads;
    for (const auto& node : nodes_) threads.emplace_back([&node] { node->Stop(); });
  } catch (const std::exception&) {  // no thread: the rest one after the other (Stop is idempotent)
    for (const auto& node : nodes_) node->Stop();
  }
}

namespace {
[[noreturn]] void WholeClusterControl(const std::string& name, const char* what) {
  throw std::logic_error(
      std::string("redis-testkit cannot ") + what + " the Redis Cluster " + name +
      " as a whole (REDIS_TESTKIT_TOPOLOGY=cluster): server control on a cluster supports "
      "Pause, Resume and Revive of every node; to take one node down, connect to it (nodes()) "
      "and send SHUTDOWN NOSAVE or DEBUG SLEEP");
}
}  // namespace

void ClusterInstance::Kill() { WholeClusterControl(name_, "kill"); }
void ClusterInstance::Shutdown(std::chrono::milliseconds) { WholeClusterControl(name_, "stop"); }
void ClusterInstance::Launch() { WholeClusterControl(name_, "start"); }
void ClusterInstance::Pause() {
  ForEachNode([](Instance& node) { node.Pause(); });
}
void ClusterInstance::Resume() {
  ForEachNode([](Instance& node) { node.Resume(); });
}
void ClusterInstance::Revive() {
  ForEachNode([](Instance& node) { node.Revive(); });
}

void ClusterInstance::ForEachNode(const std::function<void(Instance&)>& action) {
  for (const auto& node : nodes_) action(*node);
}

}  // namespace redis_testkit::containers::internal
