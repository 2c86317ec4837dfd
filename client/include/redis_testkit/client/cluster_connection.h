// A connection to a Redis Cluster that routes by itself: each command goes to the master serving
// its first key's slot (cluster_slots.h), learned from CLUSTER SLOTS; MOVED refreshes the slot map
// and retries on the named node; ASK sends ASKING plus the command to the named node once (the map
// stays); TRYAGAIN and CLUSTERDOWN are retried with a short backoff. A whole call - redirects and
// retries included - is bounded by command_timeout; every socket has its own timeout as well.
//
//   redis_testkit::client::ClusterConnection cluster({.seeds = {endpoint}});
//   cluster.Command({"SET", "{user:42}.name", "Ada"});
//   auto replies = cluster.MakePipeline().Add({"GET", "a"}).Add({"GET", "b"}).Execute();
//
// Keyless commands (PING, INFO, DBSIZE, FLUSHALL, SCAN) go to one node, the seed that answered
// first; reach every master with Masters() and Node(). Multi-key commands are routed by their
// first key: keys of different slots get the server's CROSSSLOT error. Only database 0 exists on
// a cluster. Not synchronised: one object per thread.
#pragma once

#include <chrono>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "redis_testkit/client/cluster_slot_map.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/client/reply.h"

namespace redis_testkit::client {

class ClusterPipeline;

struct ClusterOptions {
  // Nodes to start from (any node of the cluster will do; the others are tried when one does not
  // answer). Their password and user are used on every node; db must be 0.
  std::vector<Endpoint> seeds;
  std::chrono::milliseconds connect_timeout{2000};
  // Bounds one routed call, redirects and TRYAGAIN / CLUSTERDOWN retries included.
  std::chrono::milliseconds command_timeout{2000};
  int max_redirects = 16;  // MOVED / ASK hops per call before its last error is returned
};

// What routing did so far (for tests and diagnostics).
struct ClusterCounters {
  long long moved = 0;      // MOVED replies followed
  long long ask = 0;        // ASK replies followed (each with one ASKING)
  long long retries = 0;    // TRYAGAIN / CLUSTERDOWN retries
  long long refreshes = 0;  // slot map reloads (CLUSTER SLOTS)
};

class ClusterConnection {
 public:
  // Connects to the first seed that answers and loads its slot map. Throws std::invalid_argument
  // for no seed or a db other than 0, client::Error when no seed answers or the node is not in
  // cluster mode (the message says so).
  explicit ClusterConnection(ClusterOptions options);
  ~ClusterConnection();
  ClusterConnection(ClusterConnection&& other) noexcept;
  ClusterConnection& operator=(ClusterConnection&& other) noexcept;
  ClusterConnection(const ClusterConnection&) = delete;
  ClusterConnection& operator=(const ClusterConnection&) = delete;

  // Routes one command and returns its reply. Error replies are thrown as Connection::Command
  // throws them (ReplyError / OomError / NoScriptError), after redirects and retries.
  Reply Command(std::initializer_list<std::string_view> args);
  Reply Command(const std::vector<std::string>& args);
  Reply Command(const std::vector<std::string_view>& args);

  // A pipeline split by node (see cluster_pipeline.h).
  ClusterPipeline MakePipeline();

  // The slot of the command's first key; std::nullopt for a keyless command.
  std::optional<int> SlotOf(const std::vector<std::string_view>& args);
  // Reloads the slot map (CLUSTER SLOTS) from the first node that answers.
  void RefreshSlotMap();
  const ClusterSlotMap& slot_map() const;
  const std::vector<ClusterNodeAddress>& Masters() const { return slot_map().masters(); }
  // The connection to one node (opened on first use), e.g. INFO or FLUSHALL on every master.
  Connection& Node(const ClusterNodeAddress& node);
  const ClusterCounters& counters() const;
  const ClusterOptions& options() const;

 private:
  friend class ClusterPipeline;
  struct State;
  // The node a command goes to first: its slot's master, else the default node.
  ClusterNodeAddress TargetOf(const std::vector<std::string_view>& args);
  // Routes a command; error replies come back as kError replies (I/O errors throw).
  Reply Route(const std::vector<std::string_view>& args);
  Reply Send(const ClusterNodeAddress& node, const std::vector<std::string_view>& args, bool asking,
             std::chrono::milliseconds timeout);
  void OnMoved(int slot, const ClusterNodeAddress& node);
  void LoadCommandTable();

  std::unique_ptr<State> state_;
};

}  // namespace redis_testkit::client
