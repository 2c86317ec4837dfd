// FaultProxy's disruptive faults against a real redis-server (process runtime): a blackhole
// (accepted, read, never answered, never forwarded), a reset of every connection (the next
// command fails with an I/O error, a reconnect works), and dropped replies (the server executes,
// the client times out: checked on the server directly, not through the proxy).
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/ops/fault_proxy.h"
#include "test_server.h"

namespace {

using namespace std::chrono_literals;
using redis_testkit::FaultProxy;
using redis_testkit::client::Connection;
using redis_testkit::client::ConnectionOptions;
using redis_testkit::client::IoError;
using redis_testkit::client::TimeoutError;
using redis_testkit::test_support::TestServer;

ConnectionOptions Through(const FaultProxy& proxy, std::chrono::milliseconds timeout = 300ms) {
  return {.endpoint = proxy.endpoint(), .connect_timeout = 2000ms, .command_timeout = timeout};
}

class FaultProxyFaultsTest : public ::testing::Test {
 protected:
  TestServer server_;
  FaultProxy proxy_{server_.endpoint()};
  Connection direct_{server_.ConnectOptions()};
};

TEST_F(FaultProxyFaultsTest, BlackholeNeverAnswersNorForwardsThenClearWorks) {
  Connection before(Through(proxy_));
  before.Ping();
  proxy_.SetBlackhole();

  EXPECT_THROW(before.Command({"SET", "lost", "1"}), TimeoutError);  // an open connection
  Connection during(Through(proxy_));                                // still accepted
  EXPECT_THROW(during.Ping(), TimeoutError);
  EXPECT_TRUE(direct_.Command({"GET", "lost"}).IsNil()) << "the blackhole forwarded a command";

  const redis_testkit::FaultProxyCounters counters = proxy_.counters();
  EXPECT_EQ(counters.connections_accepted, 2);
  EXPECT_GT(counters.bytes_dropped, 0);  // read, then discarded
  EXPECT_EQ(counters.bytes_dropped, counters.bytes_from_client - counters.bytes_to_server);

  proxy_.Clear();
  Connection after(Through(proxy_));
  after.Command({"SET", "found", "1"});
  EXPECT_EQ(direct_.Command({"GET", "found"}).AsString(), "1");
}

TEST_F(FaultProxyFaultsTest, BlackholeSwallowsRepliesAlreadyOnTheirWay) {
  Connection c(Through(proxy_, 2000ms));
  c.Ping();
  proxy_.SetLatency(300ms);
  const long long replies_before = proxy_.counters().bytes_from_server;
  // The reply is queued in the proxy when the blackhole starts: it must not arrive either.
  std::thread sender([&] { EXPECT_THROW(c.Command({"INCR", "queued"}), TimeoutError); });
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (proxy_.counters().bytes_from_server == replies_before &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  proxy_.SetBlackhole();
  sender.join();
  EXPECT_EQ(direct_.Command({"GET", "queued"}).AsInteger(), 1);
}

TEST_F(FaultProxyFaultsTest, ResetFailsTheNextCommandAndAReconnectWorks) {
  Connection first(Through(proxy_, 2000ms));
  Connection second(Through(proxy_, 2000ms));
  first.Ping();
  second.Ping();
  proxy_.ResetConnections();

  for (Connection* c : {&first, &second}) {
    try {
      c->Ping();
      ADD_FAILURE() << "PING after ResetConnections() succeeded";
    } catch (const TimeoutError& error) {
      ADD_FAILURE() << "a reset must fail at once, not time out: " << error.what();
    } catch (const IoError&) {  // expected: reset by peer / closed
    }
  }
  EXPECT_EQ(proxy_.counters().connections_reset, 2);

  Connection again(Through(proxy_));
  again.Command({"SET", "after-reset", "1"});
  EXPECT_EQ(direct_.Command({"GET", "after-reset"}).AsString(), "1");
  EXPECT_EQ(proxy_.counters().connections_open, 1);
}

TEST_F(FaultProxyFaultsTest, DroppedReplyTimesOutButTheServerExecuted) {
  direct_.Command({"SET", "counter", "41"});
  Connection c(Through(proxy_));
  c.Ping();
  proxy_.SetDropReplies();

  EXPECT_THROW(c.Command({"INCR", "counter"}), TimeoutError);
  EXPECT_EQ(direct_.Command({"GET", "counter"}).AsInteger(), 42) << "the INCR did not run";
  EXPECT_GT(proxy_.counters().bytes_dropped, 0);

  // A retry on a new connection (the timed-out one is unusable) runs it a second time: the
  // non-idempotent retry this fault exists to show.
  proxy_.SetDropReplies(false);
  Connection retry(Through(proxy_));
  EXPECT_EQ(retry.Command({"INCR", "counter"}).AsInteger(), 43);
}

}  // namespace
