// The consumer against a private redis-server: group creation, read and ack, its own pending
// entries first after a restart, XAUTOCLAIM after the idle time only, entries trimmed while
// pending.
#include "event_buffer/consumer.h"

#include <gtest/gtest.h>

#include <thread>

#include "event_buffer/producer.h"
#include "test_server.h"

namespace event_buffer {
namespace {

using redis_testkit::test_support::TestServer;
using std::chrono::milliseconds;

ConsumerOptions Options(const std::string& name) {
  ConsumerOptions o;
  o.topic = "jobs";
  o.group = "workers";
  o.name = name;
  o.batch = 10;
  o.claim_idle = milliseconds(200);
  return o;
}

void Produce(TestServer& server, int count) {
  Producer producer(server.ConnectOptions(), {.topic = "jobs", .retention = {}});
  for (int i = 0; i < count; ++i) producer.Append({{"seq", std::to_string(i)}});
}

std::vector<std::string> Ids(const std::vector<Entry>& entries) {
  std::vector<std::string> ids;
  for (const Entry& e : entries) ids.push_back(e.id);
  return ids;
}

TEST(Consumer, GroupIsCreatedOnce) {
  TestServer server;
  Consumer consumer(server.ConnectOptions(), Options("a"));
  EXPECT_TRUE(consumer.EnsureGroup());
  EXPECT_FALSE(consumer.EnsureGroup());
}

TEST(Consumer, ReadsAndAcknowledges) {
  TestServer server;
  Consumer consumer(server.ConnectOptions(), Options("a"));
  consumer.EnsureGroup();
  Produce(server, 15);
  const auto first = consumer.Read();
  ASSERT_EQ(first.size(), 10U);
  EXPECT_EQ(first[0].fields.at(0), (std::pair<std::string, std::string>{"seq", "0"}));
  EXPECT_EQ(consumer.Pending(), 10);
  EXPECT_EQ(consumer.Ack(Ids(first)), 10);
  EXPECT_EQ(consumer.Pending(), 0);
  EXPECT_EQ(consumer.Read().size(), 5U);
  EXPECT_TRUE(consumer.Read().empty());
}

TEST(Consumer, AfterARestartItsOwnPendingEntriesComeFirst) {
  TestServer server;
  Produce(server, 5);
  std::vector<std::string> delivered;
  {
    Consumer before(server.ConnectOptions(), Options("a"));
    before.EnsureGroup();
    delivered = Ids(before.Read());  // crashes before acknowledging
  }
  Produce(server, 3);
  Consumer after(server.ConnectOptions(), Options("a"));
  EXPECT_EQ(Ids(after.Read()), delivered);
  after.Ack(delivered);
  EXPECT_EQ(after.Read().size(), 3U);
}

TEST(Consumer, ClaimsOnlyEntriesIdleLongEnough) {
  TestServer server;
  Consumer dead(server.ConnectOptions(), Options("dead"));
  dead.EnsureGroup();
  Produce(server, 4);
  const auto lost = Ids(dead.Read());
  Consumer rescuer(server.ConnectOptions(), Options("rescuer"));
  EXPECT_TRUE(rescuer.Claim().empty()) << "pending for less than claim_idle: not claimed";
  std::this_thread::sleep_for(milliseconds(300));
  const auto claimed = rescuer.Claim();
  EXPECT_EQ(Ids(claimed), lost);
  EXPECT_EQ(rescuer.Ack(Ids(claimed)), 4);
  EXPECT_EQ(dead.Ack(lost), 0) << "the dead consumer's late ack finds nothing pending";
}

TEST(Consumer, EntriesTrimmedWhilePendingAreDropped) {
  TestServer server;
  Produce(server, 3);
  {
    Consumer before(server.ConnectOptions(), Options("a"));
    before.EnsureGroup();
    ASSERT_EQ(before.Read().size(), 3U);
  }
  redis_testkit::client::Connection(server.ConnectOptions())
      .Command({"XTRIM", "buffer:jobs", "MAXLEN", "1"});
  Consumer after(server.ConnectOptions(), Options("a"));
  const auto again = after.Read();
  ASSERT_EQ(again.size(), 1U);
  EXPECT_EQ(after.ghosts(), 2);
}

TEST(Consumer, BadOptionsAreNamed) {
  TestServer server;
  ConsumerOptions o = Options("a");
  o.block = milliseconds(5000);
  try {
    Consumer c(server.ConnectOptions(milliseconds(2000)), o);
    FAIL();
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("command timeout"), std::string::npos);
  }
  o = Options("");
  EXPECT_THROW(Consumer(server.ConnectOptions(), o), std::invalid_argument);
  o = Options("a");
  o.batch = 0;
  EXPECT_THROW(Consumer(server.ConnectOptions(), o), std::invalid_argument);
}

TEST(Consumer, BlockingReadWaitsForNewEntries) {
  TestServer server;
  ConsumerOptions o = Options("a");
  o.block = milliseconds(100);
  Consumer consumer(server.ConnectOptions(), o);
  consumer.EnsureGroup();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(consumer.Read().empty());
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(90));
}

}  // namespace
}  // namespace event_buffer

namespace event_buffer {
namespace {

TEST(Consumer, TrimConsumedKeepsWhatAnyGroupStillNeeds) {
  redis_testkit::test_support::TestServer server;
  Producer producer(server.ConnectOptions(), {.topic = "jobs", .retention = {}});
  for (int i = 0; i < 10; ++i) producer.Append({{"seq", std::to_string(i)}});
  ConsumerOptions fast;
  fast.topic = "jobs";
  fast.group = "fast";
  fast.name = "f";
  ConsumerOptions slow = fast;
  slow.group = "slow";
  slow.batch = 4;
  Consumer f(server.ConnectOptions(), fast);
  Consumer s(server.ConnectOptions(), slow);
  f.EnsureGroup();
  s.EnsureGroup();
  std::vector<std::string> all;
  for (const Entry& e : f.Read()) all.push_back(e.id);
  f.Ack(all);
  const auto slow_batch = s.Read();  // 4 delivered, 2 acknowledged
  s.Ack({slow_batch[0].id, slow_batch[1].id});
  EXPECT_EQ(f.TrimConsumed(), 2) << "entry 2 is still pending on the slow group";
  redis_testkit::client::Connection redis(server.ConnectOptions());
  EXPECT_EQ(redis.Command({"XLEN", "buffer:jobs"}).AsInteger(), 8);
  s.Ack({slow_batch[2].id, slow_batch[3].id});
  EXPECT_EQ(s.TrimConsumed(), 2);
  EXPECT_EQ(s.Read().size(), 4U);
}

}  // namespace
}  // namespace event_buffer
