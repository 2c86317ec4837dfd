// Configuration errors name the variable; auto selection says why it chose its runtime.
#include <gtest/gtest.h>

#include "redis_testkit/containers/redis_server.h"
#include "test_support.h"

namespace redis_testkit::containers {
namespace {

using namespace testing;  // NOLINT: the test helpers

TEST(RuntimeErrorsTest, BadMaxmemoryValueNamesTheVariable) {
  try {
    Config::FromLookup([](std::string_view name) -> std::optional<std::string> {
      if (name == "REDIS_TESTKIT_MAXMEMORY") return "lots";
      return std::nullopt;
    });
    FAIL() << "REDIS_TESTKIT_MAXMEMORY=lots accepted";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("REDIS_TESTKIT_MAXMEMORY"), std::string::npos)
        << error.what();
  }
}

TEST(RuntimeErrorsTest, NegativeMaxmemoryInCodeIsAConfigErrorNamingTheVariable) {
  ServerConfig config = SmallConfig(Runtime::kProcess);
  config.maxmemory_bytes = -1;
  try {
    RedisServer server = RedisServer::Start(config);
    FAIL();
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("REDIS_TESTKIT_MAXMEMORY"), std::string::npos)
        << error.what();
  }
}

TEST(RuntimeErrorsTest, AutoResolvesTheRuntimeAndSaysWhy) {
  ServerConfig config = SmallConfig(Runtime::kAuto);
  config.image = "localhost/redis-testkit:7.0";
  RedisServer server = RedisServer::Start(config);
  EXPECT_NE(server.runtime(), Runtime::kAuto);
  const std::string runtime = ToString(server.runtime());
  EXPECT_EQ(server.runtime_reason().rfind(runtime + ":", 0), 0u) << server.runtime_reason();
  EXPECT_EQ(ConfigGet(server.endpoint(), "maxmemory"), "67108864");
}

}  // namespace
}  // namespace redis_testkit::containers
