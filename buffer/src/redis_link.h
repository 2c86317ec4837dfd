// One connection of a producer, consumer or monitor, opened on first use and opened again after an
// I/O error; the one place where client errors become the buffer's errors (errors.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/reply.h"

namespace event_buffer::internal {

class RedisLink {
 public:
  RedisLink(redis_testkit::client::ConnectionOptions options, std::string what)
      : options_(std::move(options)), what_(std::move(what)) {}

  // One command. OOM -> BackPressureError, I/O or timeout -> UnavailableError (the connection is
  // dropped and opened again by the next call), any other error reply -> BufferError.
  redis_testkit::client::Reply Command(const std::vector<std::string>& args);
  // Commands in one round trip; error replies stay in place (kError), I/O errors throw as above.
  std::vector<redis_testkit::client::Reply> Pipeline(
      const std::vector<std::vector<std::string>>& commands);

  const redis_testkit::client::ConnectionOptions& options() const { return options_; }
  // "producer of topic orders on 127.0.0.1:6379/0"
  std::string Where() const;

 private:
  redis_testkit::client::Connection& Open();

  redis_testkit::client::ConnectionOptions options_;
  std::string what_;
  std::optional<redis_testkit::client::Connection> connection_;
};

// True for an error reply Redis gives when it is over maxmemory ("OOM command not allowed ...").
bool IsOomReply(const redis_testkit::client::Reply& reply);

}  // namespace event_buffer::internal
