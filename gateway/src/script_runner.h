// Runs one server-side Lua script by SHA: EVALSHA, and on NOSCRIPT (after SCRIPT FLUSH, a restart
// or a failover) SCRIPT LOAD then EVALSHA again. The SHA is computed locally, so the first call
// needs no extra round trip when the server already holds the script.
#pragma once

#include <atomic>
#include <string>
#include <utility>
#include <vector>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/reply.h"

namespace signal_gateway {

class ScriptRunner {
 public:
  explicit ScriptRunner(std::string source);

  // EVALSHA sha <keys.size()> keys... args...; reloads once on NoScriptError.
  redis_testkit::client::Reply Run(redis_testkit::client::Connection& connection,
                                   const std::vector<std::string>& keys,
                                   const std::vector<std::string>& args);
  // One EVALSHA per call (keys, args), all in one pipelined round trip; replies in order, error
  // replies kept in place. Calls answered NOSCRIPT are run again (one more round trip) after a
  // SCRIPT LOAD. I/O errors and timeouts throw.
  using Call = std::pair<std::vector<std::string>, std::vector<std::string>>;
  std::vector<redis_testkit::client::Reply> RunBatch(redis_testkit::client::Connection& connection,
                                                     const std::vector<Call>& calls);
  // Throws the client error an error reply stands for (OomError, NoScriptError, ReplyError).
  static void ThrowIfError(const redis_testkit::client::Reply& reply);
  // SCRIPT LOAD; throws std::runtime_error if the server's SHA differs from ours.
  void Load(redis_testkit::client::Connection& connection);

  const std::string& sha() const { return sha_; }
  const std::string& source() const { return source_; }
  long long loads() const { return loads_.load(); }  // SCRIPT LOADs issued so far

 private:
  std::vector<std::string> EvalSha(const Call& call) const;

  std::string source_;
  std::string sha_;
  std::atomic<long long> loads_{0};
};

}  // namespace signal_gateway
