// The one place where hiredis failures and error replies become exceptions (errors.h). Private.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "redis_testkit/client/endpoint.h"

namespace redis_testkit::client::internal {

// What failed: "connect", or the command name from CommandName(); where; and with which timeout.
struct FailureContext {
  std::string_view operation;
  const Endpoint& endpoint;
  std::chrono::milliseconds timeout;
};

// The name a message may show for a command: its first argument upper-cased, plus the
// subcommand of container commands (CONFIG SET, CLIENT KILL). Never the other arguments, which
// may be large or secret.
std::string CommandName(std::string_view first, std::string_view second = {});

// Throws the exception for a hiredis context error: `hiredis_err` is redisContext::err
// (REDIS_ERR_IO, REDIS_ERR_EOF, ...), `errstr` its errstr, `saved_errno` errno right after the
// failing call. REDIS_ERR_IO with EAGAIN / EWOULDBLOCK / ETIMEDOUT -> TimeoutError,
// REDIS_ERR_EOF -> ClosedError, anything else -> IoError.
[[noreturn]] void ThrowIoError(int hiredis_err, std::string_view errstr, int saved_errno,
                               const FailureContext& failure);

// Throws the exception for an error reply: "OOM ..." -> OomError, "NOSCRIPT ..." ->
// NoScriptError, anything else -> ReplyError. The message is "<COMMAND> on <endpoint>: <reply>".
[[noreturn]] void ThrowReplyError(std::string_view reply_text, const FailureContext& failure);

}  // namespace redis_testkit::client::internal
