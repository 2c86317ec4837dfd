// The podman and docker runtimes against the real engine: cap, loopback-only port, Stop, crash
// safety, the sweep and the start errors. Skipped (with the reason) for an engine that cannot run
// containers here.
#include "container_runtime.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "redis_testkit/containers/redis_server.h"
#include "subprocess.h"
#include "test_support.h"

namespace redis_testkit::containers {
namespace {

using namespace testing;  // NOLINT: the test helpers
using std::chrono::milliseconds;

class ContainerRuntimeTest : public ::testing::TestWithParam<Runtime> {
 protected:
  void SetUp() override {
    binary_ = GetParam() == Runtime::kDocker ? "docker" : "podman";
    if (std::optional<std::string> why = EngineUnusable(binary_)) GTEST_SKIP() << *why;
  }
  ServerConfig Config() const {
    ServerConfig config = SmallConfig(GetParam());
    config.image = "localhost/redis-testkit:7.0";
    return config;
  }
  std::string binary_;
};

TEST_P(ContainerRuntimeTest, StartsCappedOnLoopbackAndStopRemovesEverything) {
  ServerConfig config = Config();
  RedisServer server = RedisServer::Start(config);
  EXPECT_EQ(server.runtime(), GetParam());
  EXPECT_TRUE(server.owned());
  EXPECT_EQ(server.endpoint().host, "127.0.0.1");
  EXPECT_NE(server.endpoint().port, 6379);
  EXPECT_GT(server.startup_time().count(), 0);
  // The cap twice: Redis' maxmemory and the cgroup limit of the container.
  EXPECT_EQ(ConfigGet(server.endpoint(), "maxmemory"), "67108864");
  EXPECT_EQ(ConfigGet(server.endpoint(), "maxmemory-policy"), "allkeys-lru");
  EXPECT_EQ(Inspect(binary_, server.name(), "{{.HostConfig.Memory}}"),
            std::to_string(config.ContainerMemoryLimit()));
  EXPECT_EQ(server.container_memory_limit(), config.ContainerMemoryLimit());
  // Published on the host's loopback only: every binding of every port (Go field HostIP).
  EXPECT_EQ(Inspect(binary_, server.name(),
                    "{{range $port, $bindings := .NetworkSettings.Ports}}{{range $bindings}}"
                    "{{$port}}={{.HostIP}} {{end}}{{end}}"),
            "6379/tcp=127.0.0.1");
  EXPECT_NE(server.Logs(50).find("Ready to accept connections"), std::string::npos)
      << server.Logs(50);
  EXPECT_FALSE(server.CheckCap(config).has_value());

  const std::string name = server.name();
  ASSERT_TRUE(ContainerExists(binary_, name));
  server.Stop();
  EXPECT_FALSE(ContainerExists(binary_, name));
  server.Stop();  // idempotent
}

TEST_P(ContainerRuntimeTest, DestructorStopsTheContainer) {
  std::string name;
  {
    RedisServer server = RedisServer::Start(Config());
    name = server.name();
    ASSERT_TRUE(ContainerExists(binary_, name));
  }
  EXPECT_FALSE(ContainerExists(binary_, name));
}

TEST_P(ContainerRuntimeTest, SigkilledOwnerLeavesNothingWithinTenSeconds) {
  const ServerConfig config = Config();
  std::string name;
  const pid_t owner = ForkServerOwner(config, std::chrono::seconds(60), name);
  ASSERT_FALSE(name.empty() || name.starts_with("ERROR")) << name;
  ASSERT_TRUE(ContainerExists(binary_, name));

  const auto killed = std::chrono::steady_clock::now();
  ::kill(owner, SIGKILL);
  ::waitpid(owner, nullptr, 0);
  EXPECT_TRUE(Eventually([&] { return !ContainerExists(binary_, name); }, std::chrono::seconds(10)))
      << "container " << name << " outlived its SIGKILLed owner by 10 s";
  RecordProperty("gone_after_ms", static_cast<int>(std::chrono::duration_cast<milliseconds>(
                                                       std::chrono::steady_clock::now() - killed)
                                                       .count()));
  if (ContainerExists(binary_, name)) {
    internal::RunCommand({binary_, "rm", "-f", name}, milliseconds(30000));
  }
}

TEST_P(ContainerRuntimeTest, StartSweepsContainersWhoseOwnerIsGone) {
  // Two stale containers as a crashed run leaves them (no watchdog): a dead owner, and a live pid
  // whose start time does not match (the pid was reused).
  const std::string prefix = "redis-testkit-stale-" + std::to_string(::getpid());
  const std::vector<std::pair<std::string, std::string>> stale{
      {prefix + "-dead", std::to_string(DeadPid()) + ":1"},
      {prefix + "-reused", std::to_string(::getpid()) + ":1"}};
  for (const auto& [name, owner] : stale) {
    const std::string pid = owner.substr(0, owner.find(':'));
    const internal::CommandResult run = internal::RunCommand(
        {binary_, "run", "-d", "--name", name, "--label",
         std::string(internal::ContainerRuntime::kOwnerPidLabel) + "=" + pid, "--label",
         std::string(internal::ContainerRuntime::kOwnerStartLabel) + "=1",
         internal::ContainerRuntime::kLocalImage, "redis-server", "--save", ""},
        milliseconds(60000));
    ASSERT_TRUE(run.ok()) << run.Describe();
  }
  RedisServer server = RedisServer::Start(Config());
  for (const auto& [name, owner] : stale) {
    EXPECT_FALSE(ContainerExists(binary_, name)) << name << " was not swept";
    internal::RunCommand({binary_, "rm", "-f", name}, milliseconds(30000));
  }
  EXPECT_TRUE(ContainerExists(binary_, server.name()));  // a live owner's container stays
}

TEST_P(ContainerRuntimeTest, UnknownImageNamesTheImageAndTheFix) {
  ServerConfig config = Config();
  config.image = "localhost/redis-testkit-no-such-image:1";
  try {
    RedisServer server = RedisServer::Start(config);
    FAIL() << "started with a missing image";
  } catch (const StartError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find(binary_ + " run failed (exit 125)"), std::string::npos) << what;
    EXPECT_NE(what.find("Image 'localhost/redis-testkit-no-such-image:1' not found locally and "
                        "could not be pulled"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("scripts/build-local-image.sh"), std::string::npos) << what;
    EXPECT_NE(what.find("REDIS_TESTKIT_IMAGE"), std::string::npos) << what;
  }
}

TEST_P(ContainerRuntimeTest, ContainerThatExitsGivesExitCodeAndLogs) {
  ServerConfig config = Config();
  config.name = "redis-testkit-exits-" + std::to_string(::getpid());
  config.maxmemory_policy = "no-such-policy";  // redis-server refuses to start
  try {
    RedisServer server = RedisServer::Start(config);
    FAIL() << "started with a bad maxmemory-policy";
  } catch (const StartError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("exited with code 1"), std::string::npos) << what;
    EXPECT_NE(error.server_logs().find("FATAL CONFIG FILE ERROR"), std::string::npos) << what;
  }
  EXPECT_FALSE(ContainerExists(binary_, config.name));
}

TEST_P(ContainerRuntimeTest, TakenNameIsReportedAndTheOtherContainerKept) {
  RedisServer first = RedisServer::Start(Config());
  ServerConfig config = Config();
  config.name = first.name();
  try {
    RedisServer second = RedisServer::Start(config);
    FAIL() << "two containers with one name";
  } catch (const StartError& error) {
    EXPECT_NE(std::string(error.what()).find("exists already"), std::string::npos) << error.what();
  }
  EXPECT_TRUE(ContainerExists(binary_, first.name()));
}

TEST_P(ContainerRuntimeTest, TakenFixedPortIsNamed) {
  RedisServer first = RedisServer::Start(Config());
  ServerConfig config = Config();
  config.port = first.endpoint().port;
  try {
    RedisServer second = RedisServer::Start(config);
    FAIL() << "two containers on one host port";
  } catch (const StartError& error) {
    EXPECT_NE(std::string(error.what()).find("Port " + std::to_string(config.port) + " is taken"),
              std::string::npos)
        << error.what();
  }
}

TEST_P(ContainerRuntimeTest, DetachedSurvivesTheHandleAndFindStopsIt) {
  ServerConfig config = Config();
  config.name = "redis-testkit-detached-" + std::to_string(::getpid());
  {
    StartOptions options;
    options.detached = true;
    RedisServer server = RedisServer::Start(config, options);
    EXPECT_TRUE(server.detached());
  }
  ASSERT_TRUE(ContainerExists(binary_, config.name));
  std::optional<RedisServer> found = RedisServer::Find(config);
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(found->IsRunning());
  EXPECT_EQ(ConfigGet(found->endpoint(), "maxmemory"), "67108864");
  found->Stop();
  EXPECT_FALSE(ContainerExists(binary_, config.name));
  EXPECT_FALSE(RedisServer::Find(config).has_value());
}

INSTANTIATE_TEST_SUITE_P(Engines, ContainerRuntimeTest,
                         ::testing::Values(Runtime::kPodman, Runtime::kDocker),
                         [](const auto& param_info) {
                           return std::string(ToString(param_info.param));
                         });

}  // namespace
}  // namespace redis_testkit::containers
