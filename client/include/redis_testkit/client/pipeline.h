// Pipelining: queue many commands, send them in one write, read all replies.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "redis_testkit/client/reply.h"

namespace redis_testkit::client {

class Connection;

class Pipeline {
 public:
  explicit Pipeline(Connection& connection) : connection_(&connection) {}

  Pipeline& Add(std::initializer_list<std::string_view> args);
  Pipeline& Add(std::vector<std::string> args);
  std::size_t size() const { return commands_.size(); }

  // Sends all queued commands and returns one reply per command, in order. Error replies are kept
  // in place as Reply::Type::kError (one bad key must not hide the other replies); I/O errors and
  // timeouts throw. The pipeline is empty afterwards and can be reused.
  std::vector<Reply> Execute();

 private:
  Connection* connection_;  // not owned; must outlive the pipeline
  std::vector<std::vector<std::string>> commands_;
};

}  // namespace redis_testkit::client
