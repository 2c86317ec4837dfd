// FillMemory against real redis-servers (process runtime): every layout reaches 90% of a 32 MB
// cap within +-1% without an OOM rejection; errors for a server it cannot fill.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/info.h"
#include "redis_testkit/ops/fill.h"
#include "test_server.h"

namespace {

using redis_testkit::client::Connection;
using redis_testkit::ops::FillError;
using redis_testkit::ops::FillLayout;
using redis_testkit::ops::FillMemory;
using redis_testkit::ops::FillOptions;
using redis_testkit::ops::FillResult;
using redis_testkit::test_support::TestServer;

constexpr long long kCap = 32LL * 1024 * 1024;

redis_testkit::client::Info InfoOf(Connection& connection) {
  return redis_testkit::client::ParseInfo(connection.Command({"INFO"}).AsString());
}

long long Field(const redis_testkit::client::Info& info, const char* name) {
  return std::stoll(info.Get(name).value_or("0"));
}

std::string Message(const auto& call) {
  try {
    call();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "(no error)";
}

class FillLayoutTest : public ::testing::TestWithParam<FillLayout> {};

// The server's own figures, not only the result's: 90% +-1% of the cap, no OOM, no eviction, and
// used_memory never went above maxmemory (the peak).
TEST_P(FillLayoutTest, ReachesNinetyPercentOfThirtyTwoMegabytesWithinOnePercent) {
  const TestServer server({.maxmemory_bytes = kCap});
  Connection connection(server.ConnectOptions());
  const FillResult result = FillMemory(connection, 0.9, {.layout = GetParam()});

  const auto info = InfoOf(connection);
  const double reached =
      static_cast<double>(info.memory.used_memory) / static_cast<double>(info.memory.maxmemory);
  EXPECT_NEAR(reached, 0.9, 0.01) << result.ToText();
  EXPECT_NEAR(result.fraction_after, 0.9, 0.01) << result.ToText();
  EXPECT_LT(info.memory.used_memory_peak, kCap) << result.ToText();
  EXPECT_EQ(info.OomRejections(), 0);
  EXPECT_EQ(result.oom_rejections, 0);
  EXPECT_EQ(Field(info, "evicted_keys"), 0);
  EXPECT_EQ(result.maxmemory, kCap);
  EXPECT_GT(result.entries_written, 20000 / 2);  // ~28 MB of 1 KiB values
  EXPECT_EQ(result.bytes_written, result.entries_written * 1024);
  EXPECT_EQ(info.TotalKeys(), result.keys_written);
  EXPECT_EQ(result.layout, redis_testkit::ops::ToString(GetParam()));
  EXPECT_EQ(result.key_prefix.rfind("redis-testkit:fill:", 0), 0u) << result.key_prefix;
  const auto scan = connection.Command({"SCAN", "0", "MATCH", "*", "COUNT", "10"});
  const std::string first_key = scan.AsArray().at(1).AsArray().at(0).AsString();
  EXPECT_EQ(first_key.rfind(result.key_prefix, 0), 0u) << first_key;
}

INSTANTIATE_TEST_SUITE_P(Layouts, FillLayoutTest,
                         ::testing::Values(FillLayout::kStrings, FillLayout::kStream,
                                           FillLayout::kList, FillLayout::kHash),
                         [](const auto& param) {
                           return redis_testkit::ops::ToString(param.param);
                         });

TEST(Fill, HundredPercentStopsBelowMaxmemoryWithoutOom) {
  const TestServer server({.maxmemory_bytes = kCap});
  Connection connection(server.ConnectOptions());
  const FillResult result = FillMemory(connection, 1.0, {.layout = FillLayout::kStrings});
  const auto info = InfoOf(connection);
  EXPECT_GE(result.fraction_after, 0.99) << result.ToText();
  EXPECT_LT(info.memory.used_memory_peak, kCap) << result.ToText();
  EXPECT_EQ(info.OomRejections(), 0);
  EXPECT_NO_THROW(connection.Command({"SET", "after", "x"}));  // still writable
}

TEST(Fill, FillsAgainFromAPartialLevelWithOtherKeys) {
  const TestServer server({.maxmemory_bytes = kCap});
  Connection connection(server.ConnectOptions());
  const FillResult half = FillMemory(connection, 0.5, {.value_size = 200});
  const FillResult more = FillMemory(connection, 0.8, {.layout = FillLayout::kHash});
  EXPECT_NEAR(half.fraction_after, 0.5, 0.01);
  EXPECT_NEAR(more.fraction_after, 0.8, 0.01);
  EXPECT_NEAR(more.fraction_before, half.fraction_after, 0.005);
  EXPECT_NE(half.key_prefix, more.key_prefix);
  EXPECT_EQ(InfoOf(connection).TotalKeys(), half.keys_written + more.keys_written);
}

TEST(Fill, LargeValuesInSmallKeysStillLandInTheWindow) {
  const TestServer server({.maxmemory_bytes = kCap});
  Connection connection(server.ConnectOptions());
  const FillResult result =
      FillMemory(connection, 0.9,
                 {.layout = FillLayout::kStream, .value_size = 16384, .entries_per_key = 100});
  EXPECT_NEAR(result.fraction_after, 0.9, 0.01) << result.ToText();
  EXPECT_GT(result.keys_written, 10);
  EXPECT_EQ(result.keys_written, (result.entries_written + 99) / 100);
}

TEST(FillErrors, ServerWithoutMaxmemory) {
  const TestServer server({.maxmemory_bytes = 0});
  Connection connection(server.ConnectOptions());
  const std::string error = Message([&] { FillMemory(connection, 0.9); });
  EXPECT_NE(error.find("has no maxmemory"), std::string::npos) << error;
  EXPECT_EQ(InfoOf(connection).TotalKeys(), 0);
}

TEST(FillErrors, AlreadyAboveTheTarget) {
  const TestServer server({.maxmemory_bytes = kCap});
  Connection connection(server.ConnectOptions());
  FillMemory(connection, 0.6);
  const std::string error = Message([&] { FillMemory(connection, 0.3); });
  EXPECT_NE(error.find("already above the target"), std::string::npos) << error;
  EXPECT_NE(error.find("30.0%"), std::string::npos) << error;
}

TEST(FillErrors, FractionOutsideZeroToOneNamedBeforeConnecting) {
  redis_testkit::client::Endpoint nowhere;
  nowhere.port = 1;
  const std::string above = Message([&] { FillMemory(nowhere, 1.5); });
  EXPECT_NE(above.find("150.0%"), std::string::npos) << above;
  EXPECT_NE(above.find("outside (0%, 100%]"), std::string::npos) << above;
  EXPECT_NE(Message([&] { FillMemory(nowhere, 0.0); }).find("outside"), std::string::npos);
  EXPECT_NE(Message([&] { FillMemory(nowhere, 0.5, {.value_size = 0}); }).find("value size 0"),
            std::string::npos);
}

TEST(FillErrors, EntryLargerThanTheWindowIsRefused) {
  const TestServer server({.maxmemory_bytes = kCap});
  Connection connection(server.ConnectOptions());
  const std::string error =
      Message([&] { FillMemory(connection, 0.05, {.value_size = 8LL << 20}); });
  EXPECT_NE(error.find("use a smaller value size"), std::string::npos) << error;
  EXPECT_EQ(InfoOf(connection).OomRejections(), 0);
}

// With allkeys-lru the fill itself evicts nothing; writing on past the cap then evicts, and the
// fill's keys are what goes.
TEST(FillEvictions, AllkeysLruEvictsOnlyAfterTheFill) {
  const TestServer server({.maxmemory_bytes = kCap, .maxmemory_policy = "allkeys-lru"});
  Connection connection(server.ConnectOptions());
  const FillResult result = FillMemory(connection, 0.9, {.layout = FillLayout::kStrings});
  EXPECT_EQ(result.evicted_keys, 0);
  EXPECT_EQ(result.maxmemory_policy, "allkeys-lru");
  const std::string value(64 * 1024, 'y');
  for (int i = 0; i < 100; ++i) {
    connection.Command({"SET", "more:" + std::to_string(i), value});
  }
  const auto info = InfoOf(connection);
  EXPECT_GT(Field(info, "evicted_keys"), 0);
  EXPECT_EQ(info.OomRejections(), 0);
  EXPECT_LT(info.TotalKeys(), result.keys_written + 100);
}

}  // namespace
