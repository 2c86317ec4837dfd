// Phase 2, capacity: what one event costs in the buffer's layout (a stream entry of ~500 bytes),
// how many fit in the seeds' 2 GB extrapolated from a capped run, and retention sized from it.
#include <redis_testkit/gtest.h>

#include "buffer_scenario.h"

namespace buffer_scenarios {
namespace {

using Capacity = BufferScenario;

constexpr long long kTwoGb = 2LL * 1024 * 1024 * 1024;
constexpr long long kSeedEvents = 2'700'000;

// Appends `count` events from `first` in batches of 500.
void Produce(event_buffer::Producer& producer, long long first, long long count) {
  for (long long done = 0; done < count;) {
    std::vector<event_buffer::Fields> batch;
    for (int i = 0; i < 500 && done < count; ++i, ++done) batch.push_back(Event(first + done));
    producer.AppendBatch(batch);
  }
}

TEST_F(Capacity, BytesPerEventOfTheBufferLayout) {
  event_buffer::Producer producer(Options(), {.topic = "firehose", .retention = {}});
  const long long before = redis_testkit::Stats().used_memory;
  Produce(producer, 0, 20'000);
  const double per_event =
      static_cast<double>(redis_testkit::Stats().used_memory - before) / 20'000.0;
  const long long usage = redis_testkit::Connect()
                              .Command({"MEMORY", "USAGE", "buffer:firehose", "SAMPLES", "0"})
                              .AsInteger();
  std::size_t raw = 0;
  for (const auto& [field, value] : Event(10'000)) raw += value.size();
  std::printf("bytes per event: %.1f (used_memory), %.1f (MEMORY USAGE), %zu of values\n",
              per_event, static_cast<double>(usage) / 20'000.0, raw);
  EXPECT_GT(per_event, static_cast<double>(raw) * 0.9);
  EXPECT_LT(per_event, static_cast<double>(raw) * 1.5) << "the stream layout costs too much";
  ::testing::Test::RecordProperty("bytes_per_event", std::to_string(per_event));
}

TEST_F(Capacity, TwoGigabytesHoldTheSeedsEventsWithHeadroom) {
  auto redis = redis_testkit::Connect();
  redis.Command({"CONFIG", "SET", "maxmemory", "16mb"});
  event_buffer::Producer producer(Options(), {.topic = "firehose", .retention = {}});
  const long long base = redis_testkit::Stats().used_memory;
  long long events = 0;
  // Up to the durable-stream-buffer profile's headroom (80% of the cap).
  while (redis_testkit::Stats().used_memory < 16LL * 1024 * 1024 * 8 / 10) {
    Produce(producer, events, 2'000);
    events += 2'000;
  }
  const double per_event =
      static_cast<double>(redis_testkit::Stats().used_memory - base) / static_cast<double>(events);
  const double fit_at_80 = (0.8 * kTwoGb - static_cast<double>(base)) / per_event;
  std::printf(
      "capped run: %lld events in 16 MB at 80%%, %.1f bytes each; 2 GB at 80%% holds "
      "%.2f M events (seeds: 2.7 M, headroom %.0f%%)\n",
      events, per_event, fit_at_80 / 1e6, (fit_at_80 / kSeedEvents - 1) * 100);
  EXPECT_GE(fit_at_80, static_cast<double>(kSeedEvents) * 1.1)
      << "2.7 M events must fit in 80% of 2 GB with 10% to spare";
  EXPECT_EQ(redis_testkit::Stats().oom_rejections, 0);
}

TEST_F(Capacity, RetentionSizedFromTheMeasureKeepsTheBufferUnderItsShare) {
  auto redis = redis_testkit::Connect();
  redis.Command({"CONFIG", "SET", "maxmemory", "8mb"});
  const long long cap = 8LL * 1024 * 1024;
  event_buffer::Producer probe(Options(), {.topic = "probe", .retention = {}});
  const long long before = redis_testkit::Stats().used_memory;
  Produce(probe, 0, 2'000);
  const long long per_event = (redis_testkit::Stats().used_memory - before) / 2'000;
  redis.Command({"DEL", "buffer:probe"});
  const long long base = redis_testkit::Stats().used_memory;
  const long long max_len = cap / 2 / per_event;  // half the cap for the buffer
  event_buffer::Producer producer(
      Options(), {.topic = "firehose", .retention = event_buffer::Retention::MaxLen(max_len)});
  Produce(producer, 0, max_len * 3);
  const auto stats = redis_testkit::Stats();
  EXPECT_LE(stats.used_memory - base, cap / 2 * 11 / 10)
      << "MAXLEN ~" << max_len << " at " << per_event << " bytes per event";
  EXPECT_EQ(stats.oom_rejections, 0);
  EXPECT_LE(redis.Command({"XLEN", "buffer:firehose"}).AsInteger(), max_len + 200);
}

}  // namespace
}  // namespace buffer_scenarios
