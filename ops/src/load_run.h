// The loop of one load run (private): deals due requests to the connections, writes, reads,
// times out, and keeps the figures. One thread drives every connection with ppoll(2), so the
// generator's own cost is one wake-up per batch of due requests, not per request.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "load_connection.h"
#include "load_template.h"
#include "redis_testkit/ops/load.h"

namespace redis_testkit::ops::internal {

class LoadRun {
 public:
  // `options` must have passed ValidateLoadOptions.
  explicit LoadRun(const LoadOptions& options);

  // Opens every connection; throws client::IoError naming the first that fails.
  void Connect();
  // The schedule's time zero: now (after Connect, so connecting delays no request).
  std::chrono::steady_clock::time_point Start();
  // Runs until the schedule is done and answered, or duration + drain has passed; fills `result`
  // (counts, histograms, windows; not the summaries and samples).
  void Run(LoadResult& result);

 private:
  std::int64_t NowNs() const;
  std::int64_t DueNs(std::int64_t seq) const;  // when request `seq` is due
  void Deal(std::int64_t now_ns, LoadResult& result);
  void FlushAll(std::int64_t now_ns, LoadResult& result);
  void ExpireTimeouts(std::int64_t now_ns, LoadResult& result);
  void Wait(std::int64_t now_ns, std::int64_t until_ns, LoadResult& result);
  bool Finished(std::int64_t now_ns) const;
  // A connection failed: its requests count as `kind`, it is closed, reopened later.
  void Fail(std::size_t index, std::string_view kind, std::int64_t now_ns, LoadResult& result);
  bool Reopen(std::size_t index, std::int64_t now_ns);
  void CountError(std::string_view kind, std::int64_t now_ns, LoadResult& result);
  LoadWindow* WindowAt(std::int64_t at_ns, LoadResult& result);

  LoadOptions options_;
  std::chrono::steady_clock::time_point start_;
  CommandTemplate template_;
  std::vector<std::unique_ptr<LoadConnection>> connections_;
  std::vector<std::int64_t> reopen_after_ns_;  // a closed connection is retried from then on
  std::int64_t duration_ns_ = 0;
  std::int64_t total_ = 0;  // requests due (open loop)
  std::int64_t next_seq_ = 0;
  std::size_t max_in_flight_ = 1;
  bool blocked_ = false;  // the next due request waits for room on its connection
};

}  // namespace redis_testkit::ops::internal
