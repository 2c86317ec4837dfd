#include "signal_gateway/redis_keys.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "redis_testkit/client/cluster_slots.h"
#include "signal_gateway/signal_store.h"
#include "signal_script.h"

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

TEST(RedisKeysTest, Pattern) {
  EXPECT_EQ(StormPattern("HighCPUUsage", "prod-api"), "HighCPUUsage in prod-api");
}

TEST(RedisKeysTest, ResourceField) {
  EXPECT_EQ(ResourceField({"Pod", "api-1", "ns"}), "Pod/api-1");
  EXPECT_EQ(ResourceField({"Node", "n1", ""}), "Node/n1");
  const std::string long_name(200, 'x');
  const std::string a = ResourceField({"Deployment", long_name + "a", "ns"});
  const std::string b = ResourceField({"Deployment", long_name + "b", "ns"});
  EXPECT_EQ(a.size(), kMaxCompactField);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("Deployment/", 0), 0u);
}

TEST(RedisKeysTest, FrontCoding) {
  const std::string ref = "Pod/api-7d9f8b6c5d-x2k4p";
  EXPECT_EQ(FrontCode("Pod/api-7d9f8b6c5d-q8w2z", ref), std::string("\x01\x13q8w2z"));
  EXPECT_EQ(FrontCode(ref, ref), std::string("\x01\x18"));
  EXPECT_EQ(FrontCode("Node/n1", ref), "Node/n1");  // shares fewer than 4 bytes: kept as is
  EXPECT_EQ(FrontCode("Pod/", ref), std::string("\x01\x04"));
  for (const std::string& field :
       {std::string("Pod/api-7d9f8b6c5d-q8w2z"), ref, std::string("Node/n1"),
        std::string("Pod/other"), std::string("\x01odd kind/x"),
        std::string("Pod/api-7d9f8b6c5d-x2k4p-longer")}) {
    const std::string coded = FrontCode(field, ref);
    EXPECT_EQ(FrontDecode(coded, ref), field);
    EXPECT_GT(coded.size(), 1u);  // never a one-character (meta) field
  }
}

// The Lua step counts a storm's resources as HLEN minus the meta fields: its number is the C++
// constant, written into the script (a literal there would drift from kStormMetaFields).
TEST(RedisKeysTest, TheScriptTakesTheStormMetaFieldCountFromTheConstant) {
  const std::string& source = SignalStore::ScriptSource();
  EXPECT_NE(source.find("\nlocal meta = " + std::to_string(kStormMetaFields) + "\n"),
            std::string::npos)
      << source;
  EXPECT_EQ(source.find(kStormMetaFieldsToken), std::string::npos) << "token left in the script";
  EXPECT_EQ(source.find("\nlocal meta = "), source.rfind("\nlocal meta = "));
}

// Redis Cluster runs a script only when all its keys are in one slot (else CROSSSLOT): the keys
// of one signal share a hash tag, so they do, whatever the label values.
TEST(RedisKeysTest, EveryKeyOfASignalIsInOneClusterSlot) {
  std::set<int> slots;
  for (const char* ns : {"prod-api", "", "a}b{c", "{x}"}) {
    for (const char* alertname : {"HighCPUUsage", "OOMKilled", "{tag}", "}"}) {
      const SignalKeys keys = KeysFor(ns, alertname, "0123abcd");
      const int slot = redis_testkit::client::KeySlot(keys.storm);
      EXPECT_EQ(redis_testkit::client::KeySlot(keys.dedup), slot) << keys.dedup;
      EXPECT_EQ(redis_testkit::client::KeySlot(KeysFor(ns, alertname, "ffff").dedup), slot);
      EXPECT_EQ(redis_testkit::client::HashTag(keys.storm), keys.tag) << keys.storm;
      slots.insert(slot);
    }
  }
  EXPECT_GT(slots.size(), 8u);  // different signals spread over the slots
}

// ...and the scripts touch no key but those they are given (KEYS[1], KEYS[2] as dk, sk): every
// redis.call on a key names one of them.
TEST(RedisKeysTest, TheScriptsTouchOnlyTheirKeys) {
  const std::regex call(R"(redis\.p?call\('([A-Z]+)'(?:, ([^,)]+))?)");
  for (const std::string& source : {SignalScript(), std::string(kClaimScript)}) {
    int calls = 0;
    for (auto it = std::sregex_iterator(source.begin(), source.end(), call);
         it != std::sregex_iterator(); ++it) {
      ++calls;
      const std::string command = (*it)[1];
      if (command == "TIME") continue;
      const std::string key = (*it)[2];
      EXPECT_TRUE(key == "dk" || key == "sk" || key == "KEYS[1]")
          << command << " on " << key << " in:\n"
          << source;
    }
    EXPECT_GE(calls, 3);
  }
  EXPECT_NE(SignalScript().find("local dk, sk = KEYS[1], KEYS[2]\n"), std::string::npos);
}

}  // namespace
}  // namespace signal_gateway
