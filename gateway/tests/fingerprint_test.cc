// Expected digests computed with: printf %s '<input>' | sha256sum
#include "signal_gateway/fingerprint.h"

#include <gtest/gtest.h>

namespace signal_gateway {
namespace {

TEST(FingerprintTest, Sha256HexMatchesSha256sum) {
  EXPECT_EQ(Sha256Hex("x"), "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(FingerprintTest, Sha1HexMatchesSha1sum) {
  EXPECT_EQ(Sha1Hex("return 1"), "e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
}

TEST(FingerprintTest, PodAlert) {
  EXPECT_EQ(ComputeFingerprint("HighCPUUsage", {"Pod", "api-7d9f8b-x2k4p", "prod-api"}),
            "fc24540a5fff00f8d37c5027929247ff72df29df56c9351e235864bd69c78979");
}

TEST(FingerprintTest, EventReason) {
  EXPECT_EQ(ComputeFingerprint("OOMKilled", {"Pod", "worker-0", "payments"}),
            "7b7274e9967697947a4a7402a138518581ef7c848758ed04f7721da211fe72ae");
}

TEST(FingerprintTest, NodeIsClusterScoped) {
  EXPECT_EQ(ComputeFingerprint("NodeNotReady", {"Node", "worker-1", ""}),
            "7671a927b54e5645fa1f2ff26fefb096f84fc8a4c239218cc7df67107a20eb40");
}

TEST(FingerprintTest, LowercaseHex64) {
  const std::string fp = ComputeFingerprint("A", {"Pod", "b", "c"});
  ASSERT_EQ(fp.size(), 64u);
  EXPECT_EQ(fp.find_first_not_of("0123456789abcdef"), std::string::npos);
}

}  // namespace
}  // namespace signal_gateway
