// Describes keys in pipelines of `batch_keys` keys: per key PTTL, OBJECT ENCODING and
// MEMORY USAGE (default SAMPLES 5: exact for strings and small encodings, sampled for big
// aggregates; SAMPLES 0 would walk every element of a big hash, too slow for 100,000 keys).
// The type follows from the encoding when only one type has it (embstr/int/raw: string,
// quicklist: list, intset: set, skiplist: zset, stream: stream); keys with a shared encoding
// (listpack, hashtable, ...) get a TYPE in one more pipeline. This saves a quarter of the commands
// (~1 us each) for the usual string keys. On a server with modules loaded a module key reports
// encoding "raw", so set type_from_encoding = false there: TYPE is then sent for every key.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "redis_testkit/cleanup/leaked_key.h"

namespace redis_testkit::client {
class Connection;
}

namespace redis_testkit::cleanup {

// The type that alone uses `encoding` (Redis 7.0 names and older ones), or "" when the encoding
// is shared by several types or unknown.
std::string_view TypeOfEncoding(std::string_view encoding);

class KeyInspector {
 public:
  static constexpr std::size_t kBatchKeys = 1000;  // 3,000 commands per pipeline

  explicit KeyInspector(client::Connection& connection, std::size_t batch_keys = kBatchKeys,
                        bool type_from_encoding = true);

  // One LeakedKey per key that still exists, in input order. A key deleted between the SCAN and
  // the pipeline (PTTL -2, no encoding, TYPE "none") is skipped. I/O errors and timeouts throw.
  std::vector<LeakedKey> Inspect(std::span<const std::string> keys);

  long long round_trips() const { return round_trips_; }

 private:
  client::Connection* connection_;  // not owned; must outlive the inspector
  std::size_t batch_keys_;
  bool type_from_encoding_;
  long long round_trips_ = 0;
};

}  // namespace redis_testkit::cleanup
