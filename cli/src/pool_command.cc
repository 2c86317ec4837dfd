// `redis-testkit pool up|down`: the ctest-wide pool of servers (redis_testkit_discover_tests).
#include <unistd.h>

#include <cstdio>

#include "commands.h"
#include "redis_testkit/containers/server_pool.h"

namespace redis_testkit::cli {
namespace {

using containers::PoolSlot;
using containers::ServerPool;

int Up(Arguments& args) {
  const std::optional<std::string> dir = args.Option("--dir");
  if (!dir) throw UsageError("pool up needs --dir DIR");
  const int slots = ParseInt(args.Option("--slots").value_or("1"), "--slots", 1, 64);
  const std::optional<std::string> owner_text = args.Option("--owner");
  const pid_t owner = owner_text ? ParseInt(*owner_text, "--owner", 1, 1 << 30) : ::getppid();
  args.ExpectNoMore();
  const Config config = LoadConfig().config;
  const std::vector<PoolSlot> pool = ServerPool::Up(*dir, slots, config.server, owner);
  std::printf("pool of %zu Redis server(s) in %s, owned by pid %d, %s:\n", pool.size(),
              dir->c_str(), static_cast<int>(owner), DescribeCap(config.server, 0).c_str());
  for (const PoolSlot& slot : pool) {
    std::printf("  slot %d: %s  %s  (%s)\n", slot.index, slot.endpoint.Url().c_str(),
                slot.name.c_str(), slot.runtime_reason.c_str());
  }
  return kExitOk;
}

int Down(Arguments& args) {
  const std::optional<std::string> dir = args.Option("--dir");
  if (!dir) throw UsageError("pool down needs --dir DIR");
  args.ExpectNoMore();
  const int stopped = ServerPool::Down(*dir, LoadConfig().config.server);
  std::printf("pool in %s: stopped %d server(s)\n", dir->c_str(), stopped);
  return kExitOk;
}

int Run(Arguments& args) {
  const std::optional<std::string> action = args.Positional();
  if (action == "up") return Up(args);
  if (action == "down") return Down(args);
  throw UsageError(action ? "unknown pool action '" + *action + "'" : "pool needs up or down");
}

}  // namespace

const Subcommand kPoolCommand{
    "pool", "start/stop the ctest-wide pool of servers (up|down)",
    "Usage: redis-testkit pool up --dir DIR [--slots N] [--owner PID]\n"
    "       redis-testkit pool down --dir DIR\n\n"
    "up:   starts N capped servers (default 1) with the REDIS_TESTKIT_* configuration, owned by\n"
    "      PID (default: the parent process, i.e. ctest): they are removed when it dies, even\n"
    "      by SIGKILL. Writes DIR/pool.json; each test process leases one slot exclusively\n"
    "      (DIR/slot-<i>.lock). An old pool in DIR is taken down first.\n"
    "down: stops every server of the pool in DIR and removes its files; succeeds when there is\n"
    "      no pool.\n",
    Run};

}  // namespace redis_testkit::cli
