// Carries the kit's per-test figures into the JUnit XML that `ctest --output-junit` writes: ctest
// knows nothing of GoogleTest's <property> elements, so after the run each <testcase> named
// "Suite.Test" gets a <properties> block from the merged leak report (the same names the listener
// records in the GoogleTest XML: redis_keys_before, redis_used_memory_peak, ...).
#pragma once

#include <filesystem>
#include <string>

#include "redis_testkit/cleanup/report_merge.h"

namespace redis_testkit::cleanup {

// The properties of one test, as (name, value) pairs, in a fixed order.
std::vector<std::pair<std::string, std::string>> TestProperties(const TestRecord& record);

struct JUnitAnnotation {
  std::string xml;         // the annotated document
  int annotated = 0;       // test cases that got properties
  int without_record = 0;  // test cases with no record in the report (e.g. unit tests)
};

// Inserts a <properties> block after the opening tag of every <testcase name="Suite.Test" ...>
// that has a record in `merged` (a test case that already has one is left alone).
JUnitAnnotation AnnotateJUnit(std::string junit_xml, const MergedReport& merged);

// Reads, annotates and rewrites `path` atomically. Throws std::runtime_error naming the file.
JUnitAnnotation AnnotateJUnitFile(const std::filesystem::path& path, const MergedReport& merged);

}  // namespace redis_testkit::cleanup
