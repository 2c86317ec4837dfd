// The process runtime: redis-server from PATH (or REDIS_TESTKIT_REDIS_SERVER) as a child process
// on 127.0.0.1, an ephemeral port picked by binding 127.0.0.1:0 (retried when redis-server then
// finds it taken), its log in <StateDir>/<name>/redis.log, a record in <StateDir>/<name>.json.
// It dies with its owner: PR_SET_PDEATHSIG when the owner is this process, else a watchdog.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "free_port.h"
#include "instance.h"

namespace redis_testkit::containers::internal {

class ProcessRuntime {
 public:
  // Starts redis-server and waits until it answers PING; throws StartError.
  std::unique_ptr<Instance> Start(const LaunchRequest& request);
  // The recorded, still running server called `name`; nullptr when there is none.
  std::unique_ptr<Instance> Find(const std::string& name, const ServerConfig& config);
  // Kills servers whose owner is gone and drops records of servers that are gone; returns the
  // names. Detached servers are left alone while they run. Never throws.
  std::vector<std::string> SweepStale();
};

}  // namespace redis_testkit::containers::internal
