// The kit (REDIS_TESTKIT_* variables: redis_testkit::ParseMemorySize / ParseDuration) and the
// gateway (flags and JSON settings: signal_gateway::ParseByteSize / ParseDuration) read sizes and
// durations the same way: one convention, the units library's.
#include <gtest/gtest.h>

#include <string>

#include "redis_testkit/config.h"
#include "signal_gateway/gateway_config.h"

namespace {

TEST(UnitConvention, TheKitAndTheGatewayReadSizesAlike) {
  for (const char* text : {"0", "100", "100b", "100k", "100K", "100kb", "100KB", "100KiB", "2m",
                           "1mb", "1MiB", "64MB", "1g", "1gb", "1GiB", " 16mb "}) {
    const long long kit = redis_testkit::ParseMemorySize(text, "kit");
    const std::size_t gateway = signal_gateway::ParseByteSize(text, "gateway");
    EXPECT_EQ(static_cast<long long>(gateway), kit) << '"' << text << '"';
  }
  EXPECT_EQ(signal_gateway::ParseByteSize("100k", "gateway"), 100000u);
  EXPECT_EQ(redis_testkit::ParseMemorySize("100k", "kit"), 100000);
  EXPECT_EQ(signal_gateway::ParseByteSize("100kb", "gateway"), 102400u);
  EXPECT_EQ(redis_testkit::ParseMemorySize("100kb", "kit"), 102400);
  EXPECT_EQ(signal_gateway::ParseByteSize("1mb", "gateway"), 1048576u);
  EXPECT_EQ(redis_testkit::ParseMemorySize("1mb", "kit"), 1048576);
}

TEST(UnitConvention, TheKitAndTheGatewayReadDurationsAlike) {
  for (const char* text : {"0", "1500", "1500ms", "250MS", "30s", "30S", "5m", "1h", " 2m "}) {
    EXPECT_EQ(signal_gateway::ParseDuration(text, "gateway"),
              redis_testkit::ParseDuration(text, "kit"))
        << '"' << text << '"';
  }
}

TEST(UnitConvention, TheKitAndTheGatewayRefuseTheSameText) {
  for (const char* text :
       {"", "lots", "-1", "1.5mb", "1tb", "12 mb", "5d", "99999999999999999999"}) {
    EXPECT_THROW(redis_testkit::ParseMemorySize(text, "kit"), redis_testkit::ConfigError) << text;
    EXPECT_THROW(signal_gateway::ParseByteSize(text, "gateway"), signal_gateway::ConfigError)
        << text;
  }
  for (const char* text : {"", "soon", "-5s", "1.5s", "5d", "876001h"}) {
    EXPECT_THROW(redis_testkit::ParseDuration(text, "kit"), redis_testkit::ConfigError) << text;
    EXPECT_THROW(signal_gateway::ParseDuration(text, "gateway"), signal_gateway::ConfigError)
        << text;
  }
}

// The gateway's cluster URL (redis+cluster://) is masked by the kit's RedactUrl like any other:
// a '+' in the scheme does not make the credentials part of the shown text.
TEST(UnitConvention, TheKitMasksTheGatewaysClusterUrl) {
  EXPECT_EQ(redis_testkit::RedactUrl("redis+cluster://:s3cret@10.0.0.5:7001"),
            "redis+cluster://:***@10.0.0.5:7001");
  EXPECT_EQ(redis_testkit::RedactUrl("redis+cluster://ops:s3cret@h:1/0"),
            "redis+cluster://ops:***@h:1/0");
  signal_gateway::GatewayConfig config;
  config.redis.password = "s3cret";
  config.redis_cluster = true;
  EXPECT_EQ(redis_testkit::RedactUrl(config.RedisUrl()), config.RedisUrl());  // nothing to mask
}

}  // namespace
