#include <gtest/gtest.h>

#include "redis_testkit/config.h"

namespace redis_testkit {
namespace {

using std::chrono::milliseconds;

TEST(ParseMemorySize, AcceptsBytesAndRedisUnits) {
  EXPECT_EQ(ParseMemorySize("536870912"), 536870912);
  EXPECT_EQ(ParseMemorySize("0"), 0);
  EXPECT_EQ(ParseMemorySize("100b"), 100);
  EXPECT_EQ(ParseMemorySize("100k"), 100000);
  EXPECT_EQ(ParseMemorySize("100kb"), 102400);
  EXPECT_EQ(ParseMemorySize("2m"), 2000000);
  EXPECT_EQ(ParseMemorySize("512mb"), 536870912);
  EXPECT_EQ(ParseMemorySize("64MB"), 67108864);
  EXPECT_EQ(ParseMemorySize("1g"), 1000000000);
  EXPECT_EQ(ParseMemorySize("1gb"), 1073741824);
  EXPECT_EQ(ParseMemorySize("1Gb"), 1073741824);
  EXPECT_EQ(ParseMemorySize(" 16mb "), 16777216);
  EXPECT_EQ(ParseMemorySize("100KiB"), 102400);
  EXPECT_EQ(ParseMemorySize("1MiB"), 1048576);
}

TEST(ParseMemorySize, RejectsWithTheDocumentedMessage) {
  try {
    ParseMemorySize("lots", "REDIS_TESTKIT_MAXMEMORY");
    FAIL() << "no exception";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "REDIS_TESTKIT_MAXMEMORY=\"lots\" is not a byte size; use a whole number of "
                 "bytes with an optional unit (case-insensitive): k, m, g = 1000, 1000^2, 1000^3; "
                 "kb, mb, gb or KiB, MiB, GiB = 1024, 1024^2, 1024^3 (e.g. 536870912, 100k, "
                 "512mb, 64MiB, 1gb)");
  }
  for (const char* bad : {"", "mb", "-1", "-1mb", "1.5gb", "12 mb x", "1tb", "10mbb",
                          "99999999999999999999", "9999999999999gb"}) {
    EXPECT_THROW(ParseMemorySize(bad), ConfigError) << bad;
  }
}

TEST(ParseDuration, AcceptsMillisecondsAndUnits) {
  EXPECT_EQ(ParseDuration("1500"), milliseconds(1500));
  EXPECT_EQ(ParseDuration("500ms"), milliseconds(500));
  EXPECT_EQ(ParseDuration("15s"), milliseconds(15000));
  EXPECT_EQ(ParseDuration("2m"), milliseconds(120000));
  EXPECT_EQ(ParseDuration("1h"), milliseconds(3600000));
  EXPECT_EQ(ParseDuration("10S"), milliseconds(10000));
}

TEST(ParseDuration, Rejects) {
  try {
    ParseDuration("soon", "REDIS_TESTKIT_STARTUP_TIMEOUT");
    FAIL() << "no exception";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "REDIS_TESTKIT_STARTUP_TIMEOUT=\"soon\" is not a duration; use a whole number "
                 "with an optional unit (case-insensitive): ms (the default), s, m, h, at most "
                 "100 years (e.g. 1500, 500ms, 15s, 2m, 1h)");
  }
  for (const char* bad : {"", "s", "-5s", "1.5s", "5 days", "5d", "876001h"}) {
    EXPECT_THROW(ParseDuration(bad), ConfigError) << bad;
  }
}

TEST(FormatMemorySize, UsesTheLargestExactUnit) {
  EXPECT_EQ(FormatMemorySize(536870912), "512mb");
  EXPECT_EQ(FormatMemorySize(1073741824), "1gb");
  EXPECT_EQ(FormatMemorySize(102400), "100kb");
  EXPECT_EQ(FormatMemorySize(1000), "1000");
  EXPECT_EQ(FormatMemorySize(0), "0");
  EXPECT_EQ(FormatMemorySize(1536LL * 1024 * 1024), "1536mb");
}

TEST(FormatMemorySize, RoundTripsThroughParse) {
  for (long long bytes : {1LL, 1023LL, 1024LL, 3LL * 1024 * 1024, 5LL << 30, 123456789LL}) {
    EXPECT_EQ(ParseMemorySize(FormatMemorySize(bytes)), bytes);
  }
}

}  // namespace
}  // namespace redis_testkit
