#include "script_runner.h"

#include <algorithm>
#include <stdexcept>

#include "redis_testkit/client/errors.h"
#include "session_pipeline.h"
#include "signal_gateway/fingerprint.h"

namespace signal_gateway {

namespace client = redis_testkit::client;

namespace {

bool IsNoScript(const client::Reply& reply) {
  return reply.IsError() && reply.AsString().rfind("NOSCRIPT", 0) == 0;
}

}  // namespace

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

std::vector<client::ClusterNodeAddress> ScriptRunner::NodesOf(RedisSession& session,
                                                              const Call& call) const {
  if (call.first.empty()) return session.Nodes();
  return {session.NodeOf(call.first.front())};
}

std::vector<client::Reply> ScriptRunner::RunBatch(RedisSession& session,
                                                  const std::vector<Call>& calls) {
  SessionPipeline pipeline(session);
  for (const Call& call : calls) pipeline.Add(EvalSha(call));
  std::vector<client::Reply> replies = pipeline.Execute();
  for (int round = 0; round < kLoadRounds; ++round) {
    std::vector<std::size_t> again;
    for (std::size_t i = 0; i < replies.size(); ++i) {
      if (IsNoScript(replies[i])) again.push_back(i);
    }
    if (again.empty()) break;
    // NOSCRIPT: the call did not run, running it again is safe. Each node lacking the script
    // gets it once.
    std::vector<client::ClusterNodeAddress> nodes;
    for (std::size_t i : again) {
      for (const client::ClusterNodeAddress& node : NodesOf(session, calls[i])) {
        if (std::find(nodes.begin(), nodes.end(), node) == nodes.end()) nodes.push_back(node);
      }
    }
    for (const client::ClusterNodeAddress& node : nodes) LoadOn(session, node);
    for (std::size_t i : again) pipeline.Add(EvalSha(calls[i]));
    std::vector<client::Reply> rerun = pipeline.Execute();
    for (std::size_t j = 0; j < again.size(); ++j) replies[again[j]] = std::move(rerun[j]);
  }
  return replies;
}

client::Reply ScriptRunner::Run(RedisSession& session, const std::vector<std::string>& keys,
                                const std::vector<std::string>& args) {
  const Call call{keys, args};
  const std::vector<std::string> command = EvalSha(call);
  try {
    return session.Command(command);
  } catch (const client::NoScriptError&) {
    for (const client::ClusterNodeAddress& node : NodesOf(session, call)) LoadOn(session, node);
    return session.Command(command);
  }
}

void ScriptRunner::Load(RedisSession& session) {
  for (const client::ClusterNodeAddress& node : session.Nodes()) LoadOn(session, node);
}

void ScriptRunner::LoadOn(RedisSession& session, const client::ClusterNodeAddress& node) {
  const client::Reply reply = session.CommandOn(node, {"SCRIPT", "LOAD", source_});
  loads_.fetch_add(1);
  if (reply.AsString() != sha_) {
    throw std::runtime_error("SCRIPT LOAD on " + node.Address() + " (" + session.Describe() +
                             ") returned SHA " + reply.AsString() + ", expected " + sha_);
  }
}

}  // namespace signal_gateway
