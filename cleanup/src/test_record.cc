// TestRecord helpers and SuiteSummary aggregation.
#include "redis_testkit/cleanup/test_record.h"

#include <algorithm>

namespace redis_testkit::cleanup {
namespace {

void KeepSlowest(std::vector<TestRef>& tests, std::size_t count) {
  std::stable_sort(tests.begin(), tests.end(), [](const TestRef& a, const TestRef& b) {
    return a.duration_ms > b.duration_ms;
  });
  if (tests.size() > count) tests.resize(count);
}

}  // namespace

const char* ToString(TestStatus status) {
  switch (status) {
    case TestStatus::kPassed:
      return "passed";
    case TestStatus::kFailed:
      return "failed";
    case TestStatus::kSkipped:
      return "skipped";
  }
  return "failed";
}

TestStatus ParseTestStatus(std::string_view text) {
  if (text == "passed") return TestStatus::kPassed;
  if (text == "skipped") return TestStatus::kSkipped;
  return TestStatus::kFailed;
}

long long MemoryFigures::HighWater() const {
  return PeakRaised() ? peak : std::max(used_before, used_after);
}

double MemoryFigures::MaxmemoryShare() const {
  return maxmemory > 0 ? static_cast<double>(used_after) / static_cast<double>(maxmemory) : 0.0;
}

SuiteSummary SuiteSummary::FromRecords(const std::vector<TestRecord>& records,
                                       std::size_t slowest_count) {
  SuiteSummary s;
  for (const TestRecord& r : records) {
    ++s.tests;
    switch (r.status) {
      case TestStatus::kPassed:
        ++s.passed;
        break;
      case TestStatus::kFailed:
        ++s.failed;
        break;
      case TestStatus::kSkipped:
        ++s.skipped;
        break;
    }
    if (r.HasLeaks()) ++s.tests_with_leaks;
    s.leaked_keys += r.leaks.LeakedCount();
    s.leaked_bytes += r.leaks.LeakedBytes();
    s.no_ttl_keys += r.leaks.no_ttl_count;
    s.allowlisted_keys += r.leaks.allowlisted_count;
    s.oom_rejections += r.oom_rejections;
    if (r.oom_rejections > 0) ++s.tests_with_oom;
    if (r.memory.HighWater() > s.peak_used_memory) {
      s.peak_used_memory = r.memory.HighWater();
      s.peak_test = r.FullName();
    }
    s.total_duration_ms += r.duration_ms;
    s.total_overhead_ms += r.overhead_ms;
    s.slowest.push_back({r.suite, r.name, r.duration_ms, r.status});
  }
  KeepSlowest(s.slowest, slowest_count);
  return s;
}

void SuiteSummary::Add(const SuiteSummary& other, std::size_t slowest_count) {
  tests += other.tests;
  passed += other.passed;
  failed += other.failed;
  skipped += other.skipped;
  tests_with_leaks += other.tests_with_leaks;
  leaked_keys += other.leaked_keys;
  leaked_bytes += other.leaked_bytes;
  no_ttl_keys += other.no_ttl_keys;
  allowlisted_keys += other.allowlisted_keys;
  oom_rejections += other.oom_rejections;
  tests_with_oom += other.tests_with_oom;
  if (other.peak_used_memory > peak_used_memory) {
    peak_used_memory = other.peak_used_memory;
    peak_test = other.peak_test;
  }
  total_duration_ms += other.total_duration_ms;
  total_overhead_ms += other.total_overhead_ms;
  slowest.insert(slowest.end(), other.slowest.begin(), other.slowest.end());
  KeepSlowest(slowest, slowest_count);
}

}  // namespace redis_testkit::cleanup
