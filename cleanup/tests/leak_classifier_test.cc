// LeakClassifier: classes, policies, OOM, the failure message.
#include "redis_testkit/cleanup/leak_classifier.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace redis_testkit::cleanup {
namespace {

std::vector<LeakedKey> SampleKeys() {
  return {
      {"gateway:dedup:{a:B}:3fa9c0d1", "string", -1, "embstr", 72},
      {"gateway:rate:42", "string", 59'000, "int", 56},
      {"fixture:seed", "hash", -1, "listpack", 200},
      {"big:blob", "string", -1, "raw", 4096},
  };
}

TEST(LeakClassifierTest, ClassifiesByTtlAndAllowlist) {
  const LeakClassifier classifier(LeakPolicy::kFailNoTtl, {"fixture:*"});
  const std::vector<LeakedKey> keys = SampleKeys();
  EXPECT_EQ(classifier.Classify(keys[0]), LeakClass::kNoTtl);
  EXPECT_EQ(classifier.Classify(keys[1]), LeakClass::kLeftBehind);
  EXPECT_EQ(classifier.Classify(keys[2]), LeakClass::kAllowlisted);
  EXPECT_STREQ(ToString(LeakClass::kLeftBehind), "left_behind");
}

TEST(LeakClassifierTest, SplitsAndSortsLargestFirst) {
  const LeakClassifier classifier(LeakPolicy::kFailNoTtl, {"fixture:*"});
  const Leaks leaks = classifier.Classify(SampleKeys());
  ASSERT_EQ(leaks.no_ttl.size(), 2u);
  EXPECT_EQ(leaks.no_ttl[0].key, "big:blob");
  EXPECT_EQ(leaks.no_ttl[1].key, "gateway:dedup:{a:B}:3fa9c0d1");
  ASSERT_EQ(leaks.left_behind.size(), 1u);
  EXPECT_EQ(leaks.left_behind[0].key, "gateway:rate:42");
  EXPECT_EQ(leaks.no_ttl_count, 2);
  EXPECT_EQ(leaks.no_ttl_bytes, 4096 + 72);
  EXPECT_EQ(leaks.left_behind_count, 1);
  EXPECT_EQ(leaks.left_behind_bytes, 56);
  EXPECT_EQ(leaks.allowlisted_count, 1);
  EXPECT_EQ(leaks.allowlisted_bytes, 200);
  EXPECT_EQ(leaks.LeakedCount(), 3);
}

TEST(LeakClassifierTest, TruncateKeepsCounts) {
  const LeakClassifier classifier(LeakPolicy::kFailNoTtl, {});
  Leaks leaks = classifier.Classify(SampleKeys());
  leaks.Truncate(1);
  EXPECT_EQ(leaks.no_ttl.size(), 1u);
  EXPECT_EQ(leaks.no_ttl[0].key, "big:blob");
  EXPECT_EQ(leaks.no_ttl_count, 3);
}

TEST(LeakClassifierTest, ClassifyKeepsTheLargestWhenCapped) {
  std::vector<LeakedKey> keys;
  for (int i = 0; i < 50; ++i) {
    keys.push_back(
        {"k:" + std::to_string(i), "string", i % 5 == 0 ? 100 : -1, "int", (i * 37) % 50});
  }
  const LeakClassifier classifier(LeakPolicy::kFailNoTtl, {});
  const Leaks capped = classifier.Classify(keys, 3);
  const Leaks full = classifier.Classify(keys);
  EXPECT_EQ(capped.no_ttl_count, 40);
  EXPECT_EQ(capped.left_behind_count, 10);
  EXPECT_EQ(capped.no_ttl_bytes, full.no_ttl_bytes);
  ASSERT_EQ(capped.no_ttl.size(), 3u);
  ASSERT_EQ(capped.left_behind.size(), 3u);
  ASSERT_EQ(full.no_ttl.size(), 40u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(capped.no_ttl[i], full.no_ttl[i]);
    EXPECT_EQ(capped.left_behind[i], full.left_behind[i]);
  }
  EXPECT_GE(full.no_ttl[0].bytes, full.no_ttl[1].bytes);
}

TEST(LeakClassifierTest, PolicyDecidesTheVerdict) {
  const std::vector<LeakedKey> only_ttl{{"gateway:rate:42", "string", 59'000, "int", 56}};
  const OomEvidence no_oom;
  for (LeakPolicy policy :
       {LeakPolicy::kFailNoTtl, LeakPolicy::kFailAny, LeakPolicy::kReport, LeakPolicy::kOff}) {
    const LeakClassifier classifier(policy, {"fixture:*"});
    const Verdict with_no_ttl = classifier.Judge(classifier.Classify(SampleKeys()), no_oom);
    const Verdict with_ttl_only = classifier.Judge(classifier.Classify(only_ttl), no_oom);
    const Verdict clean = classifier.Judge(Leaks{}, no_oom);
    EXPECT_EQ(with_no_ttl.failed,
              policy == LeakPolicy::kFailNoTtl || policy == LeakPolicy::kFailAny)
        << ToString(policy);
    EXPECT_EQ(with_ttl_only.failed, policy == LeakPolicy::kFailAny) << ToString(policy);
    EXPECT_FALSE(clean.failed) << ToString(policy);
    EXPECT_TRUE(clean.message.empty());
  }
}

TEST(LeakClassifierTest, AllowlistedKeysNeverFail) {
  const LeakClassifier classifier(LeakPolicy::kFailAny, {"fixture:*", "gateway:*"});
  const std::vector<LeakedKey> keys{{"fixture:seed", "hash", -1, "listpack", 200},
                                    {"gateway:x", "string", -1, "embstr", 50}};
  EXPECT_FALSE(classifier.Judge(classifier.Classify(keys), {}).failed);
}

TEST(LeakClassifierTest, NoTtlMessageListsKeysAndFix) {
  const LeakClassifier classifier(LeakPolicy::kFailNoTtl, {"fixture:*"});
  const Verdict verdict = classifier.Judge(classifier.Classify(SampleKeys()), {});
  ASSERT_TRUE(verdict.failed);
  EXPECT_EQ(verdict.message,
            "Redis: this test left 2 keys without a TTL (4.07KB in total) "
            "[REDIS_TESTKIT_LEAK_POLICY=fail-no-ttl]:\n"
            "  big:blob  string  no ttl  4.00KB\n"
            "  gateway:dedup:{a:B}:3fa9c0d1  string  no ttl  72B\n"
            "Fix: set a TTL on these keys (EXPIRE, SET ... PX) or delete them in the test, or, if "
            "they are meant to stay, allowlist them: REDIS_TESTKIT_LEAK_ALLOWLIST='big:blob' "
            "(comma-separated Redis globs).");
}

TEST(LeakClassifierTest, FailAnyMessageMergesBothClassesAndCapsAtTen) {
  std::vector<LeakedKey> keys;
  for (int i = 0; i < 12; ++i) {
    keys.push_back({"job:" + std::to_string(i), "string", i % 2 == 0 ? -1 : 1500, "int", 100 + i});
  }
  const LeakClassifier classifier(LeakPolicy::kFailAny, {});
  const Verdict verdict = classifier.Judge(classifier.Classify(keys), {});
  ASSERT_TRUE(verdict.failed);
  EXPECT_NE(verdict.message.find("left 12 keys (1.24KB in total)"), std::string::npos)
      << verdict.message;
  EXPECT_NE(verdict.message.find("\n  job:11  string  ttl 1.50s  111B\n  job:10  string  no ttl"),
            std::string::npos)
      << verdict.message;
  EXPECT_NE(verdict.message.find("  ... and 2 more\n"), std::string::npos);
  EXPECT_EQ(verdict.message.find("job:0 "), std::string::npos) << "the smallest is not listed";
  EXPECT_NE(verdict.message.find("REDIS_TESTKIT_LEAK_ALLOWLIST='job:*'"), std::string::npos);
}

TEST(LeakClassifierTest, OomAlwaysFails) {
  OomEvidence oom;
  oom.rejections = 3;
  oom.used_memory = 2 * 1024 * 1024 - 10;
  oom.peak = 2 * 1024 * 1024 + 100;
  oom.maxmemory = 2 * 1024 * 1024;
  oom.maxmemory_policy = "noeviction";
  for (LeakPolicy policy : {LeakPolicy::kReport, LeakPolicy::kOff}) {
    const LeakClassifier classifier(policy, {});
    const Verdict verdict = classifier.Judge(Leaks{}, oom);
    EXPECT_TRUE(verdict.failed);
    EXPECT_EQ(verdict.message,
              "Redis: 3 writes were rejected with OOM during this test (used 2.00MB, peak 2.00MB, "
              "maxmemory 2.00MB, policy noeviction).\n"
              "Fix: make the test store less, or raise REDIS_TESTKIT_MAXMEMORY if the test really "
              "needs more; with noeviction a full Redis refuses writes, it does not drop keys.");
  }
}

TEST(LeakClassifierTest, ExpectedOomDoesNotFail) {
  const LeakClassifier classifier(LeakPolicy::kFailNoTtl, {});
  OomEvidence oom;
  oom.rejections = 5;
  oom.expected = true;
  EXPECT_FALSE(classifier.Judge(Leaks{}, oom).failed);
  // ... but it does not hide a leak.
  EXPECT_TRUE(classifier.Judge(classifier.Classify(SampleKeys()), oom).failed);
}

TEST(LeakClassifierTest, LeaksAndOomBothReported) {
  const LeakClassifier classifier(LeakPolicy::kFailNoTtl, {});
  OomEvidence oom;
  oom.rejections = 1;
  const Verdict verdict = classifier.Judge(classifier.Classify(SampleKeys()), oom);
  EXPECT_TRUE(verdict.failed);
  EXPECT_NE(verdict.message.find("keys without a TTL"), std::string::npos);
  EXPECT_NE(verdict.message.find("\nRedis: 1 write was rejected with OOM"), std::string::npos);
  EXPECT_NE(verdict.message.find("maxmemory none"), std::string::npos);
}

TEST(LeakClassifierTest, AllowlistGlobEscapesGlobCharacters) {
  EXPECT_EQ(AllowlistGlobFor("a:*:b"), "a:*:b");
  EXPECT_EQ(AllowlistGlobFor("q?[x]\\"), "q\\?\\[x\\]\\\\");
}

}  // namespace
}  // namespace redis_testkit::cleanup
