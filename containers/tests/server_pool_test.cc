// The ctest-wide pool: up, exclusive leases, waiting, down.
#include "redis_testkit/containers/server_pool.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "process_identity.h"
#include "redis_testkit/client/connection.h"
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
