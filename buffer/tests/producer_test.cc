// The producer against a private redis-server: IDs, retention by length and age, OOM as
// back-pressure (nothing written, retry succeeds), batches all or nothing, Redis gone.
#include "event_buffer/producer.h"

#include <gtest/gtest.h>

#include "event_buffer/errors.h"
#include "event_buffer/stream_id.h"
#include "test_server.h"

namespace event_buffer {
namespace {

using redis_testkit::client::Connection;
using redis_testkit::test_support::TestServer;

Fields Event(int n) { return {{"seq", std::to_string(n)}, {"body", std::string(100, 'x')}}; }

long long Len(Connection& redis, const std::string& key) {
  return redis.Command({"XLEN", key}).AsInteger();
}

TEST(Producer, AppendsInOrderWithAutomaticIds) {
  TestServer server;
  Producer producer(server.ConnectOptions(), {.topic = "orders", .retention = {}});
  const std::string first = producer.Append(Event(1));
  const std::string second = producer.Append(Event(2));
  EXPECT_LT(StreamId::Parse(first), StreamId::Parse(second));
  Connection redis(server.ConnectOptions());
  EXPECT_EQ(Len(redis, "buffer:orders"), 2);
  const auto entry = redis.Command({"XRANGE", "buffer:orders", first, first}).AsArray().at(0);
  EXPECT_EQ(entry.AsArray().at(1).AsArray().at(1).AsString(), "1");
  EXPECT_EQ(producer.appended(), 2);
}

TEST(Producer, MaxLenRetentionTrims) {
  TestServer server;
  Retention exact = Retention::MaxLen(50);
  exact.approximate = false;
  Producer producer(server.ConnectOptions(), {.topic = "t", .retention = exact});
  for (int i = 0; i < 200; ++i) producer.Append(Event(i));
  Connection redis(server.ConnectOptions());
  EXPECT_EQ(Len(redis, "buffer:t"), 50);
  Producer rough(server.ConnectOptions(), {.topic = "r", .retention = Retention::MaxLen(50)});
  for (int i = 0; i < 1000; ++i) rough.Append(Event(i));
  EXPECT_GE(Len(redis, "buffer:r"), 50);
  EXPECT_LT(Len(redis, "buffer:r"), 1000) << "MAXLEN ~ trims whole nodes, but it trims";
}

TEST(Producer, MaxAgeRetentionDropsOldEntries) {
  TestServer server;
  Connection redis(server.ConnectOptions());
  for (int i = 1; i <= 10; ++i) {
    redis.Command({"XADD", "buffer:aged", std::to_string(i) + "-0", "seq", std::to_string(i)});
  }
  Retention age = Retention::MaxAge(std::chrono::minutes(5));
  age.approximate = false;
  Producer producer(server.ConnectOptions(), {.topic = "aged", .retention = age});
  producer.Append(Event(11));
  EXPECT_EQ(Len(redis, "buffer:aged"), 1) << "entries from 1970 are older than 5 minutes";
}

TEST(Producer, OomIsRetryableBackPressureAndWritesNothing) {
  TestServer server;
  Producer producer(server.ConnectOptions(), {.topic = "full", .retention = {}});
  producer.Append(Event(0));
  Connection redis(server.ConnectOptions());
  redis.Command({"CONFIG", "SET", "maxmemory", "1"});
  try {
    producer.Append(Event(1));
    FAIL() << "an append to a full Redis must throw";
  } catch (const BackPressureError& error) {
    EXPECT_TRUE(error.retryable());
    EXPECT_NE(std::string(error.what()).find("OOM"), std::string::npos) << error.what();
  }
  EXPECT_THROW(producer.AppendBatch({Event(2), Event(3)}), BackPressureError);
  EXPECT_EQ(Len(redis, "buffer:full"), 1) << "nothing of a refused call is written";
  EXPECT_EQ(producer.back_pressure(), 2);
  redis.Command({"CONFIG", "SET", "maxmemory", "0"});
  EXPECT_NO_THROW(producer.Append(Event(1)));  // the retry
  EXPECT_EQ(Len(redis, "buffer:full"), 2);
}

TEST(Producer, BatchIsOneTransaction) {
  TestServer server;
  Producer producer(server.ConnectOptions(), {.topic = "b", .retention = {}});
  std::vector<Fields> events;
  for (int i = 0; i < 20; ++i) events.push_back(Event(i));
  const std::vector<std::string> ids = producer.AppendBatch(events);
  ASSERT_EQ(ids.size(), 20U);
  for (std::size_t i = 1; i < ids.size(); ++i) {
    EXPECT_LT(StreamId::Parse(ids[i - 1]), StreamId::Parse(ids[i]));
  }
  Connection redis(server.ConnectOptions());
  EXPECT_EQ(Len(redis, "buffer:b"), 20);
  EXPECT_EQ(producer.appended(), 20);
}

TEST(Producer, RedisGoneIsUnavailableAndRetryable) {
  TestServer server;
  Producer producer(server.ConnectOptions(), {.topic = "gone", .retention = {}});
  producer.Append(Event(0));
  server.Stop();
  try {
    producer.Append(Event(1));
    FAIL();
  } catch (const UnavailableError& error) {
    EXPECT_TRUE(error.retryable());
    EXPECT_NE(std::string(error.what()).find("topic gone"), std::string::npos) << error.what();
  }
}

TEST(Producer, BadInputIsNamed) {
  TestServer server;
  EXPECT_THROW(Producer(server.ConnectOptions(), {.topic = "", .retention = {}}),
               std::invalid_argument);
  EXPECT_THROW(Producer(server.ConnectOptions(), {.topic = "t", .retention = Retention::MaxLen(0)}),
               std::invalid_argument);
  Producer producer(server.ConnectOptions(), {.topic = "t", .retention = {}});
  EXPECT_THROW(producer.Append({}), std::invalid_argument);
}

}  // namespace
}  // namespace event_buffer
