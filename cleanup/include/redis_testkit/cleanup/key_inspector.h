// Describes keys in pipelines: per key TYPE, PTTL, OBJECT ENCODING and MEMORY USAGE (default
// SAMPLES 5: exact for strings and small encodings, sampled for big aggregates; SAMPLES 0 would
// walk every element of a big hash, too slow for 100,000 keys). One round trip per batch.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "redis_testkit/cleanup/leaked_key.h"

namespace redis_testkit::client {
class Connection;
}

namespace redis_testkit::cleanup {

class KeyInspector {
 public:
  static constexpr std::size_t kBatchKeys = 1000;  // 4,000 commands per pipeline

  explicit KeyInspector(client::Connection& connection, std::size_t batch_keys = kBatchKeys);

  // One LeakedKey per key that still exists, in input order. A key deleted between the SCAN and
  // the pipeline (TYPE "none" or PTTL -2) is skipped. I/O errors and timeouts throw.
  std::vector<LeakedKey> Inspect(std::span<const std::string> keys);

  long long round_trips() const { return round_trips_; }

 private:
  client::Connection* connection_;  // not owned; must outlive the inspector
  std::size_t batch_keys_;
  long long round_trips_ = 0;
};

}  // namespace redis_testkit::cleanup
