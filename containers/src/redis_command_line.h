// THE one place that builds redis-server arguments (ARCHITECTURE: never two). Every runtime and the
// benchmarks call this; nothing else writes "--maxmemory".
#pragma once

#include <string>
#include <vector>

#include "redis_testkit/config.h"

namespace redis_testkit::containers::internal {

struct RedisListenOptions {
  int port = 6379;
  // 127.0.0.1 for a process on the host; 0.0.0.0 inside a container (its port is published on
  // the host's 127.0.0.1 only, see container_runtime.cc).
  std::string bind = "127.0.0.1";
  // Protected mode refuses non-loopback clients without a password. Inside a container the
  // published port's traffic arrives from the bridge gateway, so it is off there.
  bool protected_mode = true;
  std::string unix_socket;  // empty: no unix socket
  std::string dir;          // working directory for RDB/AOF files; empty: the server's cwd
};

// The persistence directives of REDIS_TESTKIT_PERSISTENCE: none is --save '' --appendonly no
// (FLUSHALL would otherwise run a synchronous RDB save); aof-everysec / aof-always turn the AOF on
// with that fsync policy; rdb saves after every write second (save 1 1). Files go to --dir.
std::vector<std::string> PersistenceArguments(Persistence persistence);

// The arguments after the program name: listening, the memory cap (exact bytes, so CONFIG GET
// maxmemory returns the configured value), eviction policy, persistence (PersistenceArguments),
// log to stdout, then
// config.settings (a profile's, REDIS_TESTKIT_PROFILE) last so they win.
std::vector<std::string> RedisServerArguments(const ServerConfig& config,
                                              const RedisListenOptions& listen);

}  // namespace redis_testkit::containers::internal
