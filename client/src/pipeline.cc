// Pipeline: queue commands, one write, all replies.
#include "redis_testkit/client/pipeline.h"

#include <string>
#include <utility>

#include "error_translation.h"
#include "redis_testkit/client/connection.h"

namespace redis_testkit::client {

Pipeline& Pipeline::Add(std::initializer_list<std::string_view> args) {
  std::vector<std::string> command;
  command.reserve(args.size());
  for (std::string_view arg : args) command.emplace_back(arg);
  commands_.push_back(std::move(command));
  return *this;
}

Pipeline& Pipeline::Add(std::vector<std::string> args) {
  commands_.push_back(std::move(args));
  return *this;
}

std::vector<Reply> Pipeline::Execute() {
  // Empty the pipeline first, so it is reusable whatever happens below.
  std::vector<std::vector<std::string>> commands = std::move(commands_);
  commands_.clear();
  if (commands.empty()) return {};

  const std::vector<std::string>& first = commands.front();
  const std::string what =
      "pipeline of " + std::to_string(commands.size()) + " commands (first " +
      internal::CommandName(first.empty() ? std::string_view() : std::string_view(first[0]),
                            first.size() > 1 ? std::string_view(first[1]) : std::string_view()) +
      ")";
  std::vector<std::string_view> args;
  for (const std::vector<std::string>& command : commands) {
    args.assign(command.begin(), command.end());
    connection_->Append(args);
  }
  return connection_->ReadReplies(commands.size(), what);
}

}  // namespace redis_testkit::client
