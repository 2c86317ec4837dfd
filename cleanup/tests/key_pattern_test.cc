// Key pattern generalisation: splitting, volatile tokens, hash tags, grouping.
#include "redis_testkit/cleanup/key_pattern.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace redis_testkit::cleanup {
namespace {

using Segments = std::vector<std::string_view>;

const std::string kSha256 = "3fa9c0d1e2b34f5a6978a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5e1";

TEST(KeyPatternTest, SplitsOnColons) {
  EXPECT_EQ(SplitKeySegments("a:b:c"), (Segments{"a", "b", "c"}));
  EXPECT_EQ(SplitKeySegments("plain"), (Segments{"plain"}));
  EXPECT_EQ(SplitKeySegments(""), (Segments{""}));
  EXPECT_EQ(SplitKeySegments("a::b:"), (Segments{"a", "", "b", ""}));
}

TEST(KeyPatternTest, HashTagIsOneSegmentEvenWithColons) {
  EXPECT_EQ(SplitKeySegments("gateway:dedup:{prod-api:HighCPU}:x"),
            (Segments{"gateway", "dedup", "{prod-api:HighCPU}", "x"}));
  EXPECT_EQ(SplitKeySegments("user{a:b}x:y"), (Segments{"user{a:b}x", "y"}));
  EXPECT_EQ(SplitKeySegments("a:{b:c"), (Segments{"a", "{b", "c"})) << "unclosed brace";
}

TEST(KeyPatternTest, IsoTimeIsOneSegment) {
  EXPECT_EQ(SplitKeySegments("events:2024-05-01T12:00:00Z:count"),
            (Segments{"events", "2024-05-01T12:00:00Z", "count"}));
  EXPECT_EQ(SplitKeySegments("log:2024-05-01T12:00:00.123+02:00"),
            (Segments{"log", "2024-05-01T12:00:00.123+02:00"}));
  EXPECT_EQ(SplitKeySegments("t:2024-05-01T12:30"), (Segments{"t", "2024-05-01T12:30"}));
  EXPECT_EQ(SplitKeySegments("t:2024-05-01Tfoo:x"), (Segments{"t", "2024-05-01Tfoo", "x"}));
}

TEST(KeyPatternTest, VolatileTokens) {
  for (const char* token : {"42", "-7", "3.14", "1714560000123", "00", "+5"}) {
    EXPECT_TRUE(IsVolatileToken(token)) << token;
  }
  EXPECT_TRUE(IsVolatileToken("550e8400-e29b-41d4-a716-446655440000")) << "uuid";
  EXPECT_TRUE(IsVolatileToken(kSha256)) << "sha256";
  EXPECT_TRUE(IsVolatileToken("3fa9c0d1")) << "8 hex with digits";
  EXPECT_TRUE(IsVolatileToken("deadbeefdeadbeef")) << "16 hex, no digit";
  EXPECT_TRUE(IsVolatileToken("2024-05-01"));
  EXPECT_TRUE(IsVolatileToken("2024-05-01T12:00:00Z"));
  EXPECT_TRUE(IsVolatileToken("20240501T120000Z"));
  EXPECT_TRUE(IsVolatileToken("dGhpcyBpcyBhIHRlc3QgdG9rZW4x")) << "base64";
  EXPECT_TRUE(IsVolatileToken("01ARZ3NDEKTSV4RRFFQ69G5FAV")) << "ULID";
  EXPECT_TRUE(IsVolatileToken("aB3_xY9-kL2mN8pQ4rS7tU1v")) << "base64url";

  for (const char* token :
       {"", "gateway", "dedup", "HighCPU", "prod-api", "v2", "sha256", "deadbeef", "facade12x",
        "1.2.3", "HighCPUUtilizationWarning", "very_long_name_of_a_queue_2", "abc-", "-"}) {
    EXPECT_FALSE(IsVolatileToken(token)) << token;
  }
}

TEST(KeyPatternTest, BriefExample) {
  EXPECT_EQ(GeneralizeKey("gateway:dedup:{prod-api:HighCPU}:" + kSha256),
            "gateway:dedup:{prod-api:HighCPU}:*");
}

TEST(KeyPatternTest, GeneralizesVolatileSegments) {
  EXPECT_EQ(GeneralizeKey("user:42:profile"), "user:*:profile");
  EXPECT_EQ(GeneralizeKey("session:550e8400-e29b-41d4-a716-446655440000"), "session:*");
  EXPECT_EQ(GeneralizeKey("events:2024-05-01T12:00:00Z:count"), "events:*:count");
  EXPECT_EQ(GeneralizeKey("events:2024-05-01"), "events:*");
  EXPECT_EQ(GeneralizeKey("events:20240501T120000Z"), "events:*");
  EXPECT_EQ(GeneralizeKey("rl:1714560000123"), "rl:*");
  EXPECT_EQ(GeneralizeKey("price:-3.5"), "price:*");
  EXPECT_EQ(GeneralizeKey("token:dGhpcyBpcyBhIHRlc3QgdG9rZW4x"), "token:*");
  EXPECT_EQ(GeneralizeKey("fp:3fa9c0d1"), "fp:*");
  EXPECT_EQ(GeneralizeKey("log:2024-05-01T12:00:00.123+02:00:x"), "log:*:x");
}

TEST(KeyPatternTest, KeepsNames) {
  EXPECT_EQ(GeneralizeKey("gateway:config"), "gateway:config");
  EXPECT_EQ(GeneralizeKey("sha256:v2:queue"), "sha256:v2:queue");
  EXPECT_EQ(GeneralizeKey("cache:deadbeef"), "cache:deadbeef");
  EXPECT_EQ(GeneralizeKey("queue:HighCPUUtilizationWarning"), "queue:HighCPUUtilizationWarning");
  EXPECT_EQ(GeneralizeKey("worker17:jobs"), "worker17:jobs");
  EXPECT_EQ(GeneralizeKey(""), "");
  EXPECT_EQ(GeneralizeKey("a::b:"), "a::b:");
}

TEST(KeyPatternTest, GeneralizesPartsInsideASegment) {
  EXPECT_EQ(GeneralizeKey("session-12345"), "session-*");
  EXPECT_EQ(GeneralizeKey("job_7:state"), "job_*:state");
  EXPECT_EQ(GeneralizeKey("file.3fa9c0d1.lock"), "file.*.lock");
  EXPECT_EQ(GeneralizeKey("item12345"), "item*") << "word + counter";
  EXPECT_EQ(GeneralizeKey("cache:deadbeef1"), "cache:*");
}

TEST(KeyPatternTest, HashTags) {
  EXPECT_EQ(GeneralizeKey("{42}"), "{*}");
  EXPECT_EQ(GeneralizeKey("{42}:cart"), "{*}:cart");
  EXPECT_EQ(GeneralizeKey("user{42}:profile"), "user{*}:profile");
  EXPECT_EQ(GeneralizeKey("{user:1000}:cart"), "{user:*}:cart");
  EXPECT_EQ(GeneralizeKey("{prod-api:HighCPU}"), "{prod-api:HighCPU}");
  EXPECT_EQ(GeneralizeKey("{tenant-7:" + kSha256 + "}:x"), "{tenant-*:*}:x");
  EXPECT_EQ(GeneralizeKey("{}:x"), "{}:x");
  EXPECT_EQ(GeneralizeKey("a{b}c{12}"), "a{b}c{*}");
  EXPECT_EQ(GeneralizeKey("a:{b:12"), "a:{b:*") << "unclosed brace is literal";
}

TEST(KeyPatternTest, SameShapeGivesSamePattern) {
  EXPECT_EQ(GeneralizeKey("gateway:dedup:{a:B}:00000000aaaaaaaa"),
            GeneralizeKey("gateway:dedup:{a:B}:ffffffff12345678"));
}

TEST(KeyPatternTest, KeyPrefix) {
  EXPECT_EQ(KeyPrefix("gateway:dedup:x"), "gateway");
  EXPECT_EQ(KeyPrefix("12345:x"), "*");
  EXPECT_EQ(KeyPrefix("plain"), "plain");
  EXPECT_EQ(KeyPrefix("{tag:1}:x"), "{tag:*}");
}

TEST(KeyPatternTest, GroupByPattern) {
  const std::vector<LeakedKey> keys{
      {"user:1:profile", "hash", -1, "listpack", 100},
      {"user:2:profile", "hash", 5000, "listpack", 120},
      {"user:3:profile", "hash", -1, "listpack", 80},
      {"user:4:profile", "hash", -1, "listpack", 90},
      {"big:blob", "string", -1, "raw", 1000},
      {"cfg", "string", 100, "embstr", 10},
  };
  const std::vector<PatternGroup> groups = GroupByPattern(keys);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0], (PatternGroup{"big:blob", 1, 1000, 1, {"big:blob"}}));
  EXPECT_EQ(
      groups[1],
      (PatternGroup{
          "user:*:profile", 4, 390, 3, {"user:1:profile", "user:2:profile", "user:3:profile"}}));
  EXPECT_EQ(groups[2], (PatternGroup{"cfg", 1, 10, 0, {"cfg"}}));
}

TEST(KeyPatternTest, GroupingTiesSortByCountThenPattern) {
  const std::vector<LeakedKey> keys{{"b:1", "string", -1, "int", 10},
                                    {"a:1", "string", -1, "int", 10},
                                    {"c:1", "string", -1, "int", 5},
                                    {"c:2", "string", -1, "int", 5}};
  const std::vector<PatternGroup> groups = GroupByPattern(keys);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].pattern, "c:*");
  EXPECT_EQ(groups[1].pattern, "a:*");
  EXPECT_EQ(groups[2].pattern, "b:*");
}

}  // namespace
}  // namespace redis_testkit::cleanup
