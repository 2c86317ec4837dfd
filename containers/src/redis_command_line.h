// THE one place that builds redis-server arguments (ARCHITECTURE: never two). Every runtime and the
// benchmarks call this; nothing else writes "--maxmemory".
#pragma once

#include <chrono>
#include <string>
#include <utility>
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
  // The instance's name, unique among the kit's live servers: written into the server's
  // proc-title-template (ProcTitleTemplate), so that readiness can tell this server from another
  // that took its port first. Empty: none.
  std::string identity;
};

// The proc-title-template of the server started as `identity`: ps shows the name, and
// CONFIG GET proc-title-template tells whether the Redis answering on a port is that server.
std::string ProcTitleTemplate(const std::string& identity);

// The persistence directives of REDIS_TESTKIT_PERSISTENCE: none is --save '' --appendonly no
// (FLUSHALL would otherwise run a synchronous RDB save); aof-everysec / aof-always turn the AOF on
// with that fsync policy; rdb saves after every write second (save 1 1). Files go to --dir.
std::vector<std::string> PersistenceArguments(Persistence persistence);

// The arguments after the program name: listening, the memory cap (exact bytes, so CONFIG GET
// maxmemory returns the configured value), eviction policy, persistence (PersistenceArguments),
// log to stdout, then
// config.settings (a profile's, REDIS_TESTKIT_PROFILE) so they win over those, then the identity.
std::vector<std::string> RedisServerArguments(const ServerConfig& config,
                                              const RedisListenOptions& listen);

// A Redis Cluster node (test clusters; the cluster topology).
struct ClusterNodeOptions {
  // The cluster bus port. Required: the default (port + 10000) does not exist for a port above
  // 55535, as ephemeral ports often are, and may be taken.
  int bus_port = 0;
  // What the node announces in MOVED / ASK / CLUSTER SLOTS, so that every redirect names an
  // address the host reaches (a container's own address would not be). 0: the port it listens
  // on, the bus port.
  std::string announce_ip = "127.0.0.1";
  int announce_port = 0;
  int announce_bus_port = 0;
  std::chrono::milliseconds node_timeout{5000};  // cluster-node-timeout: failure detection
};

// The cluster directives as (name, value) settings, for ServerConfig::settings (appended to the
// command line by RedisServerArguments): cluster-enabled yes, cluster-config-file nodes.conf (in
// the data directory), cluster-port, the cluster-announce-* addresses, cluster-node-timeout.
// Throws std::invalid_argument for a bus port outside 1..65535.
std::vector<std::pair<std::string, std::string>> ClusterNodeSettings(
    const ClusterNodeOptions& options);

}  // namespace redis_testkit::containers::internal
