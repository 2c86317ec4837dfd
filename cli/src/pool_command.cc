// `redis-testkit pool up|down`: the ctest-wide pool of servers (redis_testkit_discover_tests).
#include <unistd.h>

#include <cstdio>

#include "commands.h"
#include "flags.h"
#include "redis_testkit/containers/server_pool.h"

namespace redis_testkit::cli {
namespace {

using containers::PoolSlot;
using containers::ServerPool;

struct Flags {
  std::optional<std::string> dir;  // up and down
  std::optional<std::string> slots;
  std::optional<std::string> owner;
};

int Up(const Flags& flags) {
  const std::optional<std::string>& dir = flags.dir;
  if (!dir) throw UsageError("pool up needs --dir DIR");
  const int slots = ParseInt(flags.slots.value_or("1"), "--slots", 1, 64);
  const std::optional<std::string>& owner_text = flags.owner;
  const pid_t owner = owner_text ? ParseInt(*owner_text, "--owner", 1, 1 << 30) : ::getppid();
  const Config config = LoadConfig().config;
  const std::vector<PoolSlot> pool = ServerPool::Up(*dir, slots, config.server, owner);
  std::printf("pool of %zu Redis server(s) in %s, owned by pid %d, %s:\n", pool.size(),
              dir->c_str(), static_cast<int>(owner), DescribeCap(config.server, 0).c_str());
  for (const PoolSlot& slot : pool) {
    std::printf("  slot %d: %s  %s  (%s)\n", slot.index, slot.endpoint.Url().c_str(),
                slot.name.c_str(), slot.runtime_reason.c_str());
    if (slot.topology == Topology::kCluster) {
      std::printf("          cluster of %zu nodes\n", slot.nodes.size());
    }
  }
  return kExitOk;
}

int Down(const Flags& flags) {
  const std::optional<std::string>& dir = flags.dir;
  if (!dir) throw UsageError("pool down needs --dir DIR");
  const int stopped = ServerPool::Down(*dir, LoadConfig().config.server);
  std::printf("pool in %s: stopped %d server(s)\n", dir->c_str(), stopped);
  return kExitOk;
}

Action Define(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  CLI::App* up = app.add_subcommand("up", "start the pool's servers");
  AddValue(*up, "--dir", flags->dir, "DIR", "the pool's directory (required)");
  AddValue(*up, "--slots", flags->slots, "N", "servers to start, 1..64 (default 1)");
  AddValue(*up, "--owner", flags->owner, "PID",
           "the process whose death removes them (default: the parent process)");
  CLI::App* down = app.add_subcommand("down", "stop the pool's servers");
  AddValue(*down, "--dir", flags->dir, "DIR", "the pool's directory (required)");
  app.require_subcommand(0, 1);
  return [flags, up, down] {
    if (up->parsed()) return Up(*flags);
    if (down->parsed()) return Down(*flags);
    throw UsageError("pool needs up or down");
  };
}

}  // namespace

const Subcommand kPoolCommand{
    "pool", "start/stop the ctest-wide pool of servers (up|down)",
    "up:   starts N capped servers (default 1) with the REDIS_TESTKIT_* configuration, owned by\n"
    "      PID (default: the parent process, i.e. ctest): they are removed when it dies, even\n"
    "      by SIGKILL. Writes DIR/pool.json; each test process leases one slot exclusively\n"
    "      (DIR/slot-<i>.lock). An old pool in DIR is taken down first. With\n"
    "      REDIS_TESTKIT_TOPOLOGY=cluster each slot is a Redis Cluster of its own.\n"
    "down: stops every server of the pool in DIR and removes its files; succeeds when there is\n"
    "      no pool.\n",
    "", Define};

}  // namespace redis_testkit::cli
