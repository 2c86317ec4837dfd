// A pipeline over a Redis Cluster: the commands are split by the node serving their first key,
// each node gets its part in one write, and the replies come back in the order the commands were
// added. A command a node turns away (MOVED, ASK, TRYAGAIN, CLUSTERDOWN) is routed again on its
// own, as ClusterConnection::Command routes it, and its reply takes its place.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "redis_testkit/client/reply.h"

namespace redis_testkit::client {

class ClusterConnection;

class ClusterPipeline {
 public:
  explicit ClusterPipeline(ClusterConnection& cluster) : cluster_(&cluster) {}

  ClusterPipeline& Add(std::initializer_list<std::string_view> args);
  ClusterPipeline& Add(std::vector<std::string> args);
  std::size_t size() const { return commands_.size(); }

  // One reply per command, in the order added. Error replies stay in place as kError (as in
  // Pipeline); I/O errors and timeouts throw. Each node's part is bounded by the command timeout.
  // The pipeline is empty afterwards and can be reused.
  std::vector<Reply> Execute();

 private:
  ClusterConnection* cluster_;  // not owned; must outlive the pipeline
  std::vector<std::vector<std::string>> commands_;
};

}  // namespace redis_testkit::client
