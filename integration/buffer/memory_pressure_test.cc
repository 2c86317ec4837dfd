// Phase 3, memory pressure under noeviction: with retention the buffer reaches 90%+ of the cap
// with no OOM and no unconsumed event lost; without retention the producer gets back-pressure
// (nothing half-written), and once the consumers caught up and the stream is trimmed, writes
// succeed again.
#include <redis_testkit/gtest.h>

#include "buffer_scenario.h"
#include "event_buffer/errors.h"
#include "event_buffer/monitor.h"

namespace buffer_scenarios {
namespace {

using MemoryPressure = BufferScenario;
constexpr long long kCap = 8LL * 1024 * 1024;

void SetCap() { redis_testkit::Connect().Command({"CONFIG", "SET", "maxmemory", "8mb"}); }

TEST_F(MemoryPressure, WithRetentionNinetyPercentGivesNoOomAndLosesNothingUnread) {
  SetCap();
  redis_testkit::FillTo(0.6);  // the rest of the server's data
  event_buffer::Producer probe(Options(), {.topic = "probe", .retention = {}});
  const long long before = redis_testkit::Stats().used_memory;
  for (int i = 0; i < 1000; ++i) probe.Append(Event(i));
  const long long per_event = (redis_testkit::Stats().used_memory - before) / 1000;
  const long long max_len = (kCap * 92 / 100 - before) / per_event;
  redis_testkit::Connect().Command({"DEL", "buffer:probe"});

  event_buffer::Monitor monitor(Options(), {.topics = {"firehose"}, .thresholds = {}});
  event_buffer::Producer producer(
      Options(), {.topic = "firehose", .retention = event_buffer::Retention::MaxLen(max_len)});
  event_buffer::Consumer consumer(Options(), ConsumerNamed("firehose", "w1", 500));
  consumer.EnsureGroup();
  std::map<long long, int> delivered;
  long long peak = 0;
  const long long total = (max_len * 2 / 100 + 1) * 100;
  const long long drain_every = std::max<long long>(max_len / 4 / 100 * 100, 100);
  for (long long seq = 0; seq < total; seq += 100) {
    std::vector<event_buffer::Fields> batch;
    for (long long i = seq; i < seq + 100; ++i) batch.push_back(Event(i));
    producer.AppendBatch(batch);
    // The consumer keeps up, lagging by up to a quarter of the buffer.
    if ((seq + 100) % drain_every == 0) {
      for (const auto& [s, n] : Drain(consumer)) delivered[s] += n;
      peak = std::max(peak, redis_testkit::Stats().used_memory);
    }
  }
  for (const auto& [s, n] : Drain(consumer)) delivered[s] += n;
  peak = std::max(peak, redis_testkit::Stats().used_memory);
  const auto stats = redis_testkit::Stats();
  EXPECT_GE(static_cast<double>(peak) / kCap, 0.90) << "the buffer must reach 90%+ of the cap";
  EXPECT_EQ(stats.oom_rejections, 0);
  EXPECT_EQ(stats.evicted_keys, 0);
  EXPECT_EQ(static_cast<long long>(delivered.size()), total) << "no unconsumed event trimmed";
  EXPECT_EQ(monitor.Scrape().streams[0].groups[0].trimmed_unread, 0);
  std::printf("peak %.1f%% of 8 MB, MAXLEN ~%lld, %lld events delivered, 0 OOM\n",
              100.0 * static_cast<double>(peak) / kCap, max_len, total);
}

// Appends batches of 50 until Redis refuses one; returns the events acknowledged.
long long ProduceUntilFull(event_buffer::Producer& producer) {
  long long seq = 0;
  for (;;) {
    std::vector<event_buffer::Fields> batch;
    for (int i = 0; i < 50; ++i) batch.push_back(Event(seq + i));
    try {
      producer.AppendBatch(batch);
      seq += 50;
    } catch (const event_buffer::BackPressureError& error) {
      EXPECT_TRUE(error.retryable());
      return seq;
    }
  }
}

TEST_F(MemoryPressure, WithoutRetentionTheProducerGetsBackPressureAndNothingHalfWritten) {
  redis_testkit::ExpectOomRejections();
  SetCap();
  event_buffer::Producer producer(Options(), {.topic = "firehose", .retention = {}});
  const long long acknowledged = ProduceUntilFull(producer);
  auto redis = redis_testkit::Connect();
  EXPECT_EQ(redis.Command({"XLEN", "buffer:firehose"}).AsInteger(), acknowledged)
      << "a refused batch of 50 left nothing behind";
  // A refused batch frees what its MULTI queued, so a single event may still fit under the cap:
  // single events go on until Redis refuses one too (bounded), and each one taken is counted.
  long long singles = 0;
  bool refused = false;
  for (; singles < 10000 && !refused; ++singles) {
    try {
      producer.Append(Event(acknowledged + singles));
    } catch (const event_buffer::BackPressureError& error) {
      EXPECT_TRUE(error.retryable());
      refused = true;
      --singles;
    }
  }
  EXPECT_TRUE(refused) << "single events after a refused batch must meet back-pressure too";
  EXPECT_EQ(redis.Command({"XLEN", "buffer:firehose"}).AsInteger(), acknowledged + singles)
      << "a refused event left nothing behind";
  EXPECT_GE(redis_testkit::Stats().oom_rejections, 2);
  EXPECT_EQ(redis_testkit::Stats().evicted_keys, 0);
  EXPECT_EQ(producer.back_pressure(), 2);
}

TEST_F(MemoryPressure, AfterConsumersCatchUpAndTrimWritesSucceedAgain) {
  redis_testkit::ExpectOomRejections();
  SetCap();
  event_buffer::Producer producer(Options(), {.topic = "firehose", .retention = {}});
  event_buffer::Consumer consumer(Options(), ConsumerNamed("firehose", "w1", 1000));
  consumer.EnsureGroup();
  const long long acknowledged = ProduceUntilFull(producer);
  const std::map<long long, int> delivered = Drain(consumer);
  EXPECT_EQ(static_cast<long long>(delivered.size()), acknowledged);
  EXPECT_EQ(consumer.TrimConsumed(), acknowledged);
  EXPECT_NO_THROW(producer.Append(Event(acknowledged))) << "room again after the trim";
  EXPECT_EQ(Drain(consumer).size(), 1U);
}

TEST_F(MemoryPressure, FillerDataNeverPushesTheBufferOut) {
  SetCap();
  event_buffer::Producer producer(Options(), {.topic = "firehose", .retention = {}});
  for (int i = 0; i < 2000; ++i) producer.Append(Event(i));
  const auto fill = redis_testkit::FillTo(0.95);
  EXPECT_EQ(fill.evicted_keys, 0);
  EXPECT_EQ(redis_testkit::Connect().Command({"XLEN", "buffer:firehose"}).AsInteger(), 2000)
      << "noeviction keeps every event whatever else fills the server";
}

}  // namespace
}  // namespace buffer_scenarios
