// The one redis-server command line: cap, policy, no persistence, listening.
#include "redis_command_line.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace redis_testkit::containers::internal {
namespace {

using ::testing::Not;

// The value following `flag`, or "<missing>".
std::string ValueOf(const std::vector<std::string>& args, const std::string& flag) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == flag) return args[i + 1];
  }
  return "<missing>";
}

TEST(RedisCommandLineTest, HostProcessListensOnLoopbackWithTheCap) {
  ServerConfig config;
  config.maxmemory_bytes = 64LL * 1024 * 1024;
  config.maxmemory_policy = "allkeys-lru";
  RedisListenOptions listen;
  listen.port = 45678;
  const std::vector<std::string> args = RedisServerArguments(config, listen);
  EXPECT_EQ(ValueOf(args, "--port"), "45678");
  EXPECT_EQ(ValueOf(args, "--bind"), "127.0.0.1");
  EXPECT_EQ(ValueOf(args, "--protected-mode"), "yes");
  EXPECT_EQ(ValueOf(args, "--maxmemory"), "67108864");  // exact bytes: CONFIG GET returns these
  EXPECT_EQ(ValueOf(args, "--maxmemory-policy"), "allkeys-lru");
  EXPECT_EQ(ValueOf(args, "--save"), "");
  EXPECT_EQ(ValueOf(args, "--appendonly"), "no");
  EXPECT_EQ(ValueOf(args, "--logfile"), "");
  EXPECT_THAT(args, Not(::testing::Contains("--unixsocket")));
  EXPECT_THAT(args, Not(::testing::Contains("--dir")));
}

TEST(RedisCommandLineTest, ContainerBindsAllInterfacesWithoutProtectedMode) {
  ServerConfig config;
  RedisListenOptions listen;
  listen.port = 6379;
  listen.bind = "0.0.0.0";
  listen.protected_mode = false;
  const std::vector<std::string> args = RedisServerArguments(config, listen);
  EXPECT_EQ(ValueOf(args, "--bind"), "0.0.0.0");
  EXPECT_EQ(ValueOf(args, "--protected-mode"), "no");
  EXPECT_EQ(ValueOf(args, "--maxmemory"), "536870912");  // the 512mb default
  EXPECT_EQ(ValueOf(args, "--maxmemory-policy"), "noeviction");
}

TEST(RedisCommandLineTest, UnixSocketAndDirWhenAsked) {
  ServerConfig config;
  config.maxmemory_bytes = 0;  // no cap
  RedisListenOptions listen;
  listen.unix_socket = "/tmp/x/redis.sock";
  listen.dir = "/tmp/x";
  const std::vector<std::string> args = RedisServerArguments(config, listen);
  EXPECT_EQ(ValueOf(args, "--unixsocket"), "/tmp/x/redis.sock");
  EXPECT_EQ(ValueOf(args, "--unixsocketperm"), "700");
  EXPECT_EQ(ValueOf(args, "--dir"), "/tmp/x");
  EXPECT_EQ(ValueOf(args, "--maxmemory"), "0");
}

TEST(RedisCommandLineTest, EveryFlagHasAValue) {
  const std::vector<std::string> args = RedisServerArguments(ServerConfig{}, RedisListenOptions{});
  ASSERT_EQ(args.size() % 2, 0u);
  for (std::size_t i = 0; i < args.size(); i += 2) {
    EXPECT_TRUE(args[i].starts_with("--")) << args[i];
  }
}

}  // namespace
}  // namespace redis_testkit::containers::internal

namespace redis_testkit::containers::internal {
namespace {

TEST(RedisCommandLineTest, PersistenceModesOnTheCommandLine) {
  ServerConfig config;
  RedisListenOptions listen;
  listen.dir = "/data/dir";
  config.persistence = Persistence::kAofEverysec;
  std::vector<std::string> args = RedisServerArguments(config, listen);
  EXPECT_EQ(ValueOf(args, "--appendonly"), "yes");
  EXPECT_EQ(ValueOf(args, "--appendfsync"), "everysec");
  EXPECT_EQ(ValueOf(args, "--save"), "");
  EXPECT_EQ(ValueOf(args, "--dir"), "/data/dir");
  config.persistence = Persistence::kAofAlways;
  EXPECT_EQ(ValueOf(RedisServerArguments(config, listen), "--appendfsync"), "always");
  config.persistence = Persistence::kRdb;
  args = RedisServerArguments(config, listen);
  EXPECT_EQ(ValueOf(args, "--save"), "1 1");
  EXPECT_EQ(ValueOf(args, "--appendonly"), "no");
  config.persistence = Persistence::kNone;
  args = RedisServerArguments(config, listen);
  EXPECT_EQ(ValueOf(args, "--save"), "");
  EXPECT_EQ(ValueOf(args, "--appendonly"), "no");
}

TEST(RedisCommandLineTest, PersistenceNamesBothWays) {
  for (Persistence mode : {Persistence::kNone, Persistence::kAofEverysec, Persistence::kAofAlways,
                           Persistence::kRdb}) {
    EXPECT_EQ(ParsePersistence(ToString(mode)), mode);
  }
  try {
    ParsePersistence("aof", "REDIS_TESTKIT_PERSISTENCE");
    FAIL() << "an unknown mode must be refused";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("aof-everysec"), std::string::npos) << error.what();
  }
}

TEST(RedisCommandLineTest, ClusterNodeAnnouncesAHostReachableAddress) {
  ClusterNodeOptions node;
  node.bus_port = 40001;
  ServerConfig config;
  config.settings = ClusterNodeSettings(node);
  RedisListenOptions listen;
  listen.port = 56000;  // above 55535: only a bus port of its own makes this a cluster node
  const std::vector<std::string> args = RedisServerArguments(config, listen);
  EXPECT_EQ(ValueOf(args, "--cluster-enabled"), "yes");
  EXPECT_EQ(ValueOf(args, "--cluster-config-file"), "nodes.conf");
  EXPECT_EQ(ValueOf(args, "--cluster-port"), "40001");
  EXPECT_EQ(ValueOf(args, "--cluster-announce-ip"), "127.0.0.1");
  EXPECT_EQ(ValueOf(args, "--cluster-announce-bus-port"), "40001");
  EXPECT_EQ(ValueOf(args, "--cluster-node-timeout"), "5000");
  EXPECT_THAT(args, Not(::testing::Contains("--cluster-announce-port")));  // its own port

  node.announce_ip = "10.0.0.5";  // e.g. a published container port
  node.announce_port = 32001;
  node.announce_bus_port = 32002;
  config.settings = ClusterNodeSettings(node);
  const std::vector<std::string> published = RedisServerArguments(config, listen);
  EXPECT_EQ(ValueOf(published, "--cluster-announce-ip"), "10.0.0.5");
  EXPECT_EQ(ValueOf(published, "--cluster-announce-port"), "32001");
  EXPECT_EQ(ValueOf(published, "--cluster-announce-bus-port"), "32002");

  node.bus_port = 0;
  EXPECT_THROW(ClusterNodeSettings(node), std::invalid_argument);
}

TEST(RedisCommandLineTest, TheIdentityComesLastSoThatNoSettingHidesIt) {
  ServerConfig config;
  config.settings = {{"proc-title-template", "{title}"}};  // a profile may name it too
  RedisListenOptions listen;
  EXPECT_THAT(RedisServerArguments(config, listen),
              Not(::testing::Contains(ProcTitleTemplate(""))));  // no identity: none written
  listen.identity = "redis-testkit-42-1";
  const std::vector<std::string> args = RedisServerArguments(config, listen);
  ASSERT_GE(args.size(), 2U);
  EXPECT_EQ(args[args.size() - 2], "--proc-title-template");
  EXPECT_EQ(args.back(), "{title} {listen-addr} {server-mode} redis-testkit:redis-testkit-42-1");
}

}  // namespace
}  // namespace redis_testkit::containers::internal
