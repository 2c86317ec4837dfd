// Runs one server-side Lua script by SHA: EVALSHA, and on NOSCRIPT (after SCRIPT FLUSH, a restart
// or a failover) SCRIPT LOAD then EVALSHA again. The SHA is computed locally, so the first call
// needs no extra round trip when the server already holds the script. On a Redis Cluster each node
// has its own script cache: the script is loaded on the node that answered NOSCRIPT (the node of
// the call's keys' slot), not on another.
#pragma once

#include <atomic>
#include <string>
#include <utility>
#include <vector>

#include "redis_testkit/client/cluster_slot_map.h"
#include "redis_testkit/client/reply.h"
#include "signal_gateway/redis_session.h"

namespace signal_gateway {

class ScriptRunner {
 public:
  explicit ScriptRunner(std::string source);

  // EVALSHA sha <keys.size()> keys... args...; reloads once on NoScriptError.
  redis_testkit::client::Reply Run(RedisSession& session, const std::vector<std::string>& keys,
                                   const std::vector<std::string>& args);
  // One EVALSHA per call (keys, args), all in one pipelined round trip; replies in order, error
  // replies kept in place. Calls answered NOSCRIPT are run again (one more round trip) after a
  // SCRIPT LOAD on their nodes. I/O errors and timeouts throw.
  using Call = std::pair<std::vector<std::string>, std::vector<std::string>>;
  std::vector<redis_testkit::client::Reply> RunBatch(RedisSession& session,
                                                     const std::vector<Call>& calls);
  // Throws the client error an error reply stands for (OomError, NoScriptError, ReplyError).
  static void ThrowIfError(const redis_testkit::client::Reply& reply);
  // SCRIPT LOAD on every node (every master of a cluster); throws std::runtime_error if a
  // server's SHA differs from ours.
  void Load(RedisSession& session);

  const std::string& sha() const { return sha_; }
  const std::string& source() const { return source_; }
  long long loads() const { return loads_.load(); }  // SCRIPT LOADs issued so far

 private:
  // A cluster's slot may move between the NOSCRIPT and the retry, to a node without the script.
  static constexpr int kLoadRounds = 3;

  std::vector<std::string> EvalSha(const Call& call) const;
  // SCRIPT LOAD on one node.
  void LoadOn(RedisSession& session, const redis_testkit::client::ClusterNodeAddress& node);
  // Where the call runs: the node of its first key (every node for a keyless call).
  std::vector<redis_testkit::client::ClusterNodeAddress> NodesOf(RedisSession& session,
                                                                 const Call& call) const;

  std::string source_;
  std::string sha_;
  std::atomic<long long> loads_{0};
};

}  // namespace signal_gateway
