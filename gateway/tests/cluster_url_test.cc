// The gateway's Redis Cluster URL, "redis+cluster://host:port" (its own scheme, stripped before
// the client parses the rest): a flag, a JSON setting and --help; the password never shown.
#include <gtest/gtest.h>

#include <string>

#include "command_line_error.h"
#include "signal_gateway/gateway_config.h"

namespace signal_gateway {
namespace {

using test_support::ErrorOf;

TEST(ClusterUrlTest, TheSchemeSelectsTheRoutingClient) {
  const CommandLine cl =
      ParseCommandLine({"--redis-url", "redis+cluster://ops:s3cret@10.0.0.5:7001"});
  EXPECT_TRUE(cl.config.redis_cluster);
  EXPECT_EQ(cl.config.redis.host, "10.0.0.5");
  EXPECT_EQ(cl.config.redis.port, 7001);
  EXPECT_EQ(cl.config.redis.user, "ops");
  EXPECT_EQ(cl.config.redis.password, "s3cret");
  EXPECT_EQ(cl.config.RedisUrl(), "redis+cluster://10.0.0.5:7001/0");  // as shown: no password
  EXPECT_FALSE(ParseCommandLine({"--redis-url", "redis://10.0.0.5:7001"}).config.redis_cluster);
  EXPECT_TRUE(ParseCommandLine({"--redis-url", "REDIS+CLUSTER://h:1"}).config.redis_cluster);
}

TEST(ClusterUrlTest, AJsonSettingToo) {
  GatewayConfig config;
  ApplyJsonConfig(config, R"({"redis_url": "redis+cluster://127.0.0.1:7000"})", "test.json");
  EXPECT_TRUE(config.redis_cluster);
  EXPECT_EQ(config.redis.port, 7000);
  // A later plain URL turns it off again.
  ApplyJsonConfig(config, R"({"redis_url": "redis://127.0.0.1:6379"})", "test.json");
  EXPECT_FALSE(config.redis_cluster);
}

TEST(ClusterUrlTest, HelpListsIt) {
  EXPECT_NE(UsageText("gateway-server").find("redis+cluster://"), std::string::npos);
}

TEST(ClusterUrlTest, BadUrlsSayWhyAndNeverShowThePassword) {
  const std::string port = ErrorOf({"--redis-url", "redis+cluster://:s3cret@h:notaport"});
  EXPECT_NE(port.find("redis+cluster://:***@h:notaport"), std::string::npos) << port;
  EXPECT_EQ(port.find("s3cret"), std::string::npos) << port;
  EXPECT_NE(port.find("for a Redis Cluster: redis+cluster://"), std::string::npos) << port;

  const std::string db = ErrorOf({"--redis-url", "redis+cluster://:s3cret@h:7000/2"});
  EXPECT_NE(db.find("a Redis Cluster has only database 0"), std::string::npos) << db;
  EXPECT_EQ(db.find("s3cret"), std::string::npos) << db;
  EXPECT_NE(
      ErrorOf({"--redis-url", "redis+cluster://h:7000", "--redis-db", "1"}).find("only database 0"),
      std::string::npos);
}

}  // namespace
}  // namespace signal_gateway
