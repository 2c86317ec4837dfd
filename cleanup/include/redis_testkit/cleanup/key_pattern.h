// Key pattern generalisation: turns concrete keys into the pattern that created them, so that a
// report says "gateway:dedup:{prod-api:HighCPU}:* x 100000" instead of listing 100,000 keys.
//
// A key is split on ':' into segments; a hash tag "{...}" is kept inside its segment even when it
// holds ':' (Redis cluster semantics: the first '{' up to the next '}'), and an ISO-8601 time
// "2024-05-01T12:00:00Z" is one segment. Volatile segments become '*':
//   numbers (42, -7, 3.14, epoch times), uuids, hex runs of >= 8 characters (sha256 fingerprints;
//   at least one digit unless >= 16 characters), ISO dates/times, base64-ish ids of > 20
//   characters (letters and digits mixed like random data), and word+digits like "item12345"
//   (>= 4 trailing digits) become "item*".
// Inside a segment, parts separated by '-', '_', '.' or ',' are generalised one by one
// ("session-12345" -> "session-*"). Inside a hash tag the same rules apply to each ':' part:
// "{prod-api:HighCPU}" stays, "{42}" -> "{*}".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "redis_testkit/cleanup/leaked_key.h"

namespace redis_testkit::cleanup {

// Segments of a key: split on ':' outside hash tags, ISO times kept whole.
std::vector<std::string_view> SplitKeySegments(std::string_view key);

// True for a segment (or a part of one) that is an id, number, hash or time rather than a name.
bool IsVolatileToken(std::string_view token);

// One segment generalised (hash tags, '-'/'_'/'.'/',' parts).
std::string GeneralizeSegment(std::string_view segment);

// The whole key: "gateway:dedup:{prod-api:HighCPU}:3fa9...e1" ->
// "gateway:dedup:{prod-api:HighCPU}:*".
std::string GeneralizeKey(std::string_view key);

// The first segment, generalised ("gateway" for "gateway:dedup:..."): the key-count-by-prefix key.
std::string KeyPrefix(std::string_view key);

struct PatternGroup {
  std::string pattern;
  long long count = 0;
  long long bytes = 0;
  long long no_ttl = 0;              // keys of this pattern without a TTL
  std::vector<std::string> samples;  // up to kMaxSamples concrete keys, first seen first

  static constexpr std::size_t kMaxSamples = 3;
  friend bool operator==(const PatternGroup&, const PatternGroup&) = default;
};

// Accumulates keys into pattern groups (several lists can be added without copying them).
class PatternGrouper {
 public:
  void Add(const LeakedKey& key);
  // The groups, sorted by bytes, then count (both descending), then pattern; the grouper is
  // empty afterwards.
  std::vector<PatternGroup> Finish();

 private:
  std::vector<PatternGroup> groups_;
  std::unordered_map<std::string, std::size_t> index_;  // pattern -> position in groups_
};

// Groups keys by GeneralizeKey (PatternGrouper over one list).
std::vector<PatternGroup> GroupByPattern(const std::vector<LeakedKey>& keys);

}  // namespace redis_testkit::cleanup
