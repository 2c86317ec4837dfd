// Alert conditions and the Prometheus text: pure logic.
#include "event_buffer/metrics.h"

#include <gtest/gtest.h>

namespace event_buffer {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

BufferMetrics Idle() {
  BufferMetrics m;
  m.maxmemory = 1000;
  m.used_memory = 100;
  m.streams.push_back(StreamMetrics{"firehose", "buffer:firehose", 0, 0, 0.0, {}});
  m.streams[0].groups.push_back(GroupMetrics{"pipeline", 1, 0, 0, 0, "0-0"});
  return m;
}

TEST(Alerts, NoneOnAnIdleEmptyBuffer) {
  EXPECT_FALSE(Idle().EvaluateAlerts().Any());
  EXPECT_EQ(Idle().EvaluateAlerts().ToString(), "none");
  EXPECT_TRUE(Has(Idle().ToPrometheus(), "event_buffer_alert{alert=\"memory_high\"} 0\n"));
}

TEST(Alerts, EachConditionAlone) {
  BufferMetrics m = Idle();
  m.used_memory = 860;  // 86% > 85%
  EXPECT_EQ(m.EvaluateAlerts().ToString(), "memory_high");
  m = Idle();
  m.used_memory = 850;  // exactly 85%: not above
  EXPECT_FALSE(m.EvaluateAlerts().Any());
  m = Idle();
  m.streams[0].oldest_age_seconds = 3601;
  EXPECT_EQ(m.EvaluateAlerts().ToString(), "oldest_event_too_old");
  m = Idle();
  m.evicted_keys = 1;
  EXPECT_EQ(m.EvaluateAlerts().ToString(), "evictions");
  m = Idle();
  m.oom_rejections = 2;
  EXPECT_EQ(m.EvaluateAlerts().ToString(), "oom_rejections");
  m = Idle();
  m.streams[0].groups[0].trimmed_unread = 7;
  EXPECT_EQ(m.EvaluateAlerts().ToString(), "trimmed_unread");
  EXPECT_TRUE(Has(m.ToPrometheus(), "event_buffer_alert{alert=\"trimmed_unread\"} 1\n"));
}

TEST(Alerts, NoCapNoMemoryAlert) {
  BufferMetrics m = Idle();
  m.maxmemory = 0;
  m.used_memory = 1'000'000;
  EXPECT_FALSE(m.EvaluateAlerts().memory_high);
  EXPECT_EQ(m.MemoryRatio(), 0.0);
}

TEST(Prometheus, FamiliesLabelsAndValues) {
  BufferMetrics m = Idle();
  m.streams[0].length = 42;
  m.streams[0].groups[0].pending = 3;
  m.streams[0].groups[0].lag = 39;
  const std::string text = m.ToPrometheus();
  EXPECT_TRUE(Has(text, "# TYPE redis_stream_length gauge\n"));
  EXPECT_TRUE(Has(text, "redis_stream_length{stream=\"buffer:firehose\",topic=\"firehose\"} 42\n"));
  EXPECT_TRUE(Has(text,
                  "redis_stream_group_messages_pending{stream=\"buffer:firehose\","
                  "topic=\"firehose\",group=\"pipeline\"} 3\n"));
  EXPECT_TRUE(Has(text,
                  "redis_stream_group_lag{stream=\"buffer:firehose\",topic=\"firehose\","
                  "group=\"pipeline\"} 39\n"));
  EXPECT_TRUE(Has(text, "redis_memory_max_bytes 1000\n"));
  EXPECT_TRUE(Has(text, "event_buffer_memory_utilisation_ratio 0.10000000000000001\n"));
  for (const char* family :
       {"redis_memory_used_bytes", "redis_evicted_keys_total", "event_buffer_oom_rejections_total",
        "event_buffer_oldest_event_age_seconds", "event_buffer_group_entries_trimmed_unread"}) {
    EXPECT_TRUE(Has(text, std::string("# HELP ") + family + " ")) << family;
  }
}

TEST(Prometheus, LabelValuesAreEscaped) {
  BufferMetrics m = Idle();
  m.streams[0].groups[0].group = "a\"b\\c";
  EXPECT_TRUE(Has(m.ToPrometheus(), "group=\"a\\\"b\\\\c\""));
}

}  // namespace
}  // namespace event_buffer
