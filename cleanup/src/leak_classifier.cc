// Leak classification and the per-test verdict (see leak_classifier.h).
#include "redis_testkit/cleanup/leak_classifier.h"

#include <algorithm>
#include <utility>

#include "redis_testkit/cleanup/format_units.h"
#include "redis_testkit/cleanup/glob.h"
#include "redis_testkit/cleanup/key_pattern.h"

namespace redis_testkit::cleanup {
namespace {

bool LargerFirst(const LeakedKey& a, const LeakedKey& b) {
  if (a.bytes != b.bytes) return a.bytes > b.bytes;
  return a.key < b.key;
}

std::string Plural(long long n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// "  gateway:x  string  no ttl  4.10KB" lines for the largest keys (sorted), then "... and N more".
std::string KeyLines(const std::vector<const LeakedKey*>& keys, long long total_count) {
  std::string out;
  const std::size_t shown = std::min(keys.size(), LeakClassifier::kListedInMessage);
  for (std::size_t i = 0; i < shown; ++i) {
    const LeakedKey& key = *keys[i];
    out += "\n  " + key.key + (key.db != 0 ? "  (db " + std::to_string(key.db) + ")" : "") + "  " +
           key.type + "  " + FormatTtl(key.ttl_ms) + "  " + FormatBytes(key.bytes);
    if (!key.node.empty())
      out += "  (node " + key.node + ", slot " + std::to_string(key.slot) + ")";
  }
  if (total_count > static_cast<long long>(shown)) {
    out += "\n  ... and " + std::to_string(total_count - static_cast<long long>(shown)) + " more";
  }
  return out;
}

std::string LeakMessage(const Leaks& leaks, LeakPolicy policy) {
  const bool any = policy == LeakPolicy::kFailAny;
  const long long count = any ? leaks.LeakedCount() : leaks.no_ttl_count;
  const long long bytes = any ? leaks.LeakedBytes() : leaks.no_ttl_bytes;
  std::vector<const LeakedKey*> keys;
  for (const LeakedKey& key : leaks.no_ttl) keys.push_back(&key);
  if (any) {
    for (const LeakedKey& key : leaks.left_behind) keys.push_back(&key);
  }
  std::sort(keys.begin(), keys.end(),
            [](const LeakedKey* a, const LeakedKey* b) { return LargerFirst(*a, *b); });
  const std::string example =
      keys.empty() ? std::string("prefix:*") : AllowlistGlobFor(GeneralizeKey(keys.front()->key));

  std::string message =
      "Redis: this test left " +
      Plural(count, any ? "key" : "key without a TTL", any ? "keys" : "keys without a TTL") + " (" +
      FormatBytes(bytes) + " in total) [REDIS_TESTKIT_LEAK_POLICY=" + ToString(policy) +
      "]:" + KeyLines(keys, count);
  message += "\nFix: ";
  message += any ? "delete the keys in the test or give them a TTL that ends before the test does"
                 : "set a TTL on these keys (EXPIRE, SET ... PX) or delete them in the test";
  message += ", or, if they are meant to stay, allowlist them: REDIS_TESTKIT_LEAK_ALLOWLIST='" +
             example + "' (comma-separated Redis globs).";
  return message;
}

std::string OomMessage(const OomEvidence& oom) {
  std::string message =
      "Redis: " + Plural(oom.rejections, "write was", "writes were") +
      " rejected with OOM during this test (used " + FormatBytes(oom.used_memory) + ", peak " +
      FormatBytes(oom.peak) + ", maxmemory " +
      (oom.maxmemory > 0 ? FormatBytes(oom.maxmemory) : std::string("none")) + ", policy " +
      (oom.maxmemory_policy.empty() ? "?" : oom.maxmemory_policy) + ").";
  message +=
      "\nFix: make the test store less, or raise REDIS_TESTKIT_MAXMEMORY if the test really needs "
      "more; with noeviction a full Redis refuses writes, it does not drop keys.";
  return message;
}

}  // namespace

const char* ToString(LeakClass leak_class) {
  switch (leak_class) {
    case LeakClass::kNoTtl:
      return "no_ttl";
    case LeakClass::kLeftBehind:
      return "left_behind";
    case LeakClass::kAllowlisted:
      return "allowlisted";
  }
  return "?";
}

void Leaks::Add(LeakClass leak_class, LeakedKey key) {
  switch (leak_class) {
    case LeakClass::kAllowlisted:
      ++allowlisted_count;
      allowlisted_bytes += key.bytes;
      break;
    case LeakClass::kNoTtl:
      ++no_ttl_count;
      no_ttl_bytes += key.bytes;
      no_ttl.push_back(std::move(key));
      break;
    case LeakClass::kLeftBehind:
      ++left_behind_count;
      left_behind_bytes += key.bytes;
      left_behind.push_back(std::move(key));
      break;
  }
}

void Leaks::SortAndKeep(std::size_t max_keys) {
  for (std::vector<LeakedKey>* list : {&no_ttl, &left_behind}) {
    if (list->size() > max_keys) {
      // Move the largest to the front by index, without shuffling 100,000 strings.
      std::vector<std::size_t> order(list->size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::partial_sort(
          order.begin(), order.begin() + static_cast<std::ptrdiff_t>(max_keys), order.end(),
          [list](std::size_t a, std::size_t b) { return LargerFirst((*list)[a], (*list)[b]); });
      std::vector<LeakedKey> kept;
      kept.reserve(max_keys);
      for (std::size_t i = 0; i < max_keys; ++i) kept.push_back(std::move((*list)[order[i]]));
      *list = std::move(kept);
    } else {
      std::sort(list->begin(), list->end(), LargerFirst);
    }
  }
}

void Leaks::Truncate(std::size_t max_keys) {
  if (no_ttl.size() > max_keys) no_ttl.resize(max_keys);
  if (left_behind.size() > max_keys) left_behind.resize(max_keys);
}

LeakClassifier::LeakClassifier(LeakPolicy policy, std::vector<std::string> allowlist)
    : policy_(policy), allowlist_(std::move(allowlist)) {}

bool LeakClassifier::IsAllowlisted(std::string_view key) const {
  if (key.starts_with(kFillKeyPrefix)) return true;
  return std::any_of(allowlist_.begin(), allowlist_.end(),
                     [key](const std::string& glob) { return GlobMatch(glob, key); });
}

LeakClass LeakClassifier::Classify(const LeakedKey& key) const {
  if (IsAllowlisted(key.key)) return LeakClass::kAllowlisted;
  return key.HasTtl() ? LeakClass::kLeftBehind : LeakClass::kNoTtl;
}

Leaks LeakClassifier::Classify(std::vector<LeakedKey> keys, std::size_t max_listed) const {
  Leaks leaks;
  for (LeakedKey& key : keys) {
    const LeakClass leak_class = Classify(key);
    leaks.Add(leak_class, std::move(key));
  }
  leaks.SortAndKeep(max_listed);
  return leaks;
}

Verdict LeakClassifier::Judge(const Leaks& leaks, const OomEvidence& oom) const {
  Verdict verdict;
  const bool leak_failure = (policy_ == LeakPolicy::kFailNoTtl && leaks.no_ttl_count > 0) ||
                            (policy_ == LeakPolicy::kFailAny && leaks.LeakedCount() > 0);
  if (leak_failure) {
    verdict.failed = true;
    verdict.message = LeakMessage(leaks, policy_);
  }
  if (oom.rejections > 0 && !oom.expected) {
    verdict.failed = true;
    if (!verdict.message.empty()) verdict.message += "\n";
    verdict.message += OomMessage(oom);
  }
  return verdict;
}

std::string AllowlistGlobFor(std::string_view pattern) {
  std::string glob;
  glob.reserve(pattern.size());
  for (char c : pattern) {
    if (c == '?' || c == '[' || c == ']' || c == '\\') glob += '\\';
    glob += c;
  }
  return glob;
}

}  // namespace redis_testkit::cleanup
