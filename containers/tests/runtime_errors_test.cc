// Configuration errors name the variable; auto selection says why it chose its runtime.
#include <gtest/gtest.h>

#include <string>
#include <typeinfo>

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

// RedisServer::Start throws ConfigError or StartError, nothing else: a file-system failure (here
// an instance name too long for a directory name, ENAMETOOLONG even for root) becomes a
// StartError that says what failed and where to look.
TEST(RuntimeErrorsTest, FileSystemFailureIsAStartError) {
  ServerConfig config = SmallConfig(Runtime::kProcess);
  config.name = std::string(300, 'n');  // valid characters, but longer than NAME_MAX
  try {
    RedisServer server = RedisServer::Start(config);
    FAIL() << "a 300-character instance name was accepted";
  } catch (const StartError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("could not start Redis"), std::string::npos) << message;
    EXPECT_NE(message.find("File name too long"), std::string::npos) << message;
    EXPECT_NE(message.find("REDIS_TESTKIT_NAME"), std::string::npos) << message;
  } catch (const std::exception& error) {
    FAIL() << "not a StartError: " << typeid(error).name() << ": " << error.what();
  }
}

// An external URL that does not parse, set in code (not through Config): a ConfigError.
TEST(RuntimeErrorsTest, BadExternalUrlInCodeIsAConfigError) {
  ServerConfig config = SmallConfig(Runtime::kExternal);
  config.url = "redis://:S3cr/t@x@127.0.0.1:99999/0";
  try {
    RedisServer server = RedisServer::Start(config);
    FAIL() << "a URL with port 99999 was accepted";
  } catch (const ConfigError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("REDIS_TESTKIT_URL"), std::string::npos) << message;
    EXPECT_EQ(message.find("S3cr"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace redis_testkit::containers
