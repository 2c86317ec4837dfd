#include "redis_testkit/ops/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace redis_testkit::ops {
namespace {

constexpr std::int64_t kSubBuckets = std::int64_t{1} << LatencyHistogram::kSubBucketBits;

}  // namespace

int LatencyHistogram::BucketOf(std::int64_t value_ns) {
  const std::int64_t value = std::clamp<std::int64_t>(value_ns, 0, kMaxTrackable);
  if (value < kSubBuckets) return static_cast<int>(value);
  // The highest set bit picks the power of two, the next kSubBucketBits bits the bucket in it.
  const int exponent = static_cast<int>(std::bit_width(static_cast<std::uint64_t>(value))) - 1;
  const int shift = exponent - kSubBucketBits;
  const std::int64_t sub = (value >> shift) - kSubBuckets;
  return static_cast<int>(kSubBuckets + (shift * kSubBuckets) + sub);
}

std::int64_t LatencyHistogram::BucketLow(int bucket) {
  if (bucket < kSubBuckets) return bucket;
  const int shift = static_cast<int>((bucket - kSubBuckets) / kSubBuckets);
  const std::int64_t sub = (bucket - kSubBuckets) % kSubBuckets;
  return (kSubBuckets + sub) << shift;
}

std::int64_t LatencyHistogram::BucketHigh(int bucket) {
  if (bucket < kSubBuckets) return bucket;
  const int shift = static_cast<int>((bucket - kSubBuckets) / kSubBuckets);
  return BucketLow(bucket) + (std::int64_t{1} << shift) - 1;
}

int LatencyHistogram::BucketCount() { return BucketOf(kMaxTrackable) + 1; }

LatencyHistogram::LatencyHistogram() : counts_(static_cast<std::size_t>(BucketCount()), 0) {}

void LatencyHistogram::Record(std::int64_t value_ns) {
  const std::int64_t value = std::max<std::int64_t>(value_ns, 0);
  ++counts_[static_cast<std::size_t>(BucketOf(value))];
  min_ = count_ == 0 ? value : std::min(min_, value);
  max_ = std::max(max_, value);
  ++count_;
  sum_ += static_cast<double>(value);
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  count_ += other.count_;
  sum_ += other.sum_;
}

void LatencyHistogram::Reset() {
  std::fill(counts_.begin(), counts_.end(), 0);
  count_ = 0;
  min_ = 0;
  max_ = 0;
  sum_ = 0.0;
}

std::int64_t LatencyHistogram::Percentile(double percentile) const {
  if (count_ == 0) return 0;
  if (percentile >= 100.0) return max_;
  const double wanted = std::ceil(std::max(percentile, 0.0) / 100.0 * static_cast<double>(count_));
  const std::int64_t rank = std::max<std::int64_t>(1, static_cast<std::int64_t>(wanted));
  std::int64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      const int bucket = static_cast<int>(i);
      const std::int64_t middle = BucketLow(bucket) + (BucketHigh(bucket) - BucketLow(bucket)) / 2;
      return std::clamp(middle, min_, max_);
    }
  }
  return max_;
}

double LatencyHistogram::mean() const {
  return count_ == 0 ? 0.0 : sum_ / static_cast<double>(count_);
}

}  // namespace redis_testkit::ops
