// Private: the rows both human reports (report_markdown.cc, report_html.cc) select from a merged
// report, chosen once so that leak-report.md and leak-report.html list the same tests.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "redis_testkit/cleanup/report_merge.h"

namespace redis_testkit::cleanup::internal {

// One test of a merged report and the report file it came from.
struct TestRow {
  const TestRecord* record;
  const MergedReport::Source* source;
  std::size_t index;  // in its report
};

// Every test in run order: by the start of its process, then its file, then its place there.
std::vector<TestRow> RunOrder(const MergedReport& merged);

// The tests that leaked keys, most leaked bytes first (run order among equals).
std::vector<TestRow> LeakingTests(const std::vector<TestRow>& tests);

// Where a leaked key was: "db 5", or on a cluster "node 127.0.0.1:7002" and, with `slot`,
// "node 127.0.0.1:7002, slot 6314".
std::string KeyPlace(const LeakedKey& key, bool slot);

// The distinct KeyPlace()s (without slot) of a test's leaked keys, in order of first appearance.
std::vector<std::string> LeakPlaces(const TestRecord& record);

// The tests during which Redis rejected commands with OOM, in the order of `tests`.
std::vector<TestRow> OomTests(const std::vector<TestRow>& tests);

}  // namespace redis_testkit::cleanup::internal
