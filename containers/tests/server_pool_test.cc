// The ctest-wide pool: up, exclusive leases, waiting, down.
#include "redis_testkit/containers/server_pool.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "process_identity.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/containers/redis_server.h"
#include "subprocess.h"
#include "test_support.h"

namespace redis_testkit::containers {
namespace {

using namespace testing;  // NOLINT: the test helpers
using std::chrono::milliseconds;

TEST(ServerPoolTest, LeasesAreExclusiveAndDownStopsEverything) {
  if (!internal::FindExecutable("redis-server")) GTEST_SKIP() << "redis-server is not on PATH";
  const std::string dir = internal::StateDir() + "/pool-test-" + std::to_string(::getpid());
  const ServerConfig config = SmallConfig(Runtime::kProcess);
  const std::vector<PoolSlot> slots = ServerPool::Up(dir, 2, config, ::getpid());
  ASSERT_EQ(slots.size(), 2u);
  ASSERT_TRUE(std::filesystem::exists(dir + "/pool.json"));
  ASSERT_EQ(ServerPool::Read(dir).size(), 2u);

  std::vector<pid_t> pids;
  {
    std::optional<PoolLease> first = ServerPool::Lease(dir, milliseconds(1000));
    PoolLease second = ServerPool::Lease(dir, milliseconds(1000));
    EXPECT_NE(first->slot().index, second.slot().index);
    for (const PoolLease* lease : {&*first, &second}) {
      EXPECT_EQ(ConfigGet(lease->endpoint(), "maxmemory"), "67108864");
      pids.push_back(ServerPid(lease->endpoint()));
    }
    try {
      PoolLease third = ServerPool::Lease(dir, milliseconds(100));
      FAIL() << "a third lease on a two-slot pool";
    } catch (const std::runtime_error& error) {
      EXPECT_NE(std::string(error.what()).find("all 2 slots"), std::string::npos) << error.what();
    }
    const int freed = first->slot().index;
    first.reset();  // releases the flock
    PoolLease next = ServerPool::Lease(dir, milliseconds(1000));
    EXPECT_EQ(next.slot().index, freed);
  }

  EXPECT_EQ(ServerPool::Down(dir, config), 2);
  for (pid_t pid : pids) {
    EXPECT_TRUE(Eventually([&] { return !internal::IdentifyProcess(pid).has_value(); }));
  }
  EXPECT_FALSE(std::filesystem::exists(dir + "/pool.json"));
  EXPECT_EQ(ServerPool::Down(dir, config), 0);  // idempotent
  std::filesystem::remove_all(dir);
}

TEST(ServerPoolTest, EachSlotCanBeACluster) {
  if (!internal::FindExecutable("redis-server")) GTEST_SKIP() << "redis-server is not on PATH";
  const std::string dir = internal::StateDir() + "/pool-cluster-" + std::to_string(::getpid());
  ServerConfig config = SmallConfig(Runtime::kProcess);
  config.topology = Topology::kCluster;
  config.cluster_masters = 2;
  config.startup_timeout = std::chrono::seconds(60);
  const std::vector<PoolSlot> slots = ServerPool::Up(dir, 2, config, ::getpid());
  ASSERT_EQ(slots.size(), 2u);
  std::vector<pid_t> pids;
  for (const PoolSlot& slot : ServerPool::Read(dir)) {  // as a lessee sees it in pool.json
    EXPECT_EQ(slot.topology, Topology::kCluster);
    ASSERT_EQ(slot.nodes.size(), 2u);
    EXPECT_EQ(slot.nodes.front().port, slot.endpoint.port);
    for (const client::Endpoint& node : slot.nodes) {
      client::Connection connection({node, milliseconds(2000), milliseconds(2000)});
      EXPECT_NE(connection.Command({"CLUSTER", "INFO"}).AsString().find("cluster_state:ok"),
                std::string::npos)
          << node.ToString();
      EXPECT_EQ(ConfigGet(node, "maxmemory"), "67108864");
      pids.push_back(ServerPid(node));
    }
  }
  EXPECT_EQ(ServerPool::Down(dir, config), 2);
  for (pid_t pid : pids) {
    EXPECT_TRUE(Eventually([&] { return !internal::IdentifyProcess(pid).has_value(); })) << pid;
  }
  for (const PoolSlot& slot : slots) {
    EXPECT_FALSE(std::filesystem::exists(internal::StateDir() + "/" + slot.name + ".node-1.json"));
  }
  std::filesystem::remove_all(dir);
}

TEST(ServerPoolTest, AClusterSlotThatIsNotReadyInTimeNamesTheSlot) {
  if (!internal::FindExecutable("redis-server")) GTEST_SKIP() << "redis-server is not on PATH";
  const std::string dir = internal::StateDir() + "/pool-slow-" + std::to_string(::getpid());
  ServerConfig config = SmallConfig(Runtime::kProcess);
  config.topology = Topology::kCluster;
  config.name = "redis-testkit-pool-slow-" + std::to_string(::getpid());
  config.startup_timeout = milliseconds(1);  // no cluster is ready in 1 ms (Redis waits 2 s)
  try {
    ServerPool::Up(dir, 2, config, ::getpid());
    FAIL() << "a cluster pool came up within 1 ms";
  } catch (const StartError& error) {
    EXPECT_NE(std::string(error.what()).find("pool slot 0 of 2 (" + config.name + "-0, cluster)"),
              std::string::npos)
        << error.what();
  }
  for (int node = 1; node <= 3; ++node) {
    EXPECT_FALSE(std::filesystem::exists(internal::StateDir() + "/" + config.name + "-0.node-" +
                                         std::to_string(node) + ".json"))
        << node;
  }
  std::filesystem::remove_all(dir);
}

TEST(ServerPoolTest, LeaseWithoutAPoolSaysHowToStartOne) {
  try {
    ServerPool::Lease("/nonexistent/redis-testkit-pool", milliseconds(10));
    FAIL();
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("redis-testkit pool up"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace redis_testkit::containers
