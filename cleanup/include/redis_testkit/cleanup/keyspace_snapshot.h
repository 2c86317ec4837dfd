// All keys of the test database at one moment, walked with SCAN (client::KeyScanner, COUNT 1000),
// and the difference between two such moments.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace redis_testkit::client {
class Connection;
}

namespace redis_testkit::cleanup {

// Counts keys by KeyPrefix (first segment, generalised); Finish keeps the `max_prefixes` largest
// and sums the rest under "(other)".
class PrefixCounter {
 public:
  void Add(std::string_view key);
  std::map<std::string, long long> Finish(std::size_t max_prefixes) const;

 private:
  std::map<std::string, long long, std::less<>> counts_;
};

class KeyspaceSnapshot {
 public:
  static constexpr long long kScanCount = 1000;

  KeyspaceSnapshot() = default;  // an empty keyspace
  explicit KeyspaceSnapshot(std::vector<std::string> keys, long long scan_calls = 0);

  // SCAN over the selected database of `connection`, repeats removed. One round trip per SCAN
  // call (scan_calls()); about keys / count calls.
  static KeyspaceSnapshot Take(client::Connection& connection, long long count = kScanCount);

  // Keys present now and not in `before`, in SCAN order. When `before` is empty this is a copy
  // of keys() (use TakeKeys to avoid the copy).
  std::vector<std::string> AddedSince(const KeyspaceSnapshot& before) const;
  // The keys, moved out: the snapshot is empty afterwards.
  std::vector<std::string> TakeKeys() { return std::move(keys_); }

  // Keys per prefix (KeyPrefix: first segment, generalised: "gateway" for "gateway:dedup:..."),
  // the `max_prefixes` largest kept, the rest summed under "(other)".
  std::map<std::string, long long> CountByPrefix(std::size_t max_prefixes = 50) const;

  const std::vector<std::string>& keys() const { return keys_; }
  std::size_t size() const { return keys_.size(); }
  bool empty() const { return keys_.empty(); }
  long long scan_calls() const { return scan_calls_; }

 private:
  std::vector<std::string> keys_;
  long long scan_calls_ = 0;
};

}  // namespace redis_testkit::cleanup
