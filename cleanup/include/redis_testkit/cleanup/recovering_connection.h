// The cleanup session's connection, reopened after a stall or a dropped connection, so that a
// server that stopped answering for a while fails at most the test during which it happened.
//
// Run(what, step) runs `step` on the connection. When it fails with an I/O error (a timeout, a
// reset, a closed connection), the connection is reopened - connect + PING, each bounded by the
// connection's timeouts - until `recovery_timeout` has passed, and `step` runs once more. After a
// recovery that failed, the next Run tries to reconnect once only (a server that is gone for good
// costs every later test one connect timeout, not a whole recovery window).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "redis_testkit/client/connection.h"

namespace redis_testkit::cleanup {

class RecoveringConnection {
 public:
  // Connects now (throws client errors: the first connection is not retried).
  RecoveringConnection(client::ConnectionOptions options,
                       std::chrono::milliseconds recovery_timeout);

  // Runs `step`; after an I/O error reconnects and runs it once more. `what` names the step in
  // messages ("before the test"). Appends to `notes` what happened when it reconnected. Throws
  // client::IoError saying how long the server did not answer when the recovery failed, and any
  // other error of `step` as it is.
  void Run(std::string_view what, const std::function<void(client::Connection&)>& step,
           std::vector<std::string>& notes);

  client::Connection& connection() { return connection_; }
  long long reconnects() const { return reconnects_; }

 private:
  // Reopens the connection; throws client::IoError when the server does not answer in time.
  void Reconnect(std::string_view what, const std::string& cause);

  client::ConnectionOptions options_;
  std::chrono::milliseconds recovery_timeout_;
  client::Connection connection_;
  bool down_ = false;  // the last recovery failed
  long long reconnects_ = 0;
};

}  // namespace redis_testkit::cleanup
