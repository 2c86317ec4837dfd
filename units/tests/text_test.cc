#include "redis_testkit/units/text.h"

#include <gtest/gtest.h>

namespace redis_testkit::units {
namespace {

TEST(Trim, DropsBlanksAtBothEndsOnly) {
  EXPECT_EQ(Trim("  a b\t"), "a b");
  EXPECT_EQ(Trim("\r\n\v\fx\r\n"), "x");
  EXPECT_EQ(Trim("x"), "x");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim(" \t "), "");
}

TEST(Trim, TakesItsOwnBlanks) {
  EXPECT_EQ(Trim(" a\n", " \t\r"), "a\n");
  EXPECT_EQ(Trim("\t value \r", " \t\r"), "value");
  EXPECT_EQ(Trim("--x--", "-"), "x");
}

TEST(ToLower, AsciiOnly) {
  EXPECT_EQ(ToLower("Used_Memory AZ az 09"), "used_memory az az 09");
  EXPECT_EQ(ToLower(""), "");
  EXPECT_EQ(ToLower("\xC3\x84"), "\xC3\x84");  // UTF-8 bytes are left alone
}

TEST(LooksLikeFlag, DashThenNotADigit) {
  EXPECT_TRUE(LooksLikeFlag("--url"));
  EXPECT_TRUE(LooksLikeFlag("-h"));
  EXPECT_TRUE(LooksLikeFlag("--"));
  EXPECT_FALSE(LooksLikeFlag("-"));  // stdout
  EXPECT_FALSE(LooksLikeFlag("-5"));
  EXPECT_FALSE(LooksLikeFlag("redis://127.0.0.1:6379"));
  EXPECT_FALSE(LooksLikeFlag(""));
}

}  // namespace
}  // namespace redis_testkit::units
