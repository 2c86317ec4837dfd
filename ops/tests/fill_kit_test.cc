// A suite written with the kit (registered with redis_testkit_discover_tests): FillTo on the kit's
// own server and its figures asserted through Stats(), as an eviction-policy test would. The
// settings it changes (maxmemory, policy) are put back by the kit after each test.
#include <chrono>
#include <string>
#include <thread>

#include "redis_testkit/gtest.h"

namespace {

using redis_testkit::Connect;
using redis_testkit::FillTo;
using redis_testkit::Stats;
using redis_testkit::ops::FillLayout;

constexpr long long kCap = 32LL * 1024 * 1024;

void CapWithPolicy(const std::string& policy) {
  auto redis = Connect();
  redis.Command({"CONFIG", "SET", "maxmemory", std::to_string(kCap)});
  redis.Command({"CONFIG", "SET", "maxmemory-policy", policy});
}

// The seed's finding, as a test: with allkeys-lru a full stream buffer loses the whole stream key
// at once. The fill itself evicts nothing; writing on past the cap does, and Stats() shows it.
TEST(FillKit, AllkeysLruEvictsTheWholeStreamAtOnce) {
  CapWithPolicy("allkeys-lru");
  const auto fill = FillTo(0.9, {.layout = FillLayout::kStream});
  const std::string stream = fill.key_prefix + "stream:0";
  auto redis = Connect();
  ASSERT_EQ(redis.Command({"EXISTS", stream}).AsInteger(), 1);

  const redis_testkit::TestStats filled = Stats();
  EXPECT_EQ(filled.evicted_keys, 0);
  EXPECT_EQ(filled.oom_rejections, 0);
  EXPECT_NEAR(static_cast<double>(filled.used_memory) / kCap, 0.9, 0.01);
  EXPECT_EQ(filled.keys, filled.keys_at_start + 1);
  EXPECT_EQ(filled.maxmemory_policy, "allkeys-lru");

  // LRU idle times have a 1 s resolution, and Redis samples maxmemory-samples keys per eviction:
  // let the stream age, and sample every key, so the least recently used key is the one chosen.
  redis.Command({"CONFIG", "SET", "maxmemory-samples", "10"});
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const std::string value(1024 * 1024, 'y');
  for (int i = 0; i < 6; ++i) {  // 6 MB more than the 3.2 MB left, with a TTL: not a leak
    redis.Command({"SET", "burst:" + std::to_string(i), value, "EX", "60"});
  }
  const redis_testkit::TestStats after = Stats();
  EXPECT_GE(after.evicted_keys, 1);
  EXPECT_EQ(after.oom_rejections, 0);
  EXPECT_EQ(redis.Command({"EXISTS", stream}).AsInteger(), 0) << "the stream survived";
  EXPECT_LT(after.used_memory, filled.used_memory);  // ~28 MB of stream gone in one eviction
}

// Runs after the test above in one process (the self-test does): the counters are this test's,
// diffed against its start, not the server's since it started.
TEST(FillKit, CountersStartAtZeroInTheNextTest) {
  const redis_testkit::TestStats stats = Stats();
  EXPECT_EQ(stats.evicted_keys, 0);
  EXPECT_EQ(stats.oom_rejections, 0);
  EXPECT_EQ(stats.expired_keys, 0);
  EXPECT_EQ(stats.keys, 0);
}

// With noeviction the fill reaches the level without a rejection; its keys left at the end are
// fill data, not a leak of this test.
TEST(FillKit, FillKeysLeftBehindAreNotLeaks) {
  CapWithPolicy("noeviction");
  const auto fill = FillTo(0.5, {.layout = FillLayout::kHash, .value_size = 256});
  EXPECT_NEAR(fill.fraction_after, 0.5, 0.01);
  const redis_testkit::TestStats stats = Stats();
  EXPECT_EQ(stats.oom_rejections, 0);
  EXPECT_EQ(stats.keys, fill.keys_written);
}

TEST(FillKit, BadLevelNamesIt) {
  try {
    FillTo(1.5);
    FAIL() << "150% accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("150.0%"), std::string::npos) << error.what();
  }
}

}  // namespace
