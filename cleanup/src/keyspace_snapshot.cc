// KeyspaceSnapshot: SCAN walk, repeat removal, diff, prefix counts (see keyspace_snapshot.h).
#include "redis_testkit/cleanup/keyspace_snapshot.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "redis_testkit/cleanup/key_pattern.h"
#include "redis_testkit/client/scan.h"

namespace redis_testkit::cleanup {
namespace {

// SCAN may hand out a key twice when the table is rehashed during the walk. Checking is one
// hash-set pass; copying happens only in the rare case that a repeat was seen.
void RemoveRepeats(std::vector<std::string>& keys) {
  std::unordered_set<std::string_view> seen;
  seen.reserve(keys.size());
  bool repeats = false;
  for (const std::string& key : keys) {
    if (!seen.insert(key).second) {
      repeats = true;
      break;
    }
  }
  if (!repeats) return;
  seen.clear();
  std::vector<std::string> unique;
  unique.reserve(keys.size());
  for (const std::string& key : keys) {
    if (seen.insert(key).second) unique.push_back(key);  // views into `keys`, which stays put
  }
  keys = std::move(unique);
}

}  // namespace

KeyspaceSnapshot::KeyspaceSnapshot(std::vector<std::string> keys, long long scan_calls)
    : keys_(std::move(keys)), scan_calls_(scan_calls) {}

KeyspaceSnapshot KeyspaceSnapshot::Take(client::Connection& connection, long long count) {
  client::ScanOptions options;
  options.count = count;
  client::KeyScanner scanner(connection, options);
  std::vector<std::string> keys;
  std::vector<std::string> batch;
  long long calls = 0;
  while (scanner.Next(batch)) {
    ++calls;
    if (keys.empty()) {
      keys = std::move(batch);
      batch = {};
    } else {
      keys.insert(keys.end(), std::make_move_iterator(batch.begin()),
                  std::make_move_iterator(batch.end()));
    }
    batch.clear();
  }
  keys.insert(keys.end(), std::make_move_iterator(batch.begin()),  // defensive: a final batch
              std::make_move_iterator(batch.end()));               // handed out with `false`
  RemoveRepeats(keys);
  return KeyspaceSnapshot(std::move(keys), calls);
}

std::vector<std::string> KeyspaceSnapshot::AddedSince(const KeyspaceSnapshot& before) const {
  if (before.empty()) return keys_;
  std::unordered_set<std::string_view> old_keys(before.keys_.begin(), before.keys_.end());
  std::vector<std::string> added;
  for (const std::string& key : keys_) {
    if (!old_keys.contains(key)) added.push_back(key);
  }
  return added;
}

std::map<std::string, long long> KeyspaceSnapshot::CountByPrefix(std::size_t max_prefixes) const {
  PrefixCounter counter;
  for (const std::string& key : keys_) counter.Add(key);
  return counter.Finish(max_prefixes);
}

void PrefixCounter::Add(std::string_view key) {
  std::string prefix = KeyPrefix(key);
  auto it = counts_.find(prefix);
  if (it == counts_.end()) {
    counts_.emplace(std::move(prefix), 1);
  } else {
    ++it->second;
  }
}

std::map<std::string, long long> PrefixCounter::Finish(std::size_t max_prefixes) const {
  std::vector<std::pair<std::string, long long>> sorted(counts_.begin(), counts_.end());
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::map<std::string, long long> out;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i < max_prefixes) {
      out.insert(sorted[i]);
    } else {
      out["(other)"] += sorted[i].second;
    }
  }
  return out;
}

}  // namespace redis_testkit::cleanup
