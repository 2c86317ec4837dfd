#include "redis_testkit/units/duration.h"

#include <gtest/gtest.h>

#include <string>

#include "redis_testkit/units/parse_error.h"

namespace redis_testkit::units {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(ParseDuration, ABareNumberIsMilliseconds) {
  EXPECT_EQ(ParseDuration("0"), milliseconds(0));
  EXPECT_EQ(ParseDuration("1500"), milliseconds(1500));
  EXPECT_EQ(ParseDuration("1500ms"), milliseconds(1500));
}

TEST(ParseDuration, EveryUnit) {
  EXPECT_EQ(ParseDuration("250ms"), milliseconds(250));
  EXPECT_EQ(ParseDuration("15s"), seconds(15));
  EXPECT_EQ(ParseDuration("2m"), minutes(2));
  EXPECT_EQ(ParseDuration("1h"), hours(1));
}

TEST(ParseDuration, UnitsAreCaseInsensitiveAndBlanksIgnored) {
  EXPECT_EQ(ParseDuration("10S"), seconds(10));
  EXPECT_EQ(ParseDuration("250MS"), milliseconds(250));
  EXPECT_EQ(ParseDuration("3Ms"), milliseconds(3));
  EXPECT_EQ(ParseDuration("5M"), minutes(5));
  EXPECT_EQ(ParseDuration("2H"), hours(2));
  EXPECT_EQ(ParseDuration(" 30s\t"), seconds(30));
}

TEST(ParseDuration, RejectsWhatIsNotADuration) {
  for (const char* bad : {"", " ", "s", "ms", "-5s", "+5s", "1.5s", "5 minutes", "5 s", "5d",
                          "5sec", "5us", "1hms", "soon", "0x10"}) {
    EXPECT_THROW(ParseDuration(bad), ParseError) << '"' << bad << '"';
  }
}

TEST(ParseDuration, AtMostAHundredYears) {
  const long long max_ms = kMaxDuration.count();
  EXPECT_EQ(max_ms, 100LL * 365 * 24 * 3600 * 1000);
  EXPECT_EQ(ParseDuration(std::to_string(max_ms)), kMaxDuration);
  EXPECT_THROW(ParseDuration(std::to_string(max_ms + 1)), ParseError);
  EXPECT_EQ(ParseDuration("876000h"), kMaxDuration);
  EXPECT_THROW(ParseDuration("876001h"), ParseError);
  EXPECT_THROW(ParseDuration("9223372036854775807"), ParseError);
  EXPECT_THROW(ParseDuration("99999999999999999999s"), ParseError);
  EXPECT_THROW(ParseDuration("2562047788015216h"), ParseError);  // overflows a long long of ms
}

TEST(ParseDuration, TheErrorQuotesTheTextAndListsTheUnits) {
  try {
    ParseDuration("soon");
    FAIL() << "no exception";
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(),
                 "\"soon\" is not a duration; use a whole number with an optional unit "
                 "(case-insensitive): ms (the default), s, m, h, at most 100 years (e.g. "
                 "1500, 500ms, 15s, 2m, 1h)");
  }
}

TEST(FormatDuration, LargestExactUnitAndRoundTrip) {
  using std::chrono::milliseconds;
  EXPECT_EQ(FormatDuration(milliseconds(300000)), "5m");
  EXPECT_EQ(FormatDuration(milliseconds(1500)), "1500ms");
  EXPECT_EQ(FormatDuration(milliseconds(7200000)), "2h");
  EXPECT_EQ(FormatDuration(milliseconds(30000)), "30s");
  EXPECT_EQ(FormatDuration(milliseconds(0)), "0ms");
  for (const long long ms : {0LL, 1LL, 999LL, 1000LL, 61000LL, 3600000LL, 90061001LL}) {
    EXPECT_EQ(ParseDuration(FormatDuration(milliseconds(ms))), milliseconds(ms)) << ms;
  }
}

}  // namespace
}  // namespace redis_testkit::units
