// FastForward against a private redis-server: TTLs shortened by the duration, keys at or under it
// deleted, keys without TTL untouched, every database when asked, exact command counts.
#include "redis_testkit/ops/fast_forward.h"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <map>
#include <string>

#include "redis_testkit/client/info.h"
#include "redis_testkit/client/pipeline.h"
#include "test_server.h"

namespace redis_testkit::ops {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class FastForwardTest : public ::testing::Test {
 protected:
  client::Connection Connect(int db = 0) {
    return client::Connection(server_.ConnectOptions(milliseconds(2000), db));
  }
  test_support::TestServer server_;
};

TEST_F(FastForwardTest, ExpiresWhatReachesZeroAndShortensTheRest) {
  client::Connection c = Connect();
  c.Command({"SET", "k", "v", "EX", "300"});
  c.Command({"SET", "long", "v", "EX", "600"});
  c.Command({"SET", "forever", "v"});
  const FastForwardResult result = FastForward(c, seconds(301));
  std::cout << "FastForward(301s) over 3 keys: " << result.elapsed.count() << " us wall time, "
            << result.round_trips << " round trips\n";
  EXPECT_EQ(c.Command({"EXISTS", "k"}).AsInteger(), 0);
  const long long ttl = c.Command({"PTTL", "long"}).AsInteger();
  EXPECT_GT(ttl, 298'000);
  EXPECT_LE(ttl, 299'000);
  EXPECT_EQ(c.Command({"PTTL", "forever"}).AsInteger(), -1);
  EXPECT_EQ(result.expired, 1);
  EXPECT_EQ(result.shortened, 1);
  EXPECT_EQ(result.keys_scanned, 3);
  EXPECT_EQ(result.batches, 1);
}

TEST_F(FastForwardTest, ExactlyTheTtlExpiresTheKey) {
  client::Connection c = Connect();
  c.Command({"SET", "k", "v", "PX", "5000"});
  FastForward(c, milliseconds(5000));
  EXPECT_EQ(c.Command({"EXISTS", "k"}).AsInteger(), 0);
}

TEST_F(FastForwardTest, EveryKeyOfALargeKeyspaceOnceInSeveralBatches) {
  client::Connection c = Connect();
  constexpr int kKeys = 2500;
  client::Pipeline pipeline = c.MakePipeline();
  for (int i = 0; i < kKeys; ++i) {
    pipeline.Add({"SET", "key:" + std::to_string(i), "v", "PX", i % 2 == 0 ? "100000" : "1000"});
  }
  pipeline.Execute();
  const FastForwardResult result = FastForward(c, seconds(10), {.batch_keys = 500});
  EXPECT_GE(result.batches, 3);
  EXPECT_EQ(result.expired, kKeys / 2);
  EXPECT_EQ(result.shortened, kKeys / 2);
  EXPECT_EQ(c.Command({"DBSIZE"}).AsInteger(), kKeys / 2);
  const long long ttl = c.Command({"PTTL", "key:0"}).AsInteger();
  EXPECT_GT(ttl, 80'000);
  EXPECT_LE(ttl, 90'000) << "shortened once, not once per batch";
}

TEST_F(FastForwardTest, OtherDatabasesOnlyWhenAsked) {
  client::Connection other = Connect(3);
  other.Command({"SET", "elsewhere", "v", "EX", "100"});
  client::Connection c = Connect();
  c.Command({"SET", "here", "v", "EX", "100"});
  FastForward(c, seconds(50));
  EXPECT_GT(other.Command({"TTL", "elsewhere"}).AsInteger(), 90);
  EXPECT_LE(c.Command({"TTL", "here"}).AsInteger(), 50);
  const FastForwardResult result = FastForward(c, seconds(60), {.all_databases = true});
  EXPECT_LE(other.Command({"TTL", "elsewhere"}).AsInteger(), 40);
  EXPECT_EQ(c.Command({"EXISTS", "here"}).AsInteger(), 0);
  EXPECT_EQ(result.expired, 1);
  EXPECT_EQ(result.shortened, 1);
  c.Command({"SET", "home", "v"});  // the connection is back on its own database
  EXPECT_EQ(Connect().Command({"EXISTS", "home"}).AsInteger(), 1);
}

TEST_F(FastForwardTest, ItsCommandCountsAreWhatCommandstatsCounts) {
  client::Connection c = Connect();
  for (int i = 0; i < 30; ++i) {
    c.Command({"SET", "key:" + std::to_string(i), "v", "EX", std::to_string(10 + i)});
  }
  c.Command({"SET", "forever", "v"});
  Connect(2).Command({"SET", "other", "v", "EX", "5"});
  c.Command({"CONFIG", "RESETSTAT"});
  const FastForwardResult result = FastForward(c, seconds(20), {.all_databases = true});
  // The INFO below is counted after its reply: the commandstats are FastForward's alone.
  const client::Info info = client::ParseInfo(c.Command({"INFO", "commandstats"}).AsString());
  std::map<std::string, long long> counted = info.command_calls;
  counted.erase("config|resetstat");
  EXPECT_EQ(counted, result.commands);
}

TEST_F(FastForwardTest, NothingWithTtlCostsOneRoundTrip) {
  client::Connection c = Connect();
  c.Command({"SET", "forever", "v"});
  const FastForwardResult result = FastForward(c, seconds(20));
  EXPECT_EQ(result.round_trips, 1);
  EXPECT_EQ(result.batches, 0);
}

TEST_F(FastForwardTest, ZeroChangesNothingAndNegativeIsRefused) {
  client::Connection c = Connect();
  c.Command({"SET", "k", "v", "EX", "100"});
  EXPECT_EQ(FastForward(c, milliseconds(0)).round_trips, 0);
  EXPECT_GT(c.Command({"TTL", "k"}).AsInteger(), 98);
  EXPECT_THROW(FastForward(c, milliseconds(-1)), std::invalid_argument);
  EXPECT_THROW(FastForward(c, seconds(1), {.batch_keys = 0}), std::invalid_argument);
}

}  // namespace
}  // namespace redis_testkit::ops
