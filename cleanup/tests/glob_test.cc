// GlobMatch: the Redis MATCH syntax, as stringmatchlen() of Redis 7.0 answers.
#include "redis_testkit/cleanup/glob.h"

#include <gtest/gtest.h>

#include <string>

namespace redis_testkit::cleanup {
namespace {

TEST(GlobTest, StarMatchesAnyRun) {
  EXPECT_TRUE(GlobMatch("*", "anything"));
  EXPECT_TRUE(GlobMatch("gateway:*", "gateway:dedup:x"));
  EXPECT_TRUE(GlobMatch("gateway:*", "gateway:"));
  EXPECT_FALSE(GlobMatch("gateway:*", "gw:x"));
  EXPECT_TRUE(GlobMatch("*:dedup:*", "gateway:dedup:{a:b}:3fa9"));
  EXPECT_TRUE(GlobMatch("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(GlobMatch("a*b*c", "aXXbYY"));
  EXPECT_TRUE(GlobMatch("a**", "a"));
}

TEST(GlobTest, EmptyTextMatchesOnlyEmptyPatternLikeRedis) {
  // Redis special-cases a lone "*" in KEYS/SCAN; stringmatchlen itself says no for "".
  EXPECT_FALSE(GlobMatch("*", ""));
  EXPECT_TRUE(GlobMatch("", ""));
  EXPECT_FALSE(GlobMatch("", "a"));
}

TEST(GlobTest, QuestionMarkMatchesOneCharacter) {
  EXPECT_TRUE(GlobMatch("h?llo", "hello"));
  EXPECT_TRUE(GlobMatch("h?llo", "hallo"));
  EXPECT_FALSE(GlobMatch("h?llo", "hllo"));
  EXPECT_FALSE(GlobMatch("h?llo", "heello"));
}

TEST(GlobTest, CharacterClasses) {
  EXPECT_TRUE(GlobMatch("h[ae]llo", "hello"));
  EXPECT_TRUE(GlobMatch("h[ae]llo", "hallo"));
  EXPECT_FALSE(GlobMatch("h[ae]llo", "hillo"));
  EXPECT_TRUE(GlobMatch("h[^e]llo", "hallo"));
  EXPECT_FALSE(GlobMatch("h[^e]llo", "hello"));
  EXPECT_TRUE(GlobMatch("h[a-b]llo", "hbllo"));
  EXPECT_FALSE(GlobMatch("h[a-b]llo", "hcllo"));
  EXPECT_TRUE(GlobMatch("h[b-a]llo", "hallo")) << "reversed range bounds";
  EXPECT_TRUE(GlobMatch("id:[0-9][0-9]", "id:42"));
  EXPECT_FALSE(GlobMatch("id:[0-9][0-9]", "id:4x"));
  EXPECT_TRUE(GlobMatch("[\\]]", "]"));
  EXPECT_TRUE(GlobMatch("[abc", "a")) << "an unclosed class ends at the end of the pattern";
}

TEST(GlobTest, BackslashEscapes) {
  EXPECT_TRUE(GlobMatch("h\\*llo", "h*llo"));
  EXPECT_FALSE(GlobMatch("h\\*llo", "hello"));
  EXPECT_TRUE(GlobMatch("a\\?", "a?"));
  EXPECT_FALSE(GlobMatch("a\\?", "ab"));
  EXPECT_TRUE(GlobMatch("a\\[b", "a[b"));
  EXPECT_TRUE(GlobMatch("trailing\\", "trailing\\")) << "a lone trailing backslash is literal";
}

TEST(GlobTest, NoCase) {
  EXPECT_FALSE(GlobMatch("HELLO", "hello"));
  EXPECT_TRUE(GlobMatch("HELLO", "hello", true));
  EXPECT_TRUE(GlobMatch("h[A-C]llo", "hbllo", true));
}

TEST(GlobTest, BinarySafe) {
  const std::string key("a\0b", 3);
  EXPECT_TRUE(GlobMatch("a?b", key));
  EXPECT_TRUE(GlobMatch(std::string("a\0*", 3), key));
}

TEST(GlobTest, PathologicalPatternEndsQuickly) {
  const std::string text(5000, 'a');
  EXPECT_FALSE(GlobMatch("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", text));
}

}  // namespace
}  // namespace redis_testkit::cleanup
