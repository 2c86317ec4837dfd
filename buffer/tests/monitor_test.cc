// The monitor against a private redis-server: lengths, pending and lag, oldest event age, entries
// trimmed before the group read them (exact count), OOM rejections since the monitor started.
#include "event_buffer/monitor.h"

#include <gtest/gtest.h>

#include "event_buffer/consumer.h"
#include "event_buffer/errors.h"
#include "event_buffer/producer.h"
#include "test_server.h"

namespace event_buffer {
namespace {

using redis_testkit::client::Connection;
using redis_testkit::test_support::TestServer;

MonitorOptions Topics() { return {.topics = {"events"}, .thresholds = {}}; }

Consumer Reader(TestServer& server, int batch) {
  ConsumerOptions o;
  o.topic = "events";
  o.group = "pipeline";
  o.name = "w1";
  o.batch = batch;
  Consumer consumer(server.ConnectOptions(), o);
  consumer.EnsureGroup();
  return consumer;
}

void Produce(TestServer& server, int count) {
  Producer producer(server.ConnectOptions(), {.topic = "events", .retention = {}});
  for (int i = 0; i < count; ++i) producer.Append({{"seq", std::to_string(i)}});
}

TEST(Monitor, EmptyBufferHasNoAlerts) {
  TestServer server({.maxmemory_bytes = 64 << 20});
  Monitor monitor(server.ConnectOptions(), Topics());
  const BufferMetrics m = monitor.Scrape();
  ASSERT_EQ(m.streams.size(), 1U);
  EXPECT_EQ(m.streams[0].length, 0);
  EXPECT_EQ(m.maxmemory, 64 << 20);
  EXPECT_GT(m.used_memory, 0);
  EXPECT_FALSE(m.EvaluateAlerts().Any()) << m.EvaluateAlerts().ToString();
}

TEST(Monitor, LengthPendingAndLag) {
  TestServer server;
  Consumer consumer = Reader(server, 40);
  Produce(server, 100);
  ASSERT_EQ(consumer.Read().size(), 40U);
  Monitor monitor(server.ConnectOptions(), Topics());
  const BufferMetrics m = monitor.Scrape();
  EXPECT_EQ(m.streams[0].length, 100);
  EXPECT_EQ(m.streams[0].entries_added, 100);
  ASSERT_EQ(m.streams[0].groups.size(), 1U);
  EXPECT_EQ(m.streams[0].groups[0].pending, 40);
  EXPECT_EQ(m.streams[0].groups[0].lag, 60);
  EXPECT_EQ(m.streams[0].groups[0].trimmed_unread, 0);
}

TEST(Monitor, EntriesTrimmedBeforeReadAreCountedExactly) {
  TestServer server;
  Consumer consumer = Reader(server, 40);
  Produce(server, 100);
  consumer.Ack([&] {
    std::vector<std::string> ids;
    for (const Entry& e : consumer.Read()) ids.push_back(e.id);
    return ids;
  }());
  Connection(server.ConnectOptions()).Command({"XTRIM", "buffer:events", "MAXLEN", "=", "30"});
  Monitor monitor(server.ConnectOptions(), Topics());
  const BufferMetrics m = monitor.Scrape();
  EXPECT_EQ(m.streams[0].groups[0].trimmed_unread, 30) << m.ToPrometheus();
  EXPECT_EQ(m.streams[0].groups[0].lag, 30);
  EXPECT_TRUE(m.EvaluateAlerts().trimmed_unread);
  EXPECT_NE(m.ToPrometheus().find("event_buffer_group_entries_trimmed_unread{stream=\"buffer:"
                                  "events\",topic=\"events\",group=\"pipeline\"} 30\n"),
            std::string::npos);
}

TEST(Monitor, TrimmingWhatWasReadIsNoLoss) {
  TestServer server;
  Consumer consumer = Reader(server, 80);
  Produce(server, 100);
  consumer.Read();
  Connection(server.ConnectOptions()).Command({"XTRIM", "buffer:events", "MAXLEN", "=", "30"});
  Monitor monitor(server.ConnectOptions(), Topics());
  const BufferMetrics m = monitor.Scrape();
  EXPECT_EQ(m.streams[0].groups[0].trimmed_unread, 0);
  EXPECT_EQ(m.streams[0].groups[0].lag, 20);
}

TEST(Monitor, OldestEventAgeComesFromTheFirstId) {
  TestServer server;
  Connection redis(server.ConnectOptions());
  const auto time = redis.Command({"TIME"}).AsArray();
  const long long now_ms = std::stoll(time[0].AsString()) * 1000;
  redis.Command({"XADD", "buffer:events", std::to_string(now_ms - 7200'000) + "-0", "a", "1"});
  redis.Command({"XADD", "buffer:events", "*", "a", "2"});
  Monitor monitor(server.ConnectOptions(), Topics());
  const BufferMetrics m = monitor.Scrape();
  EXPECT_GE(m.streams[0].oldest_age_seconds, 7199.0);
  EXPECT_LT(m.streams[0].oldest_age_seconds, 7260.0);
  EXPECT_TRUE(m.EvaluateAlerts().oldest_event_too_old);
}

TEST(Monitor, OomRejectionsCountFromTheMonitorsStart) {
  TestServer server;
  Connection redis(server.ConnectOptions());
  redis.Command({"CONFIG", "SET", "maxmemory", "1"});
  Producer producer(server.ConnectOptions(), {.topic = "events", .retention = {}});
  EXPECT_THROW(producer.Append({{"a", "1"}}), BackPressureError);  // before the monitor
  Monitor monitor(server.ConnectOptions(), Topics());
  EXPECT_EQ(monitor.Scrape().oom_rejections, 0);
  EXPECT_THROW(producer.Append({{"a", "2"}}), BackPressureError);
  const BufferMetrics m = monitor.Scrape();
  EXPECT_EQ(m.oom_rejections, 1);
  EXPECT_TRUE(m.EvaluateAlerts().oom_rejections);
  EXPECT_TRUE(m.EvaluateAlerts().memory_high);
}

}  // namespace
}  // namespace event_buffer
