// The writing half of a fill (fill.h): builds the commands of one layout and sends them in
// pipelined chunks, counting what was stored. Knows nothing of the memory target.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/ops/fill.h"

namespace redis_testkit::ops::internal {

class FillWriter {
 public:
  // Commands per pipeline are capped so that one chunk holds at most this many value bytes.
  static constexpr std::size_t kChunkBytes = 4u << 20;

  // `prefix`: the prefix of every key this writer creates ("redis-testkit:fill:<run>:").
  // Not owned: `connection` must outlive the writer.
  FillWriter(client::Connection& connection, const FillOptions& options, std::string prefix);

  // Writes `entries` entries (in pipelined chunks). Returns the OOM replies among them (the
  // entries they rejected were not stored). Any other error reply throws FillError naming it.
  long long Write(std::size_t entries);

  long long keys_written() const { return keys_written_; }
  long long entries_written() const { return entries_written_; }
  long long bytes_written() const { return bytes_written_; }
  const std::string& prefix() const { return prefix_; }

 private:
  std::vector<std::string> Command(long long entry) const;  // the command storing entry `entry`
  std::string KeyOf(long long entry) const;
  long long WriteChunk(std::size_t entries);

  client::Connection& connection_;
  FillOptions options_;
  std::string prefix_;
  std::string value_;
  long long next_entry_ = 0;  // also the entry number of the next command
  long long keys_written_ = 0;
  long long entries_written_ = 0;
  long long bytes_written_ = 0;
};

}  // namespace redis_testkit::ops::internal
