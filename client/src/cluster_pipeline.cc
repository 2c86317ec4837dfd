// ClusterPipeline: split by node, one write per node, replies back in the caller's order.
#include "redis_testkit/client/cluster_pipeline.h"

#include <utility>

#include "redis_testkit/client/cluster_connection.h"
#include "redis_testkit/client/cluster_redirect.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/pipeline.h"

namespace redis_testkit::client {
namespace {

std::vector<std::string_view> Views(const std::vector<std::string>& command) {
  return {command.begin(), command.end()};
}

// One node's share: its address and the indices (in the caller's order) of its commands.
struct NodePart {
  ClusterNodeAddress node;
  std::vector<std::size_t> indices;
};

}  // namespace

ClusterPipeline& ClusterPipeline::Add(std::initializer_list<std::string_view> args) {
  std::vector<std::string> command;
  command.reserve(args.size());
  for (std::string_view arg : args) command.emplace_back(arg);
  commands_.push_back(std::move(command));
  return *this;
}

ClusterPipeline& ClusterPipeline::Add(std::vector<std::string> args) {
  commands_.push_back(std::move(args));
  return *this;
}

std::vector<Reply> ClusterPipeline::Execute() {
  std::vector<std::vector<std::string>> commands = std::move(commands_);
  commands_.clear();
  if (commands.empty()) return {};

  std::vector<NodePart> parts;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const ClusterNodeAddress node = cluster_->TargetOf(Views(commands[i]));
    auto part = parts.begin();
    while (part != parts.end() && !(part->node.host == node.host && part->node.port == node.port)) {
      ++part;
    }
    if (part == parts.end()) part = parts.insert(parts.end(), NodePart{node, {}});
    part->indices.push_back(i);
  }

  std::vector<Reply> replies(commands.size());
  std::size_t filled = 0;
  for (const NodePart& part : parts) {
    Pipeline pipeline(cluster_->Node(part.node));
    for (const std::size_t index : part.indices) pipeline.Add(commands[index]);
    std::vector<Reply> node_replies = pipeline.Execute();
    for (std::size_t j = 0; j < part.indices.size(); ++j) {
      replies[part.indices[j]] = std::move(node_replies[j]);
      ++filled;
    }
  }
  if (filled != commands.size()) {
    throw Error("cluster pipeline: " + std::to_string(filled) + " replies for " +
                std::to_string(commands.size()) + " commands");
  }

  // Commands a node turned away: routed again one by one (the first MOVED refreshes the map).
  for (std::size_t i = 0; i < replies.size(); ++i) {
    if (!replies[i].IsError()) continue;
    const std::string& text = replies[i].AsString();
    if (ParseClusterRedirect(text) || IsTransientClusterError(text)) {
      replies[i] = cluster_->Route(Views(commands[i]));
    }
  }
  return replies;
}

}  // namespace redis_testkit::client
