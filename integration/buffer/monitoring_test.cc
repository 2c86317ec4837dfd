// Phase 4, monitoring: each alert condition appears in the metrics within one scrape of its fault
// being injected (the monitor is running before, one Scrape() after), none on an idle, empty
// buffer, and the Prometheus text is well-formed.
#include <redis_testkit/gtest.h>

#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "buffer_scenario.h"
#include "event_buffer/errors.h"
#include "event_buffer/monitor.h"

namespace buffer_scenarios {
namespace {

using Monitoring = BufferScenario;

event_buffer::Monitor MakeMonitor(std::chrono::seconds oldest_age = std::chrono::seconds(3600)) {
  event_buffer::MonitorOptions options;
  options.topics = {"firehose"};
  options.thresholds.oldest_age = oldest_age;
  return event_buffer::Monitor(Options(), options);
}

void SetCap() { redis_testkit::Connect().Command({"CONFIG", "SET", "maxmemory", "8mb"}); }

TEST_F(Monitoring, NoAlertOnAnIdleEmptyBuffer) {
  SetCap();
  event_buffer::Consumer consumer(Options(), ConsumerNamed("firehose", "w1"));
  consumer.EnsureGroup();
  auto monitor = MakeMonitor(std::chrono::seconds(1));
  const auto m = monitor.Scrape();
  EXPECT_FALSE(m.EvaluateAlerts().Any()) << m.ToPrometheus();
  EXPECT_EQ(m.streams.at(0).length, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_FALSE(monitor.Scrape().EvaluateAlerts().Any()) << "an empty buffer has no oldest event";
}

TEST_F(Monitoring, MemoryOver85PercentAlerts) {
  SetCap();
  auto monitor = MakeMonitor();
  EXPECT_FALSE(monitor.Scrape().EvaluateAlerts().memory_high);
  redis_testkit::FillTo(0.88);
  const auto m = monitor.Scrape();
  EXPECT_EQ(m.EvaluateAlerts().ToString(), "memory_high") << m.ToPrometheus();
  EXPECT_NE(m.ToPrometheus().find("event_buffer_alert{alert=\"memory_high\"} 1"),
            std::string::npos);
}

TEST_F(Monitoring, OldestEventOlderThanTheThresholdAlerts) {
  auto monitor = MakeMonitor(std::chrono::seconds(1));
  event_buffer::Producer producer(Options(), {.topic = "firehose", .retention = {}});
  producer.Append(Event(1));
  EXPECT_FALSE(monitor.Scrape().EvaluateAlerts().oldest_event_too_old);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // the consumers are stuck
  const auto m = monitor.Scrape();
  EXPECT_EQ(m.EvaluateAlerts().ToString(), "oldest_event_too_old") << m.ToPrometheus();
  EXPECT_GE(m.streams.at(0).oldest_age_seconds, 1.0);
}

TEST_F(Monitoring, AnyEvictionAlerts) {
  SetCap();
  auto monitor = MakeMonitor();
  event_buffer::Producer producer(Options(), {.topic = "firehose", .retention = {}});
  producer.Append(Event(0));
  redis_testkit::FillTo(0.95);
  redis_testkit::Connect().Command({"CONFIG", "SET", "maxmemory-policy", "allkeys-random"});
  for (int i = 0; i < 100 && redis_testkit::Stats().evicted_keys == 0; ++i) {
    std::vector<event_buffer::Fields> batch;
    for (int j = 0; j < 50; ++j) batch.push_back(Event(1 + i * 50 + j));
    producer.AppendBatch(batch);
  }
  const auto m = monitor.Scrape();
  EXPECT_TRUE(m.EvaluateAlerts().evictions) << m.ToPrometheus();
  EXPECT_GE(m.evicted_keys, 1);
}

TEST_F(Monitoring, AnyOomRejectionAlerts) {
  redis_testkit::ExpectOomRejections();
  SetCap();
  auto monitor = MakeMonitor();
  event_buffer::Producer producer(Options(), {.topic = "firehose", .retention = {}});
  producer.Append(Event(0));
  redis_testkit::Connect().Command({"CONFIG", "SET", "maxmemory", "1"});
  EXPECT_THROW(producer.Append(Event(1)), event_buffer::BackPressureError);
  redis_testkit::Connect().Command({"CONFIG", "SET", "maxmemory", "16mb"});
  const auto m = monitor.Scrape();
  EXPECT_EQ(m.EvaluateAlerts().ToString(), "oom_rejections") << m.ToPrometheus();
  EXPECT_EQ(m.oom_rejections, 1);
}

TEST_F(Monitoring, EntriesTrimmedBeforeBeingReadAlert) {
  auto monitor = MakeMonitor();
  event_buffer::Consumer consumer(Options(), ConsumerNamed("firehose", "w1", 50));
  consumer.EnsureGroup();
  event_buffer::Retention keep = event_buffer::Retention::MaxLen(100);
  keep.approximate = false;
  event_buffer::Producer producer(Options(), {.topic = "firehose", .retention = keep});
  for (int i = 0; i < 100; ++i) producer.Append(Event(i));
  consumer.Ack({consumer.Read().front().id});  // reads 50, acknowledges 1
  EXPECT_FALSE(monitor.Scrape().EvaluateAlerts().Any());
  for (int i = 100; i < 250; ++i) producer.Append(Event(i));  // retention drops 0..149
  const auto m = monitor.Scrape();
  const auto& group = m.streams.at(0).groups.at(0);
  EXPECT_EQ(group.trimmed_unread, 100) << "50..149 were trimmed before anyone read them\n"
                                       << m.ToPrometheus();
  EXPECT_EQ(group.lag, 100);
  EXPECT_EQ(group.pending, 49);
  EXPECT_EQ(m.EvaluateAlerts().ToString(), "trimmed_unread");
}

TEST_F(Monitoring, AnAlertClearsOnceItsConditionIsGone) {
  auto monitor = MakeMonitor(std::chrono::seconds(1));
  event_buffer::Producer producer(Options(), {.topic = "firehose", .retention = {}});
  event_buffer::Consumer consumer(Options(), ConsumerNamed("firehose", "w1"));
  consumer.EnsureGroup();
  for (int i = 0; i < 10; ++i) producer.Append(Event(i));
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  EXPECT_TRUE(monitor.Scrape().EvaluateAlerts().oldest_event_too_old);
  EXPECT_EQ(Drain(consumer).size(), 10U);  // the consumers catch up
  consumer.TrimConsumed();
  EXPECT_FALSE(monitor.Scrape().EvaluateAlerts().Any());
}

TEST_F(Monitoring, PrometheusTextIsWellFormed) {
  event_buffer::Producer producer(Options(), {.topic = "firehose", .retention = {}});
  event_buffer::Consumer consumer(Options(), ConsumerNamed("firehose", "w1", 7));
  consumer.EnsureGroup();
  for (int i = 0; i < 20; ++i) producer.Append(Event(i));
  consumer.Read();
  const std::string text = MakeMonitor().Scrape().ToPrometheus();
  const std::regex sample(R"(^([a-z_]+)(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9.e+-]+$)");
  std::set<std::string> typed;
  std::istringstream lines(text);
  int samples = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("# TYPE ")) {
      typed.insert(line.substr(7, line.find(' ', 7) - 7));
      continue;
    }
    if (line.starts_with("# HELP ")) continue;
    std::smatch match;
    ASSERT_TRUE(std::regex_match(line, match, sample)) << line;
    EXPECT_TRUE(typed.contains(match[1].str())) << "no # TYPE before " << line;
    ++samples;
  }
  EXPECT_GE(samples, 15);
  EXPECT_NE(text.find("redis_stream_length{stream=\"buffer:firehose\",topic=\"firehose\"} 20\n"),
            std::string::npos);
  EXPECT_NE(text.find("redis_stream_group_messages_pending{stream=\"buffer:firehose\",topic=\""
                      "firehose\",group=\"pipeline\"} 7\n"),
            std::string::npos);
}

}  // namespace
}  // namespace buffer_scenarios
