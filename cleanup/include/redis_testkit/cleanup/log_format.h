// One-line log forms (pure; the fixtures layer logs them with spdlog).
#pragma once

#include <string>

#include "redis_testkit/cleanup/test_record.h"

namespace redis_testkit::cleanup {

// Below this used_memory the fragmentation ratio means nothing (a fresh Redis shows ~7).
inline constexpr long long kFragmentationAlarmMinUsed = 10LL * 1024 * 1024;
inline constexpr double kFragmentationAlarmRatio = 1.5;

// [redis] GatewayStorm.Aggregates15 keys 0->17 (+17) used 1.10MB->1.14MB (+38.2KB) peak 1.15MB
// rss 9.80MB frag 8.90 maxmem 0.2% oom 0 leaks: no_ttl 0, left_behind 17 (3.10KB)
// Adds "(high)" after frag only when used >= 10 MB, "evicted N" when keys were evicted, and
// "leaks: off" under LeakPolicy::kOff.
std::string FormatTestLine(const TestRecord& record);

// Two lines:
// [redis] summary: 12 tests (11 passed, 1 failed, 0 skipped); peak used 1.15MB (Suite.Test);
//   tests with leaks 2; leaked keys 17 (no_ttl 0) 3.10KB; oom rejections 0; kit overhead 4.20ms
// [redis] slowest: Suite.A 1.20s, Suite.B 800ms, ... (up to 5)
std::string FormatSuiteSummary(const SuiteSummary& summary);

}  // namespace redis_testkit::cleanup
