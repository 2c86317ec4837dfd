// Every branch of the error hierarchy, provoked on a real redis-server.
#include "redis_testkit/client/errors.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/info.h"
#include "redis_testkit/client/pipeline.h"
#include "test_server.h"

namespace redis_testkit::client {
namespace {

using std::chrono::milliseconds;
using test_support::TestServer;

TEST(Errors, ErrorReplyNamesCommandAndEndpointAndKeepsTheConnection) {
  TestServer server;
  Connection c(server.ConnectOptions());
  c.Command({"SET", "a-string", "secret-value"});
  try {
    c.Command({"lpush", "a-string", "secret-value"});
    FAIL() << "WRONGTYPE expected";
  } catch (const OomError&) {
    FAIL() << "not an OOM";
  } catch (const ReplyError& e) {
    EXPECT_EQ(std::string(e.what()),
              "LPUSH on " + server.endpoint().ToString() +
                  ": WRONGTYPE Operation against a key holding the wrong kind of value");
  }
  EXPECT_TRUE(c.connected());
  c.Ping();  // an error reply leaves the connection usable
}

TEST(Errors, MessagesNeverContainArgumentValues) {
  TestServer server;
  Connection c(server.ConnectOptions());
  try {
    c.Command({"CONFIG", "SET", "maxmemory-policy", "secret-policy-value"});
    FAIL() << "bad CONFIG SET accepted";
  } catch (const ReplyError& e) {
    const std::string message = e.what();
    EXPECT_TRUE(message.starts_with("CONFIG SET on ")) << message;
    // Redis itself echoes the bad value; our prefix adds nothing beyond the command name.
    EXPECT_EQ(message.find("maxmemory-policy on"), std::string::npos) << message;
  }
}

TEST(Errors, OomUnderAOneMegabyteCap) {
  TestServer server({.maxmemory_bytes = 1024LL * 1024});
  Connection c(server.ConnectOptions());
  const std::string value(std::size_t{10} * 1024, 'x');
  int stored = 0;
  try {
    for (; stored < 1000; ++stored) c.Command({"SET", "big:" + std::to_string(stored), value});
    FAIL() << "1000 x 10 KB fitted under a 1 MB cap";
  } catch (const OomError& e) {
    EXPECT_EQ(std::string(e.what()), "SET on " + server.endpoint().ToString() +
                                         ": OOM command not allowed when used memory > "
                                         "'maxmemory'.");
  }
  EXPECT_LT(stored, 1000);
  // Reads still work under OOM, and the rejection is counted in INFO errorstats.
  EXPECT_EQ(c.Command({"GET", "big:0"}).AsString().size(), value.size());
  EXPECT_GE(ParseInfo(c.Info("errorstats")).OomRejections(), 1);
}

TEST(Errors, UnknownScriptIsNoScriptError) {
  TestServer server;
  Connection c(server.ConnectOptions());
  EXPECT_THROW(c.Command({"EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0"}),
               NoScriptError);
  const std::string sha = c.Command({"SCRIPT", "LOAD", "return 7"}).AsString();
  EXPECT_EQ(c.Command({"EVALSHA", sha, "0"}).AsInteger(), 7);
}

TEST(Errors, CommandTimeoutThenClosed) {
  TestServer server;
  Connection pauser(server.ConnectOptions());
  Connection c(server.ConnectOptions(milliseconds(200)));
  c.Ping();
  pauser.Command({"CLIENT", "PAUSE", "1500"});
  std::string message = "no TimeoutError: SET answered during CLIENT PAUSE";
  const auto start = std::chrono::steady_clock::now();
  try {
    c.Command({"SET", "k", "v"});
  } catch (const TimeoutError& e) {
    message = e.what();
  }
  const auto elapsed =
      std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
  EXPECT_EQ(message,
            "SET on " + server.endpoint().ToString() +
                " timed out after 200 ms (is the server blocked, paused or overloaded? "
                "raise REDIS_TESTKIT_COMMAND_TIMEOUT if the command is legitimately slow)");
  RecordProperty("timeout_elapsed_ms", std::to_string(elapsed.count()));
  std::printf("TimeoutError after %lld ms (timeout 200 ms, pause 1500 ms)\n",
              static_cast<long long>(elapsed.count()));

  // The context was freed: later calls fail fast and say why, instead of reading a stale reply.
  EXPECT_FALSE(c.connected());
  try {
    c.Command({"GET", "k"});
    FAIL() << "a timed-out connection was reused";
  } catch (const ClosedError& e) {
    const std::string closed = e.what();
    EXPECT_TRUE(closed.starts_with("GET on " + server.endpoint().ToString() +
                                   ": connection closed after an earlier error (SET on "))
        << closed;
  }
}

TEST(Errors, ServerClosingTheConnection) {
  TestServer server;
  Connection victim(server.ConnectOptions());
  Connection killer(server.ConnectOptions());
  const long long id = victim.Command({"CLIENT", "ID"}).AsInteger();
  EXPECT_EQ(killer.Command({"CLIENT", "KILL", "ID", std::to_string(id)}).AsInteger(), 1);
  EXPECT_THROW(victim.Command({"PING"}), IoError);  // EOF -> ClosedError, or a reset -> IoError
  EXPECT_FALSE(victim.connected());
  EXPECT_THROW(victim.Command({"PING"}), ClosedError);
  killer.Ping();
}

TEST(Errors, WritingToAClosedConnectionDoesNotRaiseSigpipe) {
  TestServer server;
  Connection victim(server.ConnectOptions());
  Connection killer(server.ConnectOptions());
  const long long id = victim.Command({"CLIENT", "ID"}).AsInteger();
  killer.Command({"CLIENT", "KILL", "ID", std::to_string(id)});
  // 20 MB after the peer is gone: the kernel answers with RST, the next write gets EPIPE (and a
  // SIGPIPE that would kill this process if the client did not block it).
  Pipeline pipeline = victim.MakePipeline();
  const std::string value(std::size_t{100} * 1024, 'v');
  for (int i = 0; i < 200; ++i) pipeline.Add({"SET", "k", value});
  EXPECT_THROW(pipeline.Execute(), IoError);
  EXPECT_EQ(pipeline.size(), 0u);
  EXPECT_THROW(victim.Command({"PING"}), ClosedError);
}

TEST(Errors, StoppedServer) {
  std::optional<TestServer> server(std::in_place);
  Connection c(server->ConnectOptions());
  c.Ping();
  server.reset();  // SIGKILL: the socket goes away under the connection
  EXPECT_THROW(c.Command({"PING"}), IoError);
  EXPECT_THROW(c.Command({"PING"}), ClosedError);
}

}  // namespace
}  // namespace redis_testkit::client
