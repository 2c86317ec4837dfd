// REDIS_TESTKIT_TOPOLOGY=cluster with the process, podman and docker runtimes, against real
// nodes: every node ready and capped, the slots covered, the first node on the configured port,
// Stop and a killed owner leaving nothing, replicas attached, Find, server control. The engine
// cases are skipped (with the reason) where the engine cannot run containers here.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "free_port.h"
#include "process_identity.h"
#include "process_record.h"
#include "process_runtime.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/info.h"
#include "redis_testkit/containers/redis_server.h"
#include "subprocess.h"
#include "test_support.h"

namespace redis_testkit::containers {
namespace {

using namespace testing;  // NOLINT: the test helpers
using std::chrono::milliseconds;

class ClusterTopologyTest : public ::testing::TestWithParam<Runtime> {
 protected:
  void SetUp() override {
    if (GetParam() == Runtime::kProcess) {
      if (!internal::FindExecutable("redis-server")) GTEST_SKIP() << "redis-server is not on PATH";
    } else {
      binary_ = GetParam() == Runtime::kDocker ? "docker" : "podman";
      if (std::optional<std::string> why = EngineUnusable(binary_)) GTEST_SKIP() << *why;
    }
  }
  ServerConfig Config(int masters = 3, int replicas = 0) const {
    ServerConfig config = SmallConfig(GetParam());
    if (GetParam() != Runtime::kProcess) config.image = "localhost/redis-testkit:7.0";
    config.topology = Topology::kCluster;
    config.cluster_masters = masters;
    config.cluster_replicas = replicas;
    config.startup_timeout = std::chrono::seconds(60);
    return config;
  }
  // Whether the node `name` still exists: its process record or its container.
  bool NodeExists(const std::string& name) const {
    if (GetParam() == Runtime::kProcess) {
      return std::filesystem::exists(internal::ProcessRecord::PathFor(name));
    }
    return ContainerExists(binary_, name);
  }
  std::string binary_;
};

client::Info ClusterInfo(const client::Endpoint& node) {
  client::Connection connection({node, milliseconds(2000), milliseconds(2000)});
  return client::ParseInfo(connection.Command({"CLUSTER", "INFO"}).AsString());
}

std::string Role(const client::Endpoint& node) {
  client::Connection connection({node, milliseconds(2000), milliseconds(2000)});
  return client::ParseInfo(connection.Info("replication")).Get("role").value_or("?");
}

std::string NodeName(const RedisServer& server, int index) {
  return server.name() + ".node-" + std::to_string(index);
}

// Sums the slot ranges CLUSTER SLOTS lists.
long long SlotsServed(const client::Endpoint& node) {
  client::Connection connection({node, milliseconds(2000), milliseconds(2000)});
  long long slots = 0;
  const client::Reply reply = connection.Command({"CLUSTER", "SLOTS"});
  for (const client::Reply& range : reply.AsArray()) {
    slots += range.AsArray()[1].AsInteger() - range.AsArray()[0].AsInteger() + 1;
  }
  return slots;
}

TEST_P(ClusterTopologyTest, EveryNodeIsOkAndCappedAndTheSlotsAreCovered) {
  const ServerConfig config = Config();
  RedisServer server = RedisServer::Start(config);
  EXPECT_EQ(server.topology(), Topology::kCluster);
  EXPECT_EQ(server.runtime(), GetParam());
  const std::vector<client::Endpoint> nodes = server.nodes();
  ASSERT_EQ(nodes.size(), 3u);
  EXPECT_EQ(server.masters().size(), 3u);
  EXPECT_EQ(server.endpoint().port, nodes.front().port);
  for (const client::Endpoint& node : nodes) {
    EXPECT_EQ(node.host, "127.0.0.1");
    const client::Info info = ClusterInfo(node);
    EXPECT_EQ(info.Get("cluster_state"), "ok") << node.ToString();
    EXPECT_EQ(info.Get("cluster_slots_assigned"), "16384") << node.ToString();
    EXPECT_EQ(info.Get("cluster_known_nodes"), "3") << node.ToString();
    EXPECT_EQ(ConfigGet(node, "maxmemory"), "67108864") << node.ToString();
    EXPECT_EQ(ConfigGet(node, "maxmemory-policy"), "allkeys-lru") << node.ToString();
    // Every redirect names an address the host reaches.
    EXPECT_EQ(ConfigGet(node, "cluster-announce-ip"), "127.0.0.1") << node.ToString();
    EXPECT_EQ(SlotsServed(node), 16384) << node.ToString();
  }
  EXPECT_FALSE(server.CheckCap(config).has_value());
}

TEST_P(ClusterTopologyTest, TheFirstNodeListensOnTheConfiguredPort) {
  ServerConfig config = Config(1);
  config.port = internal::PickFreePort();
  RedisServer server = RedisServer::Start(config);
  EXPECT_EQ(server.endpoint().port, config.port);
  EXPECT_EQ(server.nodes().front().port, config.port);
  EXPECT_EQ(ClusterInfo(server.endpoint()).Get("cluster_state"), "ok");
}

TEST_P(ClusterTopologyTest, StopLeavesNoNode) {
  RedisServer server = RedisServer::Start(Config());
  std::vector<pid_t> pids;
  for (const client::Endpoint& node : server.nodes()) pids.push_back(ServerPid(node));
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(NodeExists(NodeName(server, i)));
  server.Stop();
  for (int i = 1; i <= 3; ++i) EXPECT_FALSE(NodeExists(NodeName(server, i))) << i;
  if (GetParam() == Runtime::kProcess) {
    for (pid_t pid : pids) EXPECT_FALSE(internal::IdentifyProcess(pid).has_value()) << pid;
    EXPECT_FALSE(std::filesystem::exists(internal::StateDir() + "/" + NodeName(server, 3)));
  }
}

TEST_P(ClusterTopologyTest, ReplicasFollowTheirMasters) {
  RedisServer server = RedisServer::Start(Config(2, 1));
  const std::vector<client::Endpoint> nodes = server.nodes();
  ASSERT_EQ(nodes.size(), 4u);
  EXPECT_EQ(server.masters().size(), 2u);
  EXPECT_EQ(Role(nodes[0]), "master");
  EXPECT_EQ(Role(nodes[1]), "master");
  EXPECT_EQ(Role(nodes[2]), "slave");
  EXPECT_EQ(Role(nodes[3]), "slave");
  for (const client::Endpoint& node : nodes) {
    EXPECT_EQ(ClusterInfo(node).Get("cluster_state"), "ok") << node.ToString();
    EXPECT_EQ(ConfigGet(node, "maxmemory"), "67108864") << node.ToString();
  }
}

TEST_P(ClusterTopologyTest, SigkilledOwnerLeavesNoNode) {
  const ServerConfig config = Config();
  std::string name;
  const pid_t owner = ForkServerOwner(config, std::chrono::seconds(90), name);
  ASSERT_FALSE(name.empty() || name.starts_with("ERROR")) << name;
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(NodeExists(name + ".node-" + std::to_string(i)));

  ::kill(owner, SIGKILL);
  ::waitpid(owner, nullptr, 0);
  for (int i = 1; i <= 3; ++i) {
    const std::string node = name + ".node-" + std::to_string(i);
    // The process runtime's records go at the next sweep: look at what a Start() would sweep.
    EXPECT_TRUE(Eventually(
        [&] {
          if (GetParam() == Runtime::kProcess) internal::ProcessRuntime().SweepStale();
          return !NodeExists(node);
        },
        std::chrono::seconds(20)))
        << node << " outlived its SIGKILLed owner";
  }
}

TEST_P(ClusterTopologyTest, DetachedClusterIsFoundWholeAndStopped) {
  ServerConfig config = Config();
  config.name = "redis-testkit-cluster-find-" + std::to_string(::getpid());
  StartOptions options;
  options.detached = true;
  std::vector<client::Endpoint> started;
  {
    RedisServer server = RedisServer::Start(config, options);
    started = server.nodes();
  }  // a detached handle leaves the nodes running
  std::optional<RedisServer> found = RedisServer::Find(config);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->topology(), Topology::kCluster);
  ASSERT_EQ(found->nodes().size(), started.size());
  for (std::size_t i = 0; i < started.size(); ++i) {
    EXPECT_EQ(found->nodes()[i].port, started[i].port) << i;
  }
  EXPECT_EQ(found->masters().size(), 3u);
  EXPECT_TRUE(found->IsRunning());
  found->Stop();
  for (int i = 1; i <= 3; ++i) EXPECT_FALSE(NodeExists(NodeName(*found, i))) << i;
  EXPECT_FALSE(RedisServer::Find(config).has_value());
}

TEST_P(ClusterTopologyTest, PauseAndResumeEveryNodeAndKillIsRefused) {
  RedisServer server = RedisServer::Start(Config(2));
  try {
    server.Kill();
    ADD_FAILURE() << "Kill() on a cluster did not throw";
  } catch (const std::logic_error& error) {
    EXPECT_NE(std::string(error.what()).find("Pause, Resume and Revive"), std::string::npos)
        << error.what();
  }
  server.Pause();
  for (const client::Endpoint& node : server.nodes()) {
    client::ConnectionOptions options{node, milliseconds(2000), milliseconds(200)};
    client::Connection connection(options);
    EXPECT_ANY_THROW(connection.Command({"PING"})) << node.ToString() << " answers while paused";
  }
  server.Resume();
  for (const client::Endpoint& node : server.nodes()) {
    EXPECT_EQ(ClusterInfo(node).Get("cluster_state"), "ok") << node.ToString();
  }
}

TEST_P(ClusterTopologyTest, ATakenPortNamesTheNodeAndLeavesNothing) {
  RedisServer blocker = RedisServer::Start(SmallConfig(Runtime::kProcess));
  ServerConfig config = Config();
  config.port = blocker.endpoint().port;
  config.name = "redis-testkit-cluster-taken-" + std::to_string(::getpid());
  try {
    RedisServer server = RedisServer::Start(config);
    FAIL() << "a cluster started on a taken port";
  } catch (const StartError& error) {
    // Another Redis answers on that port: the node that could not bind it is named.
    EXPECT_NE(std::string(error.what()).find("node 1 (" + config.name + ".node-1)"),
              std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("REDIS_TESTKIT_PORT"), std::string::npos)
        << error.what();
  }
  for (int i = 1; i <= 3; ++i) {
    EXPECT_FALSE(NodeExists(config.name + ".node-" + std::to_string(i))) << i;
  }
}

TEST_P(ClusterTopologyTest, ImpossibleValuesAreConfigErrors) {
  ServerConfig config = Config();
  config.db = 2;
  EXPECT_THROW(RedisServer::Start(config), ConfigError);
  config = Config(0);
  EXPECT_THROW(RedisServer::Start(config), ConfigError);
  config = Config(3, -1);
  EXPECT_THROW(RedisServer::Start(config), ConfigError);
}

INSTANTIATE_TEST_SUITE_P(Runtimes, ClusterTopologyTest,
                         ::testing::Values(Runtime::kProcess, Runtime::kPodman, Runtime::kDocker),
                         [](const auto& param_info) {
                           return std::string(ToString(param_info.param));
                         });

}  // namespace
}  // namespace redis_testkit::containers
