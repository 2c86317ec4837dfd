#include "script_runner.h"

#include <stdexcept>

#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/pipeline.h"
#include "signal_gateway/fingerprint.h"

namespace signal_gateway {

namespace client = redis_testkit::client;

ScriptRunner::ScriptRunner(std::string source)
    : source_(std::move(source)), sha_(Sha1Hex(source_)) {}

std::vector<std::string> ScriptRunner::EvalSha(const Call& call) const {
  const auto& [keys, args] = call;
  std::vector<std::string> command;
  command.reserve(3 + keys.size() + args.size());
  command.push_back("EVALSHA");
  command.push_back(sha_);
  command.push_back(std::to_string(keys.size()));
  command.insert(command.end(), keys.begin(), keys.end());
  command.insert(command.end(), args.begin(), args.end());
  return command;
}

void ScriptRunner::ThrowIfError(const client::Reply& reply) {
  if (!reply.IsError()) return;
  const std::string& message = reply.AsString();
  if (message.rfind("NOSCRIPT", 0) == 0) throw client::NoScriptError(message);
  if (message.rfind("OOM", 0) == 0) throw client::OomError(message);
  throw client::ReplyError(message);
}

std::vector<client::Reply> ScriptRunner::RunBatch(client::Connection& connection,
                                                  const std::vector<Call>& calls) {
  client::Pipeline pipeline = connection.MakePipeline();
  for (const Call& call : calls) pipeline.Add(EvalSha(call));
  std::vector<client::Reply> replies = pipeline.Execute();
  std::vector<std::size_t> again;
  for (std::size_t i = 0; i < replies.size(); ++i) {
    if (replies[i].IsError() && replies[i].AsString().rfind("NOSCRIPT", 0) == 0) again.push_back(i);
  }
  if (again.empty()) return replies;
  Load(connection);  // NOSCRIPT: the call did not run, running it again is safe
  for (std::size_t i : again) pipeline.Add(EvalSha(calls[i]));
  std::vector<client::Reply> rerun = pipeline.Execute();
  for (std::size_t j = 0; j < again.size(); ++j) replies[again[j]] = std::move(rerun[j]);
  return replies;
}

client::Reply ScriptRunner::Run(client::Connection& connection,
                                const std::vector<std::string>& keys,
                                const std::vector<std::string>& args) {
  const std::vector<std::string> command = EvalSha({keys, args});
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
