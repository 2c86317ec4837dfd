// RunLoad against real servers (a private redis-server per test): the open-loop rate, the
// placeholders as the server sees them, a CLIENT PAUSE stall in the intended figures only,
// errors by kind, an unreachable server, a server that stops answering.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/ops/load.h"
#include "test_server.h"

namespace redis_testkit::ops {
namespace {

using std::chrono::milliseconds;
using test_support::TestServer;

LoadOptions Options(const TestServer& server, std::vector<std::string> command, double rate,
                    milliseconds duration) {
  LoadOptions options;
  options.endpoint = server.endpoint();
  options.command = std::move(command);
  options.rate = rate;
  options.duration = duration;
  options.sample_interval = milliseconds(500);
  return options;
}

TEST(LoadServerTest, AchievedRateIsCloseToTheTarget) {
  TestServer server;
  LoadOptions options = Options(server, {"PING"}, 2000, milliseconds(2000));
  options.connections = 4;
  const LoadResult result = RunLoad(options);
  EXPECT_EQ(result.scheduled, 4000);
  EXPECT_EQ(result.completed, 4000) << result.ToText();
  EXPECT_EQ(result.ErrorCount(), 0) << result.ToText();
  EXPECT_NEAR(result.achieved_rate, 2000, 100) << result.ToText();
  ASSERT_EQ(result.windows.size(), 2U);
  for (const LoadWindow& window : result.windows) {
    EXPECT_NEAR(window.rate, 2000, 200) << result.ToText();
  }
  EXPECT_EQ(result.intended.count, 4000);
  EXPECT_GE(result.intended.max_ms, result.actual.max_ms);
  EXPECT_GT(result.intended.p50_ms, 0);
  // INFO samples every 500 ms, plus one at the end.
  ASSERT_GE(result.samples.size(), 3U);
  EXPECT_EQ(result.samples.back().error, "");
  EXPECT_GT(result.samples.back().used_memory, 0);
  EXPECT_GE(result.samples.back().total_commands_processed, 4000);
}

TEST(LoadServerTest, PlaceholdersExpandOnTheServer) {
  TestServer server;
  const LoadOptions options =
      Options(server, {"SET", "k:{seq}", "{payload:16}"}, 1000, milliseconds(500));
  const LoadResult result = RunLoad(options);
  ASSERT_EQ(result.ErrorCount(), 0) << result.ToText();
  client::Connection c(server.ConnectOptions());
  EXPECT_EQ(c.Command({"DBSIZE"}).AsInteger(), 500);
  EXPECT_EQ(c.Command({"STRLEN", "k:0"}).AsInteger(), 16);
  EXPECT_EQ(c.Command({"STRLEN", "k:499"}).AsInteger(), 16);
  EXPECT_EQ(c.Command({"EXISTS", "k:500"}).AsInteger(), 0);
}

TEST(LoadServerTest, ClientPauseShowsInIntendedLatencyOnly) {
  TestServer server;
  LoadOptions options = Options(server, {"SET", "k:{rand:1000}", "v"}, 800, milliseconds(2000));
  options.connections = 2;
  std::thread pauser([&server] {
    std::this_thread::sleep_for(milliseconds(800));
    client::Connection c(server.ConnectOptions());
    c.Command({"CLIENT", "PAUSE", "300"});
  });
  const LoadResult result = RunLoad(options);
  pauser.join();
  EXPECT_EQ(result.ErrorCount(), 0) << result.ToText();
  // ~240 requests were due during the pause: the first waited ~300 ms, from its due time.
  EXPECT_GE(result.intended.max_ms, 250) << result.ToText();
  EXPECT_GE(result.intended.p99_ms, 100) << result.ToText();
  // Sent when due (the generator does not wait for replies), so the actual figures show the
  // stall too, but never more than the intended ones; the intended p99 is well above p50.
  EXPECT_GE(result.intended.p999_ms, result.actual.p999_ms) << result.ToText();
  EXPECT_GE(result.intended.p99_ms, result.actual.p99_ms) << result.ToText();
  EXPECT_GT(result.intended.p99_ms, 10 * result.intended.p50_ms) << result.ToText();
}

TEST(LoadServerTest, OneInFlightHidesTheStallFromTheActualSendOnly) {
  // A client with one request in flight per connection (most clients): during the pause the due
  // requests wait in the generator and leave after it, so timed from their actual send they look
  // fast; timed from when they were due they show the stall (coordinated omission).
  TestServer server;
  LoadOptions options = Options(server, {"SET", "k:{rand:1000}", "v"}, 800, milliseconds(2000));
  options.max_in_flight = 1;
  std::thread pauser([&server] {
    std::this_thread::sleep_for(milliseconds(800));
    client::Connection c(server.ConnectOptions());
    c.Command({"CLIENT", "PAUSE", "300"});
  });
  const LoadResult result = RunLoad(options);
  pauser.join();
  EXPECT_EQ(result.ErrorCount(), 0) << result.ToText();
  EXPECT_GE(result.intended.max_ms, 250) << result.ToText();
  EXPECT_GE(result.intended.p99_ms, 100) << result.ToText();
  EXPECT_LT(result.actual.p99_ms, 50) << result.ToText();
  EXPECT_GT(result.intended.p99_ms, 2 * result.actual.p99_ms) << result.ToText();
}

TEST(LoadServerTest, ErrorRepliesAreCountedByKind) {
  TestServer server;
  client::Connection c(server.ConnectOptions());
  c.Command({"RPUSH", "list", "a"});
  const LoadResult wrongtype = RunLoad(Options(server, {"GET", "list"}, 500, milliseconds(400)));
  EXPECT_EQ(wrongtype.Errors("WRONGTYPE"), 200) << wrongtype.ToText();
  EXPECT_EQ(wrongtype.completed, 200);
  const LoadResult unknown =
      RunLoad(Options(server, {"NOSUCHCOMMAND", "{seq}"}, 500, milliseconds(200)));
  EXPECT_EQ(unknown.Errors("ERR"), 100) << unknown.ToText();
  const nlohmann::json json = nlohmann::json::parse(unknown.ToJson());
  EXPECT_EQ(json["errors"]["ERR"], 100);
  EXPECT_EQ(json["target_rate"], 500);
  EXPECT_TRUE(json["latency_ms"]["intended"].contains("p999"));
  EXPECT_TRUE(json["latency_ms"]["actual"].contains("max"));
  EXPECT_EQ(json["windows"].size(), 1U);
}

TEST(LoadServerTest, AStalledServerEndsInTimeoutsNotAHang) {
  // Paused past the end of the run: whatever is unanswered after the drain counts as a timeout.
  TestServer server;
  LoadOptions options = Options(server, {"PING"}, 200, milliseconds(1000));
  options.drain = milliseconds(300);
  options.sample_interval = milliseconds(0);
  std::thread pauser([&server] {
    std::this_thread::sleep_for(milliseconds(300));
    client::Connection c(server.ConnectOptions());
    c.Command({"CLIENT", "PAUSE", "1500"});
  });
  const auto started = std::chrono::steady_clock::now();
  const LoadResult result = RunLoad(options);
  const auto took = std::chrono::steady_clock::now() - started;
  pauser.join();
  EXPECT_LT(took, milliseconds(4000)) << result.ToText();
  EXPECT_GT(result.Errors("timeout"), 100) << result.ToText();
  EXPECT_EQ(result.completed + result.ErrorCount(), result.scheduled) << result.ToText();
}

TEST(LoadServerTest, ARequestTimeoutReopensTheConnection) {
  // Paused 600 ms with a 200 ms request timeout: timeouts during the pause, replies after it.
  TestServer server;
  LoadOptions options = Options(server, {"PING"}, 200, milliseconds(2000));
  options.request_timeout = milliseconds(200);
  options.sample_interval = milliseconds(0);
  std::thread pauser([&server] {
    std::this_thread::sleep_for(milliseconds(300));
    client::Connection c(server.ConnectOptions());
    c.Command({"CLIENT", "PAUSE", "600"});
  });
  const LoadResult result = RunLoad(options);
  pauser.join();
  EXPECT_GT(result.Errors("timeout"), 0) << result.ToText();
  ASSERT_EQ(result.windows.size(), 2U);
  EXPECT_GE(result.windows[1].completed, 150) << result.ToText();  // answered again after it
  EXPECT_EQ(result.completed + result.ErrorCount(), result.scheduled) << result.ToText();
}

TEST(LoadServerTest, UnthrottledRunsAsFastAsTheServerAnswers) {
  TestServer server;
  LoadOptions options = Options(server, {"PING"}, 0, milliseconds(500));
  options.unthrottled = true;
  options.connections = 2;
  const LoadResult result = RunLoad(options);
  EXPECT_GT(result.achieved_rate, 2000) << result.ToText();
  EXPECT_EQ(result.ErrorCount(), 0) << result.ToText();
}

TEST(LoadServerTest, UnreachableServerAndBadOptionsThrow) {
  LoadOptions options;
  options.endpoint.port = test_support::UnusedTcpPort();
  options.command = {"PING"};
  options.duration = milliseconds(100);
  EXPECT_THROW(RunLoad(options), client::IoError);
  options.rate = 0;
  EXPECT_THROW(RunLoad(options), std::invalid_argument);
}

}  // namespace
}  // namespace redis_testkit::ops
