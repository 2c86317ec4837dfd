// The kit's per-test figures as XML properties: the one place that names them. The listener
// records them in the GoogleTest XML (Test::RecordProperty); `redis-testkit merge-reports --junit`
// adds the same ones to the JUnit XML of `ctest --output-junit`.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "redis_testkit/cleanup/test_record.h"

namespace redis_testkit::cleanup {

// (name, value) pairs in a fixed order: redis_keys_before, redis_keys_after,
// redis_used_memory_before/after/delta/peak, redis_oom_rejections, redis_leaked_keys,
// redis_leaked_bytes, redis_no_ttl_keys.
std::vector<std::pair<std::string, std::string>> TestProperties(const TestRecord& record);

}  // namespace redis_testkit::cleanup
