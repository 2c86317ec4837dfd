// One link to Redis as the gateway's pool hands it out (connection_pool.h): a connection to one
// server, or a routing connection to a Redis Cluster (client::ClusterConnection: each command goes
// to the master of its first key's slot; MOVED, ASK, TRYAGAIN and CLUSTERDOWN are followed within
// the command timeout). The keys of one signal share a hash tag, so each script call runs on one
// node; a batch's calls are split by node (client::ClusterPipeline). Not synchronised: one thread
// uses a session at a time.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "redis_testkit/client/cluster_slot_map.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/client/reply.h"

namespace redis_testkit::client {
class ClusterConnection;
}

namespace signal_gateway {

class RedisSession {
 public:
  // One server at options.endpoint, or (cluster) a Redis Cluster reached through it or through
  // one of `more_seeds` (nodes learned earlier: the first seed may be the node that died). Throws
  // the client's errors (IoError when nothing answers).
  RedisSession(const redis_testkit::client::ConnectionOptions& options, bool cluster,
               const std::vector<redis_testkit::client::Endpoint>& more_seeds = {});
  ~RedisSession();
  RedisSession(RedisSession&& other) noexcept;
  RedisSession& operator=(RedisSession&& other) noexcept;
  RedisSession(const RedisSession&) = delete;
  RedisSession& operator=(const RedisSession&) = delete;

  // One command, routed by its first key on a cluster. Error replies are thrown
  // (ReplyError / OomError / NoScriptError), as client::Connection::Command throws them.
  redis_testkit::client::Reply Command(const std::vector<std::string>& args);
  redis_testkit::client::Reply Command(std::initializer_list<std::string_view> args);
  // The commands in one pipelined round trip (one per node on a cluster); replies in order, error
  // replies kept in place; I/O errors and timeouts throw.
  std::vector<redis_testkit::client::Reply> Execute(
      const std::vector<std::vector<std::string>>& commands);

  // The node that serves `key` now (the server itself when not a cluster).
  redis_testkit::client::ClusterNodeAddress NodeOf(std::string_view key);
  // Every master (the server itself when not a cluster).
  std::vector<redis_testkit::client::ClusterNodeAddress> Nodes();
  // `args` on `node` itself, not routed (SCRIPT LOAD where a node lacks a script). Throws as
  // Command.
  redis_testkit::client::Reply CommandOn(const redis_testkit::client::ClusterNodeAddress& node,
                                         const std::vector<std::string>& args);
  // PING on every node; throws unless each answers PONG.
  void Ping();

  // Whether the session serves further calls after an I/O error: a cluster session reconnects
  // node by node and has reloaded its slot map (a failover's new master is found once the cluster
  // knows it); a single server's connection is closed by the error.
  bool usable() const;
  bool cluster() const { return cluster_ != nullptr; }
  // For messages: "127.0.0.1:6379/0", or "Redis Cluster via 127.0.0.1:7000/0".
  std::string Describe() const;

 private:
  // Runs fn; on a cluster, an I/O error first reloads the slot map (best effort), then propagates.
  template <typename Fn>
  auto Guarded(Fn&& fn) -> decltype(fn());
  void ReloadSlotMapQuietly() noexcept;

  redis_testkit::client::ConnectionOptions options_;
  std::unique_ptr<redis_testkit::client::Connection> server_;
  std::unique_ptr<redis_testkit::client::ClusterConnection> cluster_;
};

}  // namespace signal_gateway
