// Units, the per-test log line and the suite summary.
#include <gtest/gtest.h>

#include "redis_testkit/cleanup/format_units.h"
#include "redis_testkit/cleanup/log_format.h"

namespace redis_testkit::cleanup {
namespace {

constexpr long long kMiB = 1024 * 1024;

TEST(FormatUnitsTest, TtlDurationPercent) {
  EXPECT_EQ(FormatTtl(-1), "no ttl");
  EXPECT_EQ(FormatTtl(250), "ttl 250ms");
  EXPECT_EQ(FormatTtl(59'900), "ttl 59.9s");
  EXPECT_EQ(FormatTtl(720'000), "ttl 12.0m");
  EXPECT_EQ(FormatTtl(7'200'000), "ttl 2.00h");
  EXPECT_EQ(FormatTtl(3 * 86'400'000LL), "ttl 3.00d");
  EXPECT_EQ(FormatDuration(0.42), "0.42ms");
  EXPECT_EQ(FormatDuration(12.34), "12.3ms");
  EXPECT_EQ(FormatDuration(1234), "1.23s");
  EXPECT_EQ(FormatDuration(150'000), "2.50m");
  EXPECT_EQ(FormatPercent(0.0021), "0.2%");
  EXPECT_EQ(FormatPercent(0.125), "12.5%");
  EXPECT_EQ(FormatPercent(1.0), "100%");
}

TestRecord BriefRecord() {
  TestRecord r;
  r.suite = "GatewayStorm";
  r.name = "Aggregates15";
  r.keys_before = 0;
  r.keys_after = 17;
  r.memory.used_before = 1153434;
  r.memory.used_after = 1153434 + 39117;
  r.memory.peak_before = 1100000;
  r.memory.peak = 1205862;
  r.memory.rss = 10276045;
  r.memory.fragmentation = 8.9;
  r.memory.maxmemory = 512 * kMiB;
  r.leaks.left_behind_count = 17;
  r.leaks.left_behind_bytes = 3174;
  return r;
}

TEST(LogFormatTest, TestLine) {
  EXPECT_EQ(FormatTestLine(BriefRecord()),
            "[redis] GatewayStorm.Aggregates15 keys 0->17 (+17) used 1.10MB->1.14MB (+38.2KB) "
            "peak 1.15MB rss 9.80MB frag 8.90 maxmem 0.2% oom 0 leaks: no_ttl 0, left_behind 17 "
            "(3.10KB)");
}

TEST(LogFormatTest, TestLineVariants) {
  TestRecord r = BriefRecord();
  r.keys_before = 20;
  r.keys_after = 3;
  r.memory.maxmemory = 0;
  r.oom_rejections = 2;
  r.evicted_keys = 5;
  r.leaks.no_ttl_count = 1;
  r.leaks.no_ttl_bytes = 56;
  r.leaks.allowlisted_count = 4;
  EXPECT_EQ(FormatTestLine(r),
            "[redis] GatewayStorm.Aggregates15 keys 20->3 (-17) used 1.10MB->1.14MB (+38.2KB) "
            "peak 1.15MB rss 9.80MB frag 8.90 maxmem none oom 2 evicted 5 leaks: no_ttl 1 (56B), "
            "left_behind 17 (3.10KB), allowlisted 4");
  r.leak_check = false;
  EXPECT_TRUE(FormatTestLine(r).ends_with(" evicted 5 leaks: off"));
}

TEST(LogFormatTest, FragmentationAlarmOnlyAboveTenMegabytes) {
  TestRecord r = BriefRecord();
  EXPECT_EQ(FormatTestLine(r).find("(high)"), std::string::npos) << "8.90 on ~1 MB is normal";
  r.memory.used_after = 20 * kMiB;
  EXPECT_NE(FormatTestLine(r).find("frag 8.90 (high)"), std::string::npos);
  r.memory.fragmentation = 1.2;
  EXPECT_EQ(FormatTestLine(r).find("(high)"), std::string::npos);
}

TEST(LogFormatTest, SuiteSummary) {
  SuiteSummary s;
  s.tests = 12;
  s.passed = 10;
  s.failed = 1;
  s.skipped = 1;
  s.peak_used_memory = 1205862;
  s.peak_test = "GatewayStorm.Aggregates15";
  s.tests_with_leaks = 2;
  s.leaked_keys = 17;
  s.no_ttl_keys = 1;
  s.leaked_bytes = 3174;
  s.total_overhead_ms = 4.2;
  s.slowest = {{"GatewayStorm", "Aggregates15", 1234, TestStatus::kPassed},
               {"Dedup", "Window", 800, TestStatus::kFailed}};
  EXPECT_EQ(FormatSuiteSummary(s),
            "[redis] summary: 12 tests (10 passed, 1 failed, 1 skipped); peak used 1.15MB "
            "(GatewayStorm.Aggregates15); tests with leaks 2; leaked keys 17 (no_ttl 1) 3.10KB; "
            "oom rejections 0; kit overhead 4.20ms\n"
            "[redis] slowest: GatewayStorm.Aggregates15 1.23s, Dedup.Window 800ms");
  s.oom_rejections = 3;
  s.tests_with_oom = 1;
  s.slowest.clear();
  EXPECT_NE(FormatSuiteSummary(s).find("oom rejections 3 in 1 tests;"), std::string::npos);
  EXPECT_TRUE(FormatSuiteSummary(s).ends_with("[redis] slowest: none"));
}

}  // namespace
}  // namespace redis_testkit::cleanup
