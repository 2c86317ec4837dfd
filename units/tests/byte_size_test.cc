#include "redis_testkit/units/byte_size.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "redis_testkit/units/parse_error.h"

namespace redis_testkit::units {
namespace {

constexpr long long kMax = std::numeric_limits<long long>::max();

TEST(ParseByteSize, BareNumbersAndBAreBytes) {
  EXPECT_EQ(ParseByteSize("0"), 0);
  EXPECT_EQ(ParseByteSize("536870912"), 536870912);
  EXPECT_EQ(ParseByteSize("100b"), 100);
  EXPECT_EQ(ParseByteSize("100B"), 100);
  EXPECT_EQ(ParseByteSize("007"), 7);
}

TEST(ParseByteSize, KMAndGArePowersOf1000) {
  EXPECT_EQ(ParseByteSize("100k"), 100'000);
  EXPECT_EQ(ParseByteSize("2m"), 2'000'000);
  EXPECT_EQ(ParseByteSize("1g"), 1'000'000'000);
  EXPECT_EQ(ParseByteSize("100K"), 100'000);
  EXPECT_EQ(ParseByteSize("2M"), 2'000'000);
  EXPECT_EQ(ParseByteSize("3G"), 3'000'000'000);
}

TEST(ParseByteSize, KbMbAndGbArePowersOf1024) {
  EXPECT_EQ(ParseByteSize("100kb"), 102'400);
  EXPECT_EQ(ParseByteSize("512mb"), 536'870'912);
  EXPECT_EQ(ParseByteSize("1gb"), 1'073'741'824);
  EXPECT_EQ(ParseByteSize("100KB"), 102'400);
  EXPECT_EQ(ParseByteSize("64MB"), 67'108'864);
  EXPECT_EQ(ParseByteSize("1Gb"), 1'073'741'824);
  EXPECT_EQ(ParseByteSize("2gB"), 2'147'483'648);
}

TEST(ParseByteSize, IecSpellingsArePowersOf1024) {
  EXPECT_EQ(ParseByteSize("100KiB"), 102'400);
  EXPECT_EQ(ParseByteSize("1MiB"), 1'048'576);
  EXPECT_EQ(ParseByteSize("2GiB"), 2'147'483'648);
  EXPECT_EQ(ParseByteSize("100kib"), 102'400);
  EXPECT_EQ(ParseByteSize("1MIB"), 1'048'576);
  EXPECT_EQ(ParseByteSize("1gib"), ParseByteSize("1gb"));
}

TEST(ParseByteSize, BlanksAroundAreIgnored) {
  EXPECT_EQ(ParseByteSize(" 16mb "), 16'777'216);
  EXPECT_EQ(ParseByteSize("\t100k\n"), 100'000);
}

TEST(ParseByteSize, RejectsWhatIsNotASize) {
  for (const char* bad :
       {"",    " ",  "mb",   "k",     "-1",  "-1mb", "+1",  "1.5gb", "1,5", "12 mb", "12mb x",
        "1tb", "1t", "1kbb", "10mbb", "1ki", "1 kb", "kb1", "0x10",  "1e3", "lots"}) {
    EXPECT_THROW(ParseByteSize(bad), ParseError) << '"' << bad << '"';
  }
}

TEST(ParseByteSize, DetectsOverflow) {
  EXPECT_EQ(ParseByteSize(std::to_string(kMax)), kMax);
  EXPECT_THROW(ParseByteSize("9223372036854775808"), ParseError);
  EXPECT_THROW(ParseByteSize("99999999999999999999"), ParseError);
  EXPECT_EQ(ParseByteSize("8589934591gb"), 8'589'934'591LL * 1024 * 1024 * 1024);
  EXPECT_THROW(ParseByteSize("8589934592gb"), ParseError);  // 2^63 bytes
  EXPECT_EQ(ParseByteSize("9223372036g"), 9'223'372'036'000'000'000);
  EXPECT_THROW(ParseByteSize("9223372037g"), ParseError);
  EXPECT_THROW(ParseByteSize("9223372036854776k"), ParseError);
  EXPECT_THROW(ParseByteSize("9007199254740992kb"), ParseError);  // 2^53 * 2^10 = 2^63
}

TEST(ParseByteSize, TheErrorQuotesTheTextAndListsTheUnits) {
  try {
    ParseByteSize("lots");
    FAIL() << "no exception";
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(),
                 "\"lots\" is not a byte size; use a whole number of bytes with an optional unit "
                 "(case-insensitive): k, m, g = 1000, 1000^2, 1000^3; kb, mb, gb or KiB, MiB, "
                 "GiB = 1024, 1024^2, 1024^3 (e.g. 536870912, 100k, 512mb, 64MiB, 1gb)");
  }
}

TEST(FormatByteSize, UsesTheLargestExact1024Unit) {
  EXPECT_EQ(FormatByteSize(536870912), "512mb");
  EXPECT_EQ(FormatByteSize(1073741824), "1gb");
  EXPECT_EQ(FormatByteSize(102400), "100kb");
  EXPECT_EQ(FormatByteSize(1536LL * 1024 * 1024), "1536mb");
  EXPECT_EQ(FormatByteSize(1000), "1000");
  EXPECT_EQ(FormatByteSize(100000), "100000");
  EXPECT_EQ(FormatByteSize(0), "0");
}

TEST(FormatByteSize, RoundTripsThroughParseByteSize) {
  for (long long bytes : {0LL, 1LL, 1000LL, 1023LL, 1024LL, 100000LL, 3LL << 20, 5LL << 30,
                          123456789LL, kMax, kMax - 1023}) {
    EXPECT_EQ(ParseByteSize(FormatByteSize(bytes)), bytes) << bytes;
  }
}

TEST(FormatBytes, ThreeSignificantDigitsIn1024Units) {
  EXPECT_EQ(FormatBytes(0), "0B");
  EXPECT_EQ(FormatBytes(1023), "1023B");
  EXPECT_EQ(FormatBytes(1024), "1.00KB");
  EXPECT_EQ(FormatBytes(3174), "3.10KB");
  EXPECT_EQ(FormatBytes(39117), "38.2KB");
  EXPECT_EQ(FormatBytes(491208), "480KB");
  EXPECT_EQ(FormatBytes(524288), "512KB");
  EXPECT_EQ(FormatBytes(1048575), "1.00MB");
  EXPECT_EQ(FormatBytes(536870912), "512MB");
  EXPECT_EQ(FormatBytes(3LL << 30), "3.00GB");
  EXPECT_EQ(FormatBytes(5LL << 40), "5.00TB");
  EXPECT_EQ(FormatBytes(-2048), "-2.00KB");
}

TEST(FormatBytes, SignedAlwaysShowsTheSign) {
  EXPECT_EQ(FormatSignedBytes(0), "+0B");
  EXPECT_EQ(FormatSignedBytes(39117), "+38.2KB");
  EXPECT_EQ(FormatSignedBytes(-1258291), "-1.20MB");
}

TEST(FormatSignificant, KeepsThreeDigits) {
  EXPECT_EQ(FormatSignificant(1.1, "MB"), "1.10MB");
  EXPECT_EQ(FormatSignificant(38.24, "s"), "38.2s");
  EXPECT_EQ(FormatSignificant(512, "ms"), "512ms");
  EXPECT_EQ(FormatSignificant(9.996, "x"), "10.0x");
}

}  // namespace
}  // namespace redis_testkit::units
