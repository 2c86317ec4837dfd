// LatencyHistogram: bucket arithmetic and percentiles of known distributions within 1%.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "redis_testkit/ops/latency_histogram.h"

namespace redis_testkit::ops {
namespace {

// The exact value of rank ceil(p/100 * n) in sorted `values`.
std::int64_t ExactPercentile(std::vector<std::int64_t> values, double percentile) {
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(
      std::max(1.0, std::ceil(percentile / 100.0 * static_cast<double>(values.size()))));
  return values[rank - 1];
}

void ExpectWithinOnePercent(const LatencyHistogram& h, const std::vector<std::int64_t>& values) {
  for (const double p : {1.0, 10.0, 50.0, 90.0, 99.0, 99.9, 99.99}) {
    const auto exact = static_cast<double>(ExactPercentile(values, p));
    const auto measured = static_cast<double>(h.Percentile(p));
    EXPECT_NEAR(measured, exact, exact * 0.01 + 1) << "p" << p;
  }
}

TEST(LatencyHistogramTest, BucketsCoverEveryValueOnceAndAreNarrow) {
  for (int bucket = 0; bucket + 1 < LatencyHistogram::BucketCount(); ++bucket) {
    ASSERT_EQ(LatencyHistogram::BucketHigh(bucket) + 1, LatencyHistogram::BucketLow(bucket + 1))
        << bucket;
    const auto low = static_cast<double>(LatencyHistogram::BucketLow(bucket));
    const auto width = static_cast<double>(LatencyHistogram::BucketHigh(bucket)) - low + 1;
    ASSERT_LE(width, std::max(1.0, low / 128.0)) << bucket;
  }
  for (const std::int64_t value :
       {0LL, 1LL, 127LL, 128LL, 129LL, 255LL, 256LL, 1000LL, 123456789LL, 1LL << 40}) {
    const int bucket = LatencyHistogram::BucketOf(value);
    EXPECT_LE(LatencyHistogram::BucketLow(bucket), value);
    EXPECT_GE(LatencyHistogram::BucketHigh(bucket), value);
  }
}

TEST(LatencyHistogramTest, UniformDistributionPercentilesWithinOnePercent) {
  LatencyHistogram h;
  std::vector<std::int64_t> values;
  for (std::int64_t v = 1; v <= 100'000; ++v) {
    values.push_back(v * 1000);  // 1 us .. 100 ms
    h.Record(v * 1000);
  }
  EXPECT_EQ(h.count(), 100'000);
  EXPECT_EQ(h.min(), 1000);
  EXPECT_EQ(h.max(), 100'000'000);
  EXPECT_NEAR(h.mean(), 50'000'500.0, 1.0);
  ExpectWithinOnePercent(h, values);
  EXPECT_NEAR(static_cast<double>(h.Percentile(50)), 50'000'000.0, 500'000.0);
}

TEST(LatencyHistogramTest, LogNormalAndBimodalDistributionsWithinOnePercent) {
  std::mt19937_64 random(7);
  std::lognormal_distribution<double> lognormal(std::log(200'000.0), 1.0);  // ~0.2 ms
  LatencyHistogram h;
  std::vector<std::int64_t> values;
  for (int i = 0; i < 200'000; ++i) {
    // 0.1% of the requests stalled ~300 ms: what a CLIENT PAUSE does to a 1000/s run.
    const auto v = i % 1000 == 0 ? 300'000'000 + static_cast<std::int64_t>(random() % 1'000'000)
                                 : static_cast<std::int64_t>(lognormal(random));
    values.push_back(v);
    h.Record(v);
  }
  ExpectWithinOnePercent(h, values);
  EXPECT_GE(h.Percentile(99.95), 297'000'000);
}

TEST(LatencyHistogramTest, MergeAddsAndEmptyIsZero) {
  LatencyHistogram a;
  LatencyHistogram b;
  EXPECT_EQ(a.Percentile(99), 0);
  EXPECT_EQ(a.max(), 0);
  for (int i = 1; i <= 100; ++i) a.Record(i * 1'000'000);
  for (int i = 101; i <= 200; ++i) b.Record(i * 1'000'000);
  a.Merge(b);
  EXPECT_EQ(a.count(), 200);
  EXPECT_EQ(a.max(), 200'000'000);
  EXPECT_EQ(a.min(), 1'000'000);
  EXPECT_NEAR(static_cast<double>(a.Percentile(50)), 100e6, 1e6);
  EXPECT_EQ(a.Percentile(100), 200'000'000);
  a.Reset();
  EXPECT_EQ(a.count(), 0);
  EXPECT_EQ(a.Percentile(50), 0);
}

TEST(LatencyHistogramTest, OutOfRangeValuesAreClampedButMaxStaysExact) {
  LatencyHistogram h;
  h.Record(-5);
  h.Record(LatencyHistogram::kMaxTrackable * 4);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.max(), LatencyHistogram::kMaxTrackable * 4);
  EXPECT_EQ(h.Percentile(100), LatencyHistogram::kMaxTrackable * 4);
  EXPECT_EQ(h.Percentile(50), 0);
}

}  // namespace
}  // namespace redis_testkit::ops
