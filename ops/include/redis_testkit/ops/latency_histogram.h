// A log-bucketed latency histogram (the idea of HdrHistogram, written for the kit): constant
// memory, O(1) recording, percentiles within 0.4% of the recorded values. Values are
// nanoseconds; below 128 ns every value has its own bucket, above it every power of two is cut
// into 128 buckets, so a bucket is at most 1/128 of its values wide and a percentile (reported
// as the middle of its bucket, clamped to the exact min and max) is off by at most half of that.
//
//   ops::LatencyHistogram h;
//   h.Record(1'500'000);             // 1.5 ms
//   double p99_ms = h.Percentile(99) / 1e6;
#pragma once

#include <cstdint>
#include <vector>

namespace redis_testkit::ops {

class LatencyHistogram {
 public:
  static constexpr int kSubBucketBits = 7;  // 128 buckets per power of two: 0.78% wide
  static constexpr std::int64_t kMaxTrackable = std::int64_t{1} << 44;  // ~4.9 hours in ns

  LatencyHistogram();

  // Records one value (negative values count as 0; values above kMaxTrackable land in the last
  // bucket, while max() stays exact).
  void Record(std::int64_t value_ns);
  // Adds every value recorded in `other`.
  void Merge(const LatencyHistogram& other);
  void Reset();

  // The value below which `percentile` (0-100) percent of the values lie: the middle of the
  // bucket holding the value of rank ceil(percentile / 100 * count), clamped to [min, max].
  // 100 gives max(); an empty histogram gives 0.
  std::int64_t Percentile(double percentile) const;

  std::int64_t count() const { return count_; }
  std::int64_t min() const { return count_ == 0 ? 0 : min_; }
  std::int64_t max() const { return max_; }
  double mean() const;

  // Bucket arithmetic, public for tests: the bucket of a value and the range of a bucket.
  static int BucketOf(std::int64_t value_ns);
  static std::int64_t BucketLow(int bucket);   // smallest value of the bucket
  static std::int64_t BucketHigh(int bucket);  // largest value of the bucket
  static int BucketCount();

 private:
  std::vector<std::int64_t> counts_;
  std::int64_t count_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
  double sum_ = 0.0;
};

}  // namespace redis_testkit::ops
