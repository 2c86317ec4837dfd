#include "script_runner.h"

#include <stdexcept>

#include "redis_testkit/client/errors.h"
#include "signal_gateway/fingerprint.h"

namespace signal_gateway {

namespace client = redis_testkit::client;

ScriptRunner::ScriptRunner(std::string source)
    : source_(std::move(source)), sha_(Sha1Hex(source_)) {}

client::Reply ScriptRunner::Run(client::Connection& connection,
                                const std::vector<std::string>& keys,
                                const std::vector<std::string>& args) {
  std::vector<std::string> command;
  command.reserve(3 + keys.size() + args.size());
  command.push_back("EVALSHA");
  command.push_back(sha_);
  command.push_back(std::to_string(keys.size()));
  command.insert(command.end(), keys.begin(), keys.end());
  command.insert(command.end(), args.begin(), args.end());
  try {
    return connection.Command(command);
  } catch (const client::NoScriptError&) {
    Load(connection);
    return connection.Command(command);
  }
}

void ScriptRunner::Load(client::Connection& connection) {
  const client::Reply reply = connection.Command({"SCRIPT", "LOAD", source_});
  loads_.fetch_add(1);
  if (reply.AsString() != sha_) {
    throw std::runtime_error("SCRIPT LOAD on " + connection.endpoint().ToString() +
                             " returned SHA " + reply.AsString() + ", expected " + sha_);
  }
}

}  // namespace signal_gateway
