// Fill options from text and the result's JSON: no server.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "redis_testkit/cleanup/leak_classifier.h"
#include "redis_testkit/ops/fill.h"

namespace {

using redis_testkit::ops::FillLayout;
using redis_testkit::ops::ParseFillFraction;
using redis_testkit::ops::ParseFillLayout;

std::string ErrorOf(const std::string& text) {
  try {
    ParseFillFraction(text);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

TEST(FillFraction, AcceptsPercentAndShare) {
  EXPECT_DOUBLE_EQ(ParseFillFraction("90%"), 0.9);
  EXPECT_DOUBLE_EQ(ParseFillFraction("0.9"), 0.9);
  EXPECT_DOUBLE_EQ(ParseFillFraction("12.5%"), 0.125);
  EXPECT_DOUBLE_EQ(ParseFillFraction("100%"), 1.0);
  EXPECT_DOUBLE_EQ(ParseFillFraction("1"), 1.0);
}

TEST(FillFraction, RejectsAboveMaxmemoryNamingTheValue) {
  const std::string error = ErrorOf("150%");
  EXPECT_NE(error.find("'150%'"), std::string::npos) << error;
  EXPECT_NE(error.find("above 100%"), std::string::npos) << error;
  EXPECT_NE(ErrorOf("1.5").find("above 100%"), std::string::npos);
}

TEST(FillFraction, RejectsZeroNegativeAndText) {
  EXPECT_NE(ErrorOf("0%").find("not above 0"), std::string::npos);
  EXPECT_NE(ErrorOf("-0.5").find("not above 0"), std::string::npos);
  EXPECT_NE(ErrorOf("ninety").find("'ninety' is not a number"), std::string::npos);
  EXPECT_NE(ErrorOf("").find("not a number"), std::string::npos);
  EXPECT_NE(ErrorOf("90%%").find("not a number"), std::string::npos);
  EXPECT_NE(ErrorOf("nan").find("not above 0"), std::string::npos);
}

TEST(FillLayoutText, RoundTripsAndNamesTheBadOne) {
  for (FillLayout layout :
       {FillLayout::kStrings, FillLayout::kStream, FillLayout::kList, FillLayout::kHash}) {
    EXPECT_EQ(ParseFillLayout(redis_testkit::ops::ToString(layout)), layout);
  }
  EXPECT_EQ(ParseFillLayout("STREAM"), FillLayout::kStream);
  try {
    ParseFillLayout("zset");
    FAIL() << "zset accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("'zset'"), std::string::npos) << error.what();
  }
}

TEST(FillKeys, PrefixIsTheOneTheLeakCheckKnows) {
  EXPECT_EQ(redis_testkit::ops::FillKeyPrefix(), "redis-testkit:fill:");
  const redis_testkit::cleanup::LeakClassifier classifier(redis_testkit::LeakPolicy::kFailAny, {});
  EXPECT_TRUE(classifier.IsAllowlisted("redis-testkit:fill:0a1b2c3d:17"));
  EXPECT_FALSE(classifier.IsAllowlisted("redis-testkit:fil"));
  EXPECT_FALSE(classifier.IsAllowlisted("app:redis-testkit:fill:1"));
}

TEST(FillResultJson, HasEveryField) {
  redis_testkit::ops::FillResult result;
  result.layout = "stream";
  result.keys_written = 1;
  result.entries_written = 25000;
  result.fraction_after = 0.9;
  result.elapsed = std::chrono::microseconds(1500);
  const auto json = nlohmann::json::parse(result.ToJson("127.0.0.1:6379/0"));
  for (const char* field :
       {"server", "layout", "key_prefix", "keys_written", "entries_written", "bytes_written",
        "used_memory_before", "used_memory_after", "maxmemory", "maxmemory_policy",
        "target_fraction", "fraction_before", "fraction_after", "batches", "oom_rejections",
        "evicted_keys", "elapsed_ms"}) {
    EXPECT_TRUE(json.contains(field)) << field;
  }
  EXPECT_EQ(json["entries_written"], 25000);
  EXPECT_DOUBLE_EQ(json["elapsed_ms"].get<double>(), 1.5);
  EXPECT_NE(result.ToText("x").find("90.0% of maxmemory"), std::string::npos);
}

}  // namespace
