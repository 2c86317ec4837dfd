// Server control on real servers, for every runtime that works here: Kill + Relaunch keeps the
// data with an AOF and loses it without, Relaunch returns only once the data set is loaded, Pause
// makes commands time out and Resume answers them, an external server refuses control.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/pipeline.h"
#include "redis_testkit/containers/redis_server.h"
#include "test_support.h"

namespace redis_testkit::containers {
namespace {

using std::chrono::milliseconds;
constexpr milliseconds kTimeout{30000};

client::Connection Open(const client::Endpoint& endpoint, milliseconds timeout = kTimeout) {
  client::ConnectionOptions options;
  options.endpoint = endpoint;
  options.connect_timeout = timeout;
  options.command_timeout = timeout;
  return client::Connection(options);
}

// Writes `count` keys. Redis writes the AOF before it replies, so no wait for everysec's fsync.
void WriteKeys(const client::Endpoint& endpoint, int count) {
  client::Connection connection = Open(endpoint);
  client::Pipeline pipeline = connection.MakePipeline();
  for (int i = 0; i < count; ++i) pipeline.Add({"SET", "control:" + std::to_string(i), "v"});
  for (const client::Reply& reply : pipeline.Execute()) ASSERT_FALSE(reply.IsError());
}

// Until INFO persistence says aof_buffer_length:0: everything acknowledged is in the AOF file.
// appendfsync everysec may postpone that write by up to 2 s while a background fsync is slow (a
// busy disk) and still reply: the loss Redis documents for everysec, not the kit's.
void WaitAofWritten(const client::Endpoint& endpoint) {
  client::Connection connection = Open(endpoint);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (connection.Command({"INFO", "persistence"}).AsString().find("aof_buffer_length:0") ==
             std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(10));
  }
}

long long DbSize(const client::Endpoint& endpoint) {
  return Open(endpoint).Command({"DBSIZE"}).AsInteger();
}

class ServerControlTest : public ::testing::TestWithParam<Runtime> {
 protected:
  void SetUp() override {
    if (GetParam() != Runtime::kProcess) {
      if (auto why = testing::EngineUnusable(ToString(GetParam()))) GTEST_SKIP() << *why;
    }
  }
  ServerConfig Config(Persistence persistence) const {
    ServerConfig config = testing::SmallConfig(GetParam());
    config.persistence = persistence;
    config.startup_timeout = kTimeout;
    return config;
  }
};

TEST_P(ServerControlTest, KillAndRelaunchKeepsTheDataWithAnAof) {
  RedisServer server = RedisServer::Start(Config(Persistence::kAofEverysec));
  const int port = server.endpoint().port;
  WriteKeys(server.endpoint(), 1000);
  WaitAofWritten(server.endpoint());
  server.Kill();
  EXPECT_FALSE(server.IsRunning());
  EXPECT_THROW(Open(server.endpoint(), milliseconds(500)).Ping(), client::IoError);
  const milliseconds recovery = server.Relaunch(kTimeout);
  EXPECT_GT(recovery.count(), 0);
  EXPECT_EQ(server.endpoint().port, port);
  EXPECT_EQ(DbSize(server.endpoint()), 1000) << server.Logs();
  EXPECT_EQ(testing::ConfigGet(server.endpoint(), "appendfsync"), "everysec");
}

TEST_P(ServerControlTest, KillAndRelaunchLosesTheDataWithoutPersistence) {
  RedisServer server = RedisServer::Start(Config(Persistence::kNone));
  WriteKeys(server.endpoint(), 1000);
  server.Kill();
  server.Relaunch(kTimeout);
  EXPECT_EQ(DbSize(server.endpoint()), 0);
  EXPECT_EQ(testing::ConfigGet(server.endpoint(), "appendonly"), "no");
}

TEST_P(ServerControlTest, GracefulShutdownWritesTheRdb) {
  RedisServer server = RedisServer::Start(Config(Persistence::kRdb));
  WriteKeys(server.endpoint(), 100);
  server.Shutdown(kTimeout);  // SIGTERM: Redis saves the RDB on the way out
  EXPECT_FALSE(server.IsRunning());
  server.Relaunch(kTimeout);
  EXPECT_EQ(DbSize(server.endpoint()), 100) << server.Logs();
}

TEST_P(ServerControlTest, RelaunchReturnsOnlyOnceTheDataIsLoaded) {
  ServerConfig config = Config(Persistence::kAofEverysec);
  config.maxmemory_bytes = 0;  // no cap, no eviction
  RedisServer server = RedisServer::Start(config);
  {
    client::Connection connection = Open(server.endpoint());
    const std::string value(500, 'v');
    for (int round = 0; round < 10; ++round) {  // 100,000 keys, ~55 MB of AOF to load
      client::Pipeline pipeline = connection.MakePipeline();
      for (int i = 0; i < 10000; ++i) {
        pipeline.Add({"SET", "load:" + std::to_string(round) + ":" + std::to_string(i), value});
      }
      pipeline.Execute();
    }
  }
  WaitAofWritten(server.endpoint());
  server.Kill();
  server.Relaunch(kTimeout);
  // At once, without any retry: the server is loaded and answers.
  client::Connection connection = Open(server.endpoint());
  const std::string info = connection.Command({"INFO", "persistence"}).AsString();
  EXPECT_NE(info.find("loading:0"), std::string::npos) << info;
  EXPECT_EQ(connection.Command({"DBSIZE"}).AsInteger(), 100000);
}

TEST_P(ServerControlTest, PauseMakesCommandsTimeOutAndResumeAnswersThem) {
  RedisServer server = RedisServer::Start(Config(Persistence::kNone));
  client::Connection connection = Open(server.endpoint(), milliseconds(300));
  connection.Ping();
  server.Pause();
  EXPECT_THROW(connection.Ping(), client::IoError);
  server.Resume();
  client::Connection fresh = Open(server.endpoint(), milliseconds(2000));
  EXPECT_NO_THROW(fresh.Ping());
}

TEST_P(ServerControlTest, ReviveBringsBackAPausedOrKilledServer) {
  RedisServer server = RedisServer::Start(Config(Persistence::kNone));
  server.Pause();
  server.Revive(kTimeout);
  EXPECT_NO_THROW(Open(server.endpoint(), milliseconds(2000)).Ping());
  server.Kill();
  server.Revive(kTimeout);
  EXPECT_NO_THROW(Open(server.endpoint(), milliseconds(2000)).Ping());
  server.Revive(kTimeout);  // running: nothing to do
  EXPECT_TRUE(server.IsRunning());
}

TEST_P(ServerControlTest, StopRemovesTheDataDirectory) {
  RedisServer first = RedisServer::Start(Config(Persistence::kAofEverysec));
  ServerConfig config = Config(Persistence::kAofEverysec);
  config.name = first.name();
  WriteKeys(first.endpoint(), 10);
  first.Stop();
  // The same name again starts empty: Stop() removed the data with the server.
  RedisServer second = RedisServer::Start(config);
  EXPECT_EQ(DbSize(second.endpoint()), 0);
}

INSTANTIATE_TEST_SUITE_P(Runtimes, ServerControlTest,
                         ::testing::Values(Runtime::kProcess, Runtime::kPodman, Runtime::kDocker),
                         [](const ::testing::TestParamInfo<Runtime>& param) {
                           return std::string(ToString(param.param));
                         });

// While a killed server is down its port is free, and another test's server may take it: the
// relaunched one cannot bind it, and the other answers. Relaunch must say so, not return.
TEST(ServerControlProcess, RelaunchRefusesAnotherRedisThatTookThePort) {
  RedisServer server = RedisServer::Start(testing::SmallConfig(Runtime::kProcess));
  server.Kill();
  ServerConfig config = testing::SmallConfig(Runtime::kProcess);
  config.port = server.endpoint().port;
  RedisServer other = RedisServer::Start(config);
  try {
    server.Relaunch(kTimeout);
    FAIL() << "Relaunch returned while another Redis holds the port";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("another Redis answers on"), std::string::npos)
        << error.what();
  }
}

TEST(ServerControlExternal, AnExternalServerRefusesControlSayingTheKitDoesNotOwnIt) {
  RedisServer owned = RedisServer::Start(testing::SmallConfig(Runtime::kProcess));
  ServerConfig config;
  config.runtime = Runtime::kExternal;
  config.url = owned.endpoint().Url();
  RedisServer external = RedisServer::Start(config);
  try {
    external.Kill();
    FAIL() << "Kill() on an external server must throw";
  } catch (const NotOwnedError& error) {
    EXPECT_NE(std::string(error.what()).find("does not own"), std::string::npos) << error.what();
  }
  EXPECT_THROW(external.Pause(), NotOwnedError);
  EXPECT_THROW(external.Relaunch(kTimeout), NotOwnedError);
  EXPECT_NO_THROW(Open(owned.endpoint()).Ping()) << "nothing happened to the server";
}

}  // namespace
}  // namespace redis_testkit::containers
