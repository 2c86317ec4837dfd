// Phase 1 on the buffer's own test server: started by the kit with the built-in
// durable-stream-buffer profile (REDIS_TESTKIT_PROFILE) and aof-everysec, the profile passes; the
// seeds' MET-001 policy on the same server fails it, naming the check.
#include <redis_testkit/gtest.h>

#include "buffer_scenario.h"
#include "redis_testkit/ops/audit.h"
#include "redis_testkit/ops/profile.h"

namespace buffer_scenarios {
namespace {

using Durable = BufferScenario;

TEST_F(Durable, ProfilePassesOnTheBuffersTestServer) {
  event_buffer::Producer producer(Options(), {.topic = "firehose", .retention = {}});
  for (int i = 0; i < 100; ++i) producer.Append(Event(i));
  const auto report = redis_testkit::ExpectProfile("durable-stream-buffer");
  EXPECT_TRUE(report.Passed()) << report.ToText();
  auto redis = redis_testkit::Connect();
  EXPECT_EQ(redis.Command({"CONFIG", "GET", "appendfsync"}).AsArray().at(1).AsString(), "everysec");
  EXPECT_EQ(redis.Command({"CONFIG", "GET", "maxmemory-policy"}).AsArray().at(1).AsString(),
            "noeviction");
}

TEST_F(Durable, Met001PolicyFailsOnTheSameServer) {
  auto redis = redis_testkit::Connect();
  redis.Command({"CONFIG", "SET", "maxmemory-policy", "allkeys-lru"});
  const auto report =
      redis_testkit::ops::Audit(redis_testkit::ops::LoadProfile("durable-stream-buffer"), redis);
  EXPECT_FALSE(report.Passed());
  EXPECT_EQ(report.Count(redis_testkit::ops::CheckOutcome::kFail), 1) << report.ToText();
  EXPECT_NE(report.ToText().find("FAIL no-eviction"), std::string::npos) << report.ToText();
}

}  // namespace
}  // namespace buffer_scenarios
