// Phase 1, configuration audit: the seeds' MET-001 settings (allkeys-lru, no AOF) fail the
// built-in durable-stream-buffer profile, and the reason shown live: filled to the cap under
// allkeys-lru, the whole stream (every unconsumed event) is evicted at once.
// (The profile passing on the buffer's own test server: durable_test.cc.)
#include "redis_testkit/ops/audit.h"

#include <redis_testkit/gtest.h>

#include "buffer_scenario.h"
#include "event_buffer/monitor.h"
#include "redis_testkit/ops/profile.h"

namespace buffer_scenarios {
namespace {

using AuditScenario = BufferScenario;

TEST_F(AuditScenario, Met001SettingsFailTheDurableBufferProfile) {
  auto redis = redis_testkit::Connect();
  redis.Command({"CONFIG", "SET", "maxmemory-policy", "allkeys-lru"});  // MET-001
  const auto report =
      redis_testkit::ops::Audit(redis_testkit::ops::LoadProfile("durable-stream-buffer"), redis);
  EXPECT_FALSE(report.Passed()) << report.ToText();
  bool eviction_named = false;
  for (const auto& result : report.results) {
    if (result.check.name == "no-eviction") {
      eviction_named = result.outcome == redis_testkit::ops::CheckOutcome::kFail;
      EXPECT_EQ(result.actual, "allkeys-lru");
    }
  }
  EXPECT_TRUE(eviction_named) << report.ToText();
  std::printf("%s\n", report.ToText().c_str());
}

TEST_F(AuditScenario, AllkeysLruEvictsTheWholeStreamAtOnce) {
  auto redis = redis_testkit::Connect();
  redis.Command({"CONFIG", "SET", "maxmemory", "8mb"});  // the kit puts its settings back
  event_buffer::Monitor monitor(Options(), {.topics = {"firehose"}, .thresholds = {}});
  event_buffer::Producer producer(Options(), {.topic = "firehose", .retention = {}});
  event_buffer::Consumer consumer(Options(), ConsumerNamed("firehose", "w1"));
  consumer.EnsureGroup();
  // Fill to ~90% under noeviction: the buffer holds every event.
  long long seq = 0;
  while (redis_testkit::Stats().used_memory < 8LL * 1024 * 1024 * 9 / 10) {
    std::vector<event_buffer::Fields> batch;
    for (int i = 0; i < 500; ++i) batch.push_back(Event(seq++));
    producer.AppendBatch(batch);
  }
  const long long held = redis.Command({"XLEN", "buffer:firehose"}).AsInteger();
  EXPECT_EQ(held, seq);
  // MET-001's policy, then the firehose goes on past the cap.
  redis.Command({"CONFIG", "SET", "maxmemory-policy", "allkeys-lru"});
  for (int i = 0; i < 100 && redis_testkit::Stats().evicted_keys == 0; ++i) {
    std::vector<event_buffer::Fields> batch;
    for (int j = 0; j < 50; ++j) batch.push_back(Event(seq++));
    producer.AppendBatch(batch);
  }
  EXPECT_GE(redis_testkit::Stats().evicted_keys, 1);
  const long long left = redis.Command({"XLEN", "buffer:firehose"}).AsInteger();
  EXPECT_LT(left, held / 10) << "one eviction took the whole stream: " << held
                             << " unconsumed events held, " << left << " left";
  const event_buffer::BufferMetrics m = monitor.Scrape();
  EXPECT_TRUE(m.EvaluateAlerts().evictions) << m.ToPrometheus();
  std::printf(
      "allkeys-lru at the cap: %lld unconsumed events held, %lld left after the first "
      "eviction\n",
      held, left);
}

}  // namespace
}  // namespace buffer_scenarios
