// Empties the test database before each test: FLUSHALL or FLUSHDB per CleanupConfig::flush
// (kAuto: FLUSHALL on a server the kit owns, FLUSHDB on an external one), always SYNC so that the
// memory figures read right after it are final.
// Safeguard: an external server that is not on loopback is never flushed unless
// CleanupConfig::allow_remote_flush (REDIS_TESTKIT_ALLOW_REMOTE_FLUSH=1): it may hold data that
// is not the tests'.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/config.h"

namespace redis_testkit::client {
class Connection;
}

namespace redis_testkit::cleanup {

// Thrown when flushing was refused by the safeguard; the message says why and what allows it.
class FlushRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Flusher {
 public:
  // server_owned: the kit started this server (podman/docker/process runtime), so all of it is
  // the tests'. An external server (REDIS_TESTKIT_URL) is not owned.
  Flusher(const CleanupConfig& config, bool server_owned);

  // kFlushAll, kFlushDb or kNone for `endpoint` (kAuto resolved). Throws FlushRefused when the
  // safeguard forbids flushing it.
  FlushMode Resolve(const client::Endpoint& endpoint) const;
  // The command to send ({"FLUSHALL", "SYNC"}, {"FLUSHDB", "SYNC"}), empty for kNone. Throws
  // FlushRefused like Resolve.
  std::vector<std::string> Command(const client::Endpoint& endpoint) const;
  // Sends it (one round trip; none for kNone). Throws FlushRefused or a client error.
  void Flush(client::Connection& connection) const;

  // After "ERR syntax error" from a server older than 6.2, drop the SYNC argument.
  void UseLegacySyntax() { legacy_syntax_ = true; }

 private:
  FlushMode mode_;
  bool allow_remote_flush_;
  bool server_owned_;
  bool legacy_syntax_ = false;
};

}  // namespace redis_testkit::cleanup
