// Commands collected for one RedisSession::Execute: one pipelined round trip (one per node on a
// Redis Cluster). Replies in the order added, error replies in place; empty again afterwards.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "redis_testkit/client/reply.h"
#include "signal_gateway/redis_session.h"

namespace signal_gateway {

class SessionPipeline {
 public:
  explicit SessionPipeline(RedisSession& session) : session_(&session) {}

  SessionPipeline& Add(std::vector<std::string> command) {
    commands_.push_back(std::move(command));
    return *this;
  }
  std::vector<redis_testkit::client::Reply> Execute() {
    std::vector<std::vector<std::string>> commands = std::move(commands_);
    commands_.clear();
    return session_->Execute(commands);
  }

 private:
  RedisSession* session_;  // not owned
  std::vector<std::vector<std::string>> commands_;
};

}  // namespace signal_gateway
