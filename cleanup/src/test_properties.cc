#include "redis_testkit/cleanup/test_properties.h"

namespace redis_testkit::cleanup {

std::vector<std::pair<std::string, std::string>> TestProperties(const TestRecord& record) {
  const auto n = [](long long v) { return std::to_string(v); };
  return {
      {"redis_keys_before", n(record.keys_before)},
      {"redis_keys_after", n(record.keys_after)},
      {"redis_used_memory_before", n(record.memory.used_before)},
      {"redis_used_memory_after", n(record.memory.used_after)},
      {"redis_used_memory_delta", n(record.memory.Delta())},
      {"redis_used_memory_peak", n(record.memory.HighWater())},
      {"redis_oom_rejections", n(record.oom_rejections)},
      {"redis_leaked_keys", n(record.leaks.LeakedCount())},
      {"redis_leaked_bytes", n(record.leaks.LeakedBytes())},
      {"redis_no_ttl_keys", n(record.leaks.no_ttl_count)},
  };
}

}  // namespace redis_testkit::cleanup
