// The process runtime (redis-server from PATH) and the external runtime, against real servers.
#include "process_runtime.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "process_identity.h"
#include "process_record.h"
#include "redis_command_line.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/containers/redis_server.h"
#include "subprocess.h"
#include "test_support.h"

namespace redis_testkit::containers {
namespace {

using namespace testing;  // NOLINT: the test helpers
using std::chrono::milliseconds;

bool ProcessGone(pid_t pid) { return !internal::IdentifyProcess(pid).has_value(); }

class ProcessRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!internal::FindExecutable("redis-server")) GTEST_SKIP() << "redis-server is not on PATH";
  }
};

TEST_F(ProcessRuntimeTest, StartsCappedOnLoopbackAndStopLeavesNothing) {
  const ServerConfig config = SmallConfig(Runtime::kProcess);
  RedisServer server = RedisServer::Start(config);
  EXPECT_EQ(server.runtime(), Runtime::kProcess);
  EXPECT_EQ(server.runtime_reason(), "configured: REDIS_TESTKIT_RUNTIME=process");
  EXPECT_TRUE(server.owned());
  EXPECT_EQ(server.container_memory_limit(), 0);
  EXPECT_NE(server.endpoint().port, 6379);
  EXPECT_EQ(ConfigGet(server.endpoint(), "maxmemory"), "67108864");
  EXPECT_EQ(ConfigGet(server.endpoint(), "maxmemory-policy"), "allkeys-lru");
  EXPECT_EQ(ConfigGet(server.endpoint(), "bind"), "127.0.0.1");
  EXPECT_EQ(ConfigGet(server.endpoint(), "save"), "");
  EXPECT_EQ(ConfigGet(server.endpoint(), "appendonly"), "no");
  EXPECT_NE(server.Logs(50).find("Ready to accept connections"), std::string::npos);

  const pid_t pid = ServerPid(server.endpoint());
  const std::string record = internal::ProcessRecord::PathFor(server.name());
  ASSERT_TRUE(std::filesystem::exists(record));
  server.Stop();
  EXPECT_TRUE(ProcessGone(pid));
  EXPECT_FALSE(std::filesystem::exists(record));
  EXPECT_FALSE(std::filesystem::exists(internal::StateDir() + "/" + server.name()));
  server.Stop();  // idempotent
}

// Another Redis on the port answers PING before the kit's server fails to bind it: readiness must
// not take it for the kit's (under ctest -j, another test's cluster node did exactly that).
TEST_F(ProcessRuntimeTest, AnotherRedisOnTheConfiguredPortIsRefusedNotUsed) {
  RedisServer other = RedisServer::Start(SmallConfig(Runtime::kProcess));
  ServerConfig config = SmallConfig(Runtime::kProcess);
  config.port = other.endpoint().port;
  try {
    RedisServer server = RedisServer::Start(config);
    FAIL() << "started on a port another Redis holds; it answers as " << server.name();
  } catch (const StartError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("another Redis answers on 127.0.0.1:" + std::to_string(config.port)),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("choose another REDIS_TESTKIT_PORT"), std::string::npos) << what;
  }
  EXPECT_NO_THROW(
      client::Connection({other.endpoint(), milliseconds(2000), milliseconds(2000)}).Ping());
}

TEST_F(ProcessRuntimeTest, SigkilledOwnerLeavesNothingWithinTenSeconds) {
  const ServerConfig config = SmallConfig(Runtime::kProcess);
  int report = -1;
  const pid_t owner = ForkOwner(
      [&config](int fd) {
        auto* server = new RedisServer(RedisServer::Start(config));  // lives until SIGKILL
        const std::string line = std::to_string(ServerPid(server->endpoint())) + "\n";
        [[maybe_unused]] auto n = ::write(fd, line.data(), line.size());
      },
      report);
  const std::string line = ReadLine(report, std::chrono::seconds(30));
  ::close(report);
  ASSERT_FALSE(line.empty() || line.starts_with("ERROR")) << line;
  const pid_t server_pid = std::stoi(line);
  ASSERT_FALSE(ProcessGone(server_pid));

  ::kill(owner, SIGKILL);
  ::waitpid(owner, nullptr, 0);
  EXPECT_TRUE(Eventually([&] { return ProcessGone(server_pid); }, std::chrono::seconds(10)))
      << "redis-server " << server_pid << " outlived its SIGKILLed owner by 10 s";
  if (!ProcessGone(server_pid)) ::kill(server_pid, SIGKILL);
}

TEST_F(ProcessRuntimeTest, ServerOwnedByAnotherProcessDiesWithIt) {
  // The `pool up` case: the owner is not the process that starts the server (a watchdog, no
  // death signal).
  const pid_t owner = internal::Spawn({"sleep", "60"}, internal::SpawnOptions{});
  StartOptions options;
  options.owner = owner;
  RedisServer server = RedisServer::Start(SmallConfig(Runtime::kProcess), options);
  const pid_t server_pid = ServerPid(server.endpoint());
  server.Release();  // as `pool up` does: the server lives on with its owner

  ::kill(owner, SIGKILL);
  internal::WaitForChild(owner, milliseconds(5000));
  EXPECT_TRUE(Eventually([&] { return ProcessGone(server_pid); }, std::chrono::seconds(10)));
  if (!ProcessGone(server_pid)) ::kill(server_pid, SIGKILL);
}

TEST_F(ProcessRuntimeTest, StartSweepsServersWhoseOwnerIsGone) {
  // A stale server as a crashed owner leaves it: running, with a record naming a dead owner.
  internal::ProcessRecord stale;
  stale.name = "redis-testkit-stale-" + std::to_string(::getpid());
  stale.dir = internal::StateDir() + "/" + stale.name;
  std::filesystem::create_directories(stale.dir);
  stale.port = internal::PickFreePort();
  internal::RedisListenOptions listen;
  listen.port = stale.port;
  std::vector<std::string> argv{"redis-server"};
  for (const std::string& arg :
       internal::RedisServerArguments(SmallConfig(Runtime::kProcess), listen)) {
    argv.push_back(arg);
  }
  internal::SpawnOptions spawn;
  spawn.new_session = true;
  const pid_t pid = internal::Spawn(argv, spawn);
  ASSERT_TRUE(Eventually([&] { return internal::IdentifyProcess(pid).has_value(); }));
  stale.server = *internal::IdentifyProcess(pid);
  stale.owner = {DeadPid(), 1};
  stale.Save();

  RedisServer server = RedisServer::Start(SmallConfig(Runtime::kProcess));
  int status = 0;
  EXPECT_TRUE(internal::WaitForChild(pid, std::chrono::seconds(10), &status))
      << "the stale redis-server was not stopped by the sweep";
  EXPECT_FALSE(std::filesystem::exists(internal::ProcessRecord::PathFor(stale.name)));
  EXPECT_FALSE(std::filesystem::exists(stale.dir));
  if (internal::IdentifyProcess(pid)) ::kill(pid, SIGKILL);
}

TEST_F(ProcessRuntimeTest, ReadinessTimeoutNamesTheWaitAndShowsTheLog) {
  // A "redis-server" that never listens.
  const std::string dir = internal::StateDir() + "/fake-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  const std::string fake = dir + "/redis-server";
  {
    std::ofstream script(fake);
    script << "#!/bin/sh\necho fake server starting, never listening\nexec sleep 30\n";
  }
  std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
  ServerConfig config = SmallConfig(Runtime::kProcess);
  config.redis_server = fake;
  config.startup_timeout = milliseconds(500);
  try {
    RedisServer server = RedisServer::Start(config);
    FAIL() << "a server that never listens was reported ready";
  } catch (const StartError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("Redis did not answer PING within 500 ms on 127.0.0.1:"), std::string::npos)
        << what;
    EXPECT_NE(what.find("last log lines:\nfake server starting"), std::string::npos) << what;
  }
  std::filesystem::remove_all(dir);
}

TEST_F(ProcessRuntimeTest, ServerThatExitsGivesExitCodeAndLogs) {
  ServerConfig config = SmallConfig(Runtime::kProcess);
  config.maxmemory_policy = "no-such-policy";
  try {
    RedisServer server = RedisServer::Start(config);
    FAIL() << "started with a bad maxmemory-policy";
  } catch (const StartError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("exited with code 1"), std::string::npos) << what;
    EXPECT_NE(error.server_logs().find("FATAL CONFIG FILE ERROR"), std::string::npos) << what;
  }
}

TEST_F(ProcessRuntimeTest, MissingBinaryIsNamed) {
  ServerConfig config = SmallConfig(Runtime::kProcess);
  config.redis_server = "/nonexistent/redis-server";
  try {
    RedisServer server = RedisServer::Start(config);
    FAIL();
  } catch (const StartError& error) {
    EXPECT_NE(std::string(error.what()).find("REDIS_TESTKIT_REDIS_SERVER"), std::string::npos)
        << error.what();
  }
}

TEST_F(ProcessRuntimeTest, DetachedSurvivesTheHandleAndFindStopsIt) {
  ServerConfig config = SmallConfig(Runtime::kProcess);
  config.name = "redis-testkit-detached-" + std::to_string(::getpid());
  pid_t pid = 0;
  {
    StartOptions options;
    options.detached = true;
    RedisServer server = RedisServer::Start(config, options);
    pid = ServerPid(server.endpoint());
  }
  ASSERT_FALSE(ProcessGone(pid));
  EXPECT_THROW(RedisServer::Start(config), StartError);  // the name is taken
  std::optional<RedisServer> found = RedisServer::Find(config);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->runtime(), Runtime::kProcess);
  EXPECT_FALSE(found->CheckCap(config).has_value());
  found->Stop();
  EXPECT_TRUE(Eventually([&] {
    ::waitpid(pid, nullptr, WNOHANG);  // our child: reap it
    return ProcessGone(pid);
  }));
  EXPECT_FALSE(RedisServer::Find(config).has_value());
}

TEST_F(ProcessRuntimeTest, ExternalServerIsUsedButNeverStopped) {
  RedisServer real = RedisServer::Start(SmallConfig(Runtime::kProcess));
  ServerConfig config;
  config.runtime = Runtime::kExternal;
  config.url = real.endpoint().Url();
  RedisServer external = RedisServer::Start(config);
  EXPECT_EQ(external.runtime(), Runtime::kExternal);
  EXPECT_FALSE(external.owned());
  EXPECT_EQ(external.endpoint().port, real.endpoint().port);
  EXPECT_EQ(external.Logs(10), "");
  external.Stop();
  client::Connection connection({real.endpoint()});
  EXPECT_NO_THROW(connection.Ping());
}

TEST_F(ProcessRuntimeTest, UnreachableExternalServerIsAStartError) {
  ServerConfig config;
  config.runtime = Runtime::kExternal;
  config.url = "redis://127.0.0.1:" + std::to_string(internal::PickFreePort()) + "/0";
  config.startup_timeout = milliseconds(300);
  try {
    RedisServer server = RedisServer::Start(config);
    FAIL();
  } catch (const StartError& error) {
    EXPECT_NE(std::string(error.what()).find("did not answer PING within 300 ms"),
              std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace redis_testkit::containers
