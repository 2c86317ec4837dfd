// A ctest-wide pool of Redis servers: started once by a CTest FIXTURES_SETUP test
// (`redis-testkit pool up --dir D --slots N`, owned by the ctest process), leased by each test
// process through an exclusive flock, stopped by FIXTURES_CLEANUP (`redis-testkit pool down`).
// N slots serve `ctest -j N` without two tests ever sharing a server at the same time.
//
// Files in the pool directory: pool.json (slot -> name, runtime, URL, fresh settings) and
// slot-<i>.lock.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/client/settings.h"
#include "redis_testkit/config.h"

namespace redis_testkit::containers {

struct PoolSlot {
  int index = 0;
  std::string name;
  Runtime runtime = Runtime::kProcess;
  std::string runtime_reason;
  client::Endpoint endpoint;  // the first node of a cluster
  // REDIS_TESTKIT_TOPOLOGY of the pool: with kCluster each slot is a Redis Cluster of its own,
  // `nodes` its nodes (masters first, as RedisServer::nodes()); one entry, `endpoint`, otherwise.
  Topology topology = Topology::kStandalone;
  std::vector<client::Endpoint> nodes;
  // CONFIG GET * of the slot's server when it was fresh: what a lessee puts back when its
  // predecessor crashed after CONFIG SET (pool.json keeps it).
  client::Settings settings;
  // On a cluster, the same for every node, by "host:port" (client::ClusterNodeAddress::Address):
  // each master's settings are put back, not only the first's. Empty for a single server.
  std::map<std::string, client::Settings> node_settings;
};

// Exclusive use of one slot while this object lives. The flock goes with the descriptor, so a
// crashed test process releases its slot too.
class PoolLease {
 public:
  PoolLease(PoolLease&& other) noexcept;
  PoolLease& operator=(PoolLease&& other) noexcept;
  PoolLease(const PoolLease&) = delete;
  PoolLease& operator=(const PoolLease&) = delete;
  ~PoolLease();

  const PoolSlot& slot() const { return slot_; }
  const client::Endpoint& endpoint() const { return slot_.endpoint; }

 private:
  friend class ServerPool;
  PoolLease(PoolSlot slot, int lock_fd) : slot_(std::move(slot)), lock_fd_(lock_fd) {}
  PoolSlot slot_;
  int lock_fd_ = -1;
};

class ServerPool {
 public:
  // Starts `slots` servers owned by `owner` (they survive this process and die with the owner),
  // then writes <dir>/pool.json. A pool.json left in `dir` is taken down first. Names are
  // "<config.name or redis-testkit-pool-<owner>>-<i>". With config.topology kCluster each slot is
  // a cluster (RedisServer::Start), ready within config.startup_timeout. Throws ConfigError /
  // StartError (naming the slot); servers started before a failure are stopped again.
  static std::vector<PoolSlot> Up(const std::string& dir, int slots, const ServerConfig& config,
                                  pid_t owner);
  // The slots listed in <dir>/pool.json. Throws std::runtime_error when there is no pool there.
  static std::vector<PoolSlot> Read(const std::string& dir);
  // Locks the first free slot; when all are busy, waits up to `timeout`, then throws
  // std::runtime_error saying how many slots are busy.
  static PoolLease Lease(const std::string& dir, std::chrono::milliseconds timeout);
  // Stops every server of the pool and removes its files; idempotent. Returns how many servers
  // were stopped. Never throws for a missing pool.
  static int Down(const std::string& dir, const ServerConfig& config);
};

}  // namespace redis_testkit::containers
