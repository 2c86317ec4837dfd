// What start, stop and status print about a topology (REDIS_TESTKIT_TOPOLOGY): the configured one,
// the running one, and whether the two differ.
#pragma once

#include <optional>
#include <string>

#include "redis_testkit/config.h"
#include "redis_testkit/containers/redis_server.h"

namespace redis_testkit::cli {

// "standalone", "cluster: 3 masters, 1 replica each (6 nodes)".
std::string DescribeTopology(const ServerConfig& config);
// The running one: "standalone", "cluster: 3 masters, 6 nodes".
std::string DescribeTopology(const containers::RedisServer& server);
// std::nullopt when the running server has the configured topology and node count; else what
// differs ("it is a standalone server but REDIS_TESTKIT_TOPOLOGY=cluster").
std::optional<std::string> TopologyMismatch(const containers::RedisServer& server,
                                            const ServerConfig& config);
// One line per node of a cluster ("  node 1: 127.0.0.1:6379  master  used 2.1 MiB, 0 keys"),
// asked with `config`'s command timeout; nothing for a standalone server. Never throws: a node
// that does not answer says so.
void PrintNodes(const containers::RedisServer& server, const ServerConfig& config);

}  // namespace redis_testkit::cli
