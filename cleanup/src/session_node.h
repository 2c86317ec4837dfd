// One server the cleanup session flushes and watches: the server itself, or one master of a Redis
// Cluster (the session holds one per master, discovered from the endpoint it is given).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "redis_testkit/cleanup/keyspace_snapshot.h"
#include "redis_testkit/cleanup/leaked_key.h"
#include "redis_testkit/cleanup/recovering_connection.h"
#include "redis_testkit/cleanup/server_hygiene.h"
#include "redis_testkit/cleanup/stats_snapshot.h"
#include "redis_testkit/cleanup/test_record.h"
#include "redis_testkit/client/connection.h"

namespace redis_testkit::cleanup {

// What one node said after a test (reset when the step is retried after a reconnect).
struct NodeCheck {
  StatsSnapshot after;
  std::vector<LeakedKey> described;  // keys the test left, any database watched
  std::vector<SlowCommand> slow_commands;
  std::map<std::string, long long> keys_by_prefix;  // the test database's keys, when scanned
  std::vector<std::string> notes;
};

struct SessionNode {
  SessionNode(client::ConnectionOptions options, std::chrono::milliseconds recovery_timeout,
              std::string address_on_cluster)
      : address(std::move(address_on_cluster)), link(std::move(options), recovery_timeout) {}

  // "before the test" / "after the test", naming the master on a cluster.
  std::string Step(const char* what) const {
    return address.empty() ? std::string(what) : std::string(what) + " on " + address;
  }

  std::string address;  // "host:port" of a cluster master; empty on a standalone server
  RecoveringConnection link;
  std::optional<ServerHygiene> hygiene;  // empty when CONFIG GET is refused

  // The test in progress.
  StatsSnapshot before;
  std::map<int, KeyspaceSnapshot> before_keys;  // db -> keys present before the test
  std::map<std::string, long long> kit_calls;   // the kit's commands of its last Prepare
  NodeCheck check;
};

// A cluster has database 0 only: another one is a configuration error, before any flush. Throws
// std::runtime_error saying how to fix the URL.
[[noreturn]] void RefuseClusterDatabase(const client::Endpoint& endpoint);

}  // namespace redis_testkit::cleanup
