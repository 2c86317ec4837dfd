#include "signal_gateway/redis_keys.h"

#include <gtest/gtest.h>

namespace signal_gateway {
namespace {

TEST(RedisKeysTest, LayoutAndSharedHashTag) {
  // printf %s 'HighCPUUsage:prod-api' | sha256sum -> 32be6a2ac8b4b47d...
  const SignalKeys keys = KeysFor("prod-api", "HighCPUUsage", "fc24540a");
  EXPECT_EQ(keys.tag, "32be6a2ac8b4b47d");
  EXPECT_EQ(keys.dedup, "gateway:dedup:{32be6a2ac8b4b47d}:fc24540a");
  EXPECT_EQ(keys.storm, "gateway:storm:{32be6a2ac8b4b47d}");
  EXPECT_EQ(RateKey("10.0.0.1"), "gateway:rate:10.0.0.1");
}

TEST(RedisKeysTest, TagIsPerNamespaceAndAlertname) {
  EXPECT_NE(StormTag("prod-api", "HighCPUUsage"), StormTag("prod-web", "HighCPUUsage"));
  EXPECT_NE(StormTag("prod-api", "HighCPUUsage"), StormTag("prod-api", "HighMemory"));
  // Braces in label values cannot break the hash tag: the tag is hex.
  EXPECT_EQ(StormTag("a}b", "{x").find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(RedisKeysTest, Pattern) { EXPECT_EQ(StormPattern("HighCPUUsage", "prod-api"), "HighCPUUsage in prod-api"); }

TEST(RedisKeysTest, ResourceFieldsRoundTrip) {
  EXPECT_EQ(EncodeResourceField({"Pod", "api-1", "ns"}), "api-1");
  EXPECT_EQ(DecodeResourceField("api-1"), "Pod/api-1");
  EXPECT_EQ(EncodeResourceField({"Deployment", "web", "ns"}), "Deployment/web");
  EXPECT_EQ(DecodeResourceField("Deployment/web"), "Deployment/web");
  EXPECT_EQ(EncodeResourceField({"Node", "n1", ""}), "Node/n1");
  // Never a one-character field (those are the storm's own fields) and never ambiguous.
  EXPECT_EQ(EncodeResourceField({"Pod", "c", "ns"}), "Pod/c");
  EXPECT_EQ(EncodeResourceField({"Pod", "a/b", "ns"}), "Pod/a/b");
  EXPECT_EQ(DecodeResourceField("Pod/a/b"), "Pod/a/b");
}

TEST(RedisKeysTest, LongResourceFieldsStayCompactAndDistinct) {
  const std::string long_name(200, 'x');
  const std::string a = EncodeResourceField({"Deployment", long_name + "a", "ns"});
  const std::string b = EncodeResourceField({"Deployment", long_name + "b", "ns"});
  EXPECT_EQ(a.size(), kMaxCompactField);
  EXPECT_NE(a, b);
  EXPECT_EQ(DecodeResourceField(a).rfind("Deployment/", 0), 0u);
  const std::string pod = EncodeResourceField({"Pod", long_name, "ns"});
  EXPECT_EQ(pod.size(), kMaxCompactField);
  EXPECT_EQ(DecodeResourceField(pod).rfind("Pod/", 0), 0u);
}

}  // namespace
}  // namespace signal_gateway
