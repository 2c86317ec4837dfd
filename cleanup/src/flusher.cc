// Flusher: mode resolution, the remote-flush safeguard, FLUSHALL/FLUSHDB SYNC.
#include "redis_testkit/cleanup/flusher.h"

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"

namespace redis_testkit::cleanup {

Flusher::Flusher(const CleanupConfig& config, bool server_owned)
    : mode_(config.flush),
      allow_remote_flush_(config.allow_remote_flush),
      server_owned_(server_owned) {}

FlushMode Flusher::Resolve(const client::Endpoint& endpoint) const {
  FlushMode mode = mode_;
  if (mode == FlushMode::kAuto) mode = server_owned_ ? FlushMode::kFlushAll : FlushMode::kFlushDb;
  if (mode == FlushMode::kNone || server_owned_ || allow_remote_flush_ || endpoint.IsLoopback()) {
    return mode;
  }
  throw FlushRefused(
      std::string("redis-testkit refuses to ") +
      (mode == FlushMode::kFlushAll ? "FLUSHALL" : "FLUSHDB") + " " + endpoint.ToString() +
      " before a test: it is an external server that is not on loopback, so it may hold data "
      "that does not belong to the tests. If this server is dedicated to tests, set "
      "REDIS_TESTKIT_ALLOW_REMOTE_FLUSH=1; to run without flushing, set REDIS_TESTKIT_FLUSH=none "
      "(keys present before a test are then ignored by leak detection).");
}

std::vector<std::string> Flusher::Command(const client::Endpoint& endpoint) const {
  const FlushMode mode = Resolve(endpoint);
  if (mode == FlushMode::kNone) return {};
  std::vector<std::string> command{mode == FlushMode::kFlushAll ? "FLUSHALL" : "FLUSHDB"};
  if (!legacy_syntax_) command.emplace_back("SYNC");
  return command;
}

void Flusher::Flush(client::Connection& connection) const {
  const std::vector<std::string> command = Command(connection.endpoint());
  if (!command.empty()) connection.Command(command);
}

}  // namespace redis_testkit::cleanup
