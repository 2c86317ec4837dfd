// A suite that fills and also leaks an ordinary key without a TTL. Not registered with ctest:
// fill_selftest_test.cc runs it as a subprocess and checks that the test fails for the ordinary
// key only (the fill keys are fill data, counted as allowlisted).
#include "redis_testkit/gtest.h"

namespace {

TEST(FillLeaky, FillAndAnOrdinaryKey) {
  redis_testkit::FillTo(0.2, {.layout = redis_testkit::ops::FillLayout::kStrings});
  redis_testkit::Connect().Command({"SET", "ordinary:key", "forever"});
}

TEST(FillLeaky, FillOnly) { redis_testkit::FillTo(0.2, {.value_size = 4096}); }

}  // namespace
