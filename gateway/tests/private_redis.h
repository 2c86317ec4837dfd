// A Redis of one test alone, for what must not happen to the server the kit leased this process:
// CLIENT PAUSE (a pause that outlived a crashed test would stall the next test on that server).
// Started through the kit's containers layer with the kit's configuration (same runtime, image
// and flags), on an ephemeral port, under its own name; removed when the handle goes, or by the
// containers layer if the test process dies.
#pragma once

#include "redis_testkit/containers/redis_server.h"
#include "redis_testkit/gtest.h"

namespace signal_gateway::testing {

// Throws redis_testkit::containers::StartError with the server's logs.
inline redis_testkit::containers::RedisServer StartPrivateRedis() {
  redis_testkit::ServerConfig config = redis_testkit::GetConfig().server;
  if (config.runtime == redis_testkit::Runtime::kExternal) {
    config.runtime = redis_testkit::Runtime::kProcess;  // an external server cannot be ours alone
    config.url.clear();
  }
  config.name.clear();  // "redis-testkit-<pid>-<n>": never the kit's own instance
  config.port = 0;
  return redis_testkit::containers::RedisServer::Start(config);
}

}  // namespace signal_gateway::testing
