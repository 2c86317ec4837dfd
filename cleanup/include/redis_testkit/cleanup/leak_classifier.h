// Pure classification of the keys a test left behind, and the verdict for the test.
//   no_ttl       PTTL -1: the key would live forever
//   left_behind  the key has a TTL: it will go away, but the test did not clean up
//   allowlisted  the key matches a glob of CleanupConfig::leak_allowlist (never a leak), or is
//                fill data: it starts with kFillKeyPrefix
// Verdict per LeakPolicy: kFailNoTtl fails on no_ttl keys only; kFailAny on any key that is not
// allowlisted; kReport and kOff never fail on keys. OOM rejections during the test always fail.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redis_testkit/cleanup/leaked_key.h"
#include "redis_testkit/config.h"

namespace redis_testkit::cleanup {

// Every key the kit's memory fill writes (ops::FillMemory, FillTo, `redis-testkit fill`) starts
// with this prefix: fill data the test asked the kit for, not a leak of the test. Such keys count
// as allowlisted (reported, never failing); the next test's flush removes them.
inline constexpr std::string_view kFillKeyPrefix = "redis-testkit:fill:";

enum class LeakClass { kNoTtl, kLeftBehind, kAllowlisted };
const char* ToString(LeakClass leak_class);  // "no_ttl", "left_behind", "allowlisted"

// The classified keys of one test. Lists are sorted by bytes (descending, then key) and may be
// truncated for the report (Truncate); counts and bytes always cover every key.
struct Leaks {
  std::vector<LeakedKey> no_ttl;
  std::vector<LeakedKey> left_behind;
  long long no_ttl_count = 0;
  long long no_ttl_bytes = 0;
  long long left_behind_count = 0;
  long long left_behind_bytes = 0;
  long long allowlisted_count = 0;
  long long allowlisted_bytes = 0;

  long long LeakedCount() const { return no_ttl_count + left_behind_count; }  // not allowlisted
  long long LeakedBytes() const { return no_ttl_bytes + left_behind_bytes; }
  // Counts `key` in `leak_class`; no_ttl and left_behind keys are kept in their list (unsorted
  // until SortAndKeep).
  void Add(LeakClass leak_class, LeakedKey key);
  // Sorts both lists largest first (bytes, then key) keeping the `max_keys` largest of each:
  // O(n log max_keys).
  void SortAndKeep(std::size_t max_keys = static_cast<std::size_t>(-1));
  // Keeps the `max_keys` first keys of each list (already sorted).
  void Truncate(std::size_t max_keys);
  friend bool operator==(const Leaks&, const Leaks&) = default;
};

// What the server said about memory when a test had OOM rejections.
struct OomEvidence {
  long long rejections = 0;  // errorstat_OOM after - before
  long long used_memory = 0;
  long long peak = 0;
  long long maxmemory = 0;
  std::string maxmemory_policy;
  bool expected = false;  // the test declared it provokes OOM: reported, not failed
};

struct Verdict {
  bool failed = false;
  std::string message;  // why it failed and how to fix it; empty when the test passed
  friend bool operator==(const Verdict&, const Verdict&) = default;
};

class LeakClassifier {
 public:
  static constexpr std::size_t kListedInMessage = 10;

  LeakClassifier(LeakPolicy policy, std::vector<std::string> allowlist);

  void AddAllowlist(std::string glob) { allowlist_.push_back(std::move(glob)); }
  bool IsAllowlisted(std::string_view key) const;
  LeakClass Classify(const LeakedKey& key) const;
  // Splits keys into the three classes (lists sorted largest first, at most `max_listed` keys
  // each; counts and bytes cover all keys).
  Leaks Classify(std::vector<LeakedKey> keys,
                 std::size_t max_listed = static_cast<std::size_t>(-1)) const;
  // The verdict for one test from its leaks and OOM rejections.
  Verdict Judge(const Leaks& leaks, const OomEvidence& oom) const;

  LeakPolicy policy() const { return policy_; }

 private:
  LeakPolicy policy_;
  std::vector<std::string> allowlist_;
};

// An allowlist glob for a generalised key pattern: literal '?', '[', ']' and '\' escaped, '*' kept.
std::string AllowlistGlobFor(std::string_view pattern);

}  // namespace redis_testkit::cleanup
