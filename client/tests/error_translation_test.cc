// The mapping itself, without a server (the integration tests provoke the real failures).
#include "error_translation.h"

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <cerrno>

#include "redis_testkit/client/errors.h"

namespace redis_testkit::client::internal {
namespace {

using std::chrono::milliseconds;

const Endpoint kEndpoint{};  // 127.0.0.1:6379/0

template <typename E, typename F>
std::string Caught(F f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("wrong exception type: ") + e.what();
  }
  return "no exception";
}

TEST(CommandName, FirstArgumentUpperCasedNeverTheValues) {
  EXPECT_EQ(CommandName("set", "secret-key"), "SET");
  EXPECT_EQ(CommandName("config", "set"), "CONFIG SET");
  EXPECT_EQ(CommandName("Client", "kill"), "CLIENT KILL");
  EXPECT_EQ(CommandName(""), "(empty command)");
  EXPECT_EQ(CommandName(std::string(100, 'a')).size(), 32u);
  EXPECT_EQ(CommandName(std::string("G\nET\0", 5)), "G?ET?");
}

TEST(ThrowIoError, TimeoutFromErrno) {
  const FailureContext failure{"GET", kEndpoint, milliseconds(200)};
  for (int e : {EAGAIN, EWOULDBLOCK, ETIMEDOUT}) {
    EXPECT_EQ(Caught<TimeoutError>([&] { ThrowIoError(REDIS_ERR_IO, "x", e, failure); }),
              "GET on 127.0.0.1:6379/0 timed out after 200 ms (is the server blocked, paused or "
              "overloaded? raise REDIS_TESTKIT_COMMAND_TIMEOUT if the command is legitimately "
              "slow)");
  }
}

TEST(ThrowIoError, TimeoutFromErrstrWhenErrnoWasLost) {
  const FailureContext failure{"connect", kEndpoint, milliseconds(2000)};
  EXPECT_EQ(
      Caught<TimeoutError>([&] { ThrowIoError(REDIS_ERR_IO, "Connection timed out", 0, failure); }),
      "connect to 127.0.0.1:6379/0 timed out after 2000 ms (is the host reachable and "
      "Redis running? check REDIS_TESTKIT_URL / the server logs)");
}

TEST(ThrowIoError, EofIsClosed) {
  const FailureContext failure{"PING", kEndpoint, milliseconds(1)};
  const std::string message = Caught<ClosedError>(
      [&] { ThrowIoError(REDIS_ERR_EOF, "Server closed the connection", 0, failure); });
  EXPECT_TRUE(message.starts_with("PING on 127.0.0.1:6379/0: the server closed the connection"))
      << message;
}

TEST(ThrowIoError, OthersAreIoErrors) {
  const FailureContext connect{"connect", kEndpoint, milliseconds(1)};
  EXPECT_EQ(Caught<IoError>(
                [&] { ThrowIoError(REDIS_ERR_IO, "Connection refused", ECONNREFUSED, connect); }),
            "connect to 127.0.0.1:6379/0 failed: Connection refused (is Redis running? check "
            "REDIS_TESTKIT_URL / the server logs)");
  const FailureContext command{"SET", kEndpoint, milliseconds(1)};
  EXPECT_EQ(Caught<IoError>([&] { ThrowIoError(REDIS_ERR_IO, "Broken pipe", EPIPE, command); }),
            "SET on 127.0.0.1:6379/0 failed: Broken pipe");
  EXPECT_EQ(Caught<IoError>([&] { ThrowIoError(REDIS_ERR_PROTOCOL, "", 0, command); }),
            "SET on 127.0.0.1:6379/0 failed: unknown hiredis error 4");
  // Not a timeout, not closed: exactly IoError.
  try {
    ThrowIoError(REDIS_ERR_IO, "Connection reset by peer", ECONNRESET, command);
  } catch (const TimeoutError&) {
    ADD_FAILURE() << "a reset is not a timeout";
  } catch (const ClosedError&) {
    ADD_FAILURE() << "ECONNRESET is reported as IoError";
  } catch (const IoError&) {
  }
}

TEST(ThrowReplyError, MapsByPrefix) {
  const FailureContext failure{"SET", kEndpoint, milliseconds(1)};
  EXPECT_EQ(Caught<OomError>([&] {
              ThrowReplyError("OOM command not allowed when used memory > 'maxmemory'.", failure);
            }),
            "SET on 127.0.0.1:6379/0: OOM command not allowed when used memory > 'maxmemory'.");
  EXPECT_EQ(Caught<NoScriptError>(
                [&] { ThrowReplyError("NOSCRIPT No matching script. Please use EVAL.", failure); }),
            "SET on 127.0.0.1:6379/0: NOSCRIPT No matching script. Please use EVAL.");
  EXPECT_EQ(Caught<ReplyError>([&] { ThrowReplyError("WRONGTYPE Operation", failure); }),
            "SET on 127.0.0.1:6379/0: WRONGTYPE Operation");
  // "OOMPH" is not OOM.
  try {
    ThrowReplyError("OOMPH x", failure);
  } catch (const OomError&) {
    ADD_FAILURE() << "OOMPH is not OOM";
  } catch (const ReplyError&) {
  }
}

}  // namespace
}  // namespace redis_testkit::client::internal
