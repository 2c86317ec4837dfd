// The kit's Redis as a gateway scenario inspects it, on either topology: one server
// (redis_testkit::Connect()) or a Redis Cluster (redis_testkit::ConnectCluster(), with
// REDIS_TESTKIT_TOPOLOGY=cluster). Keyed commands go where their key lives; what looks at a whole
// keyspace (SCAN, DBSIZE) goes to each master through Masters().
//
//   EXPECT_EQ(redis().Command({"EXISTS", key}).AsInteger(), 1);
//   for (auto* master : redis().Masters()) master->Command({"DBSIZE"});
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "redis_testkit/client/cluster_connection.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/reply.h"

namespace gateway_scenarios {

class ScenarioRedis {
 public:
  ScenarioRedis();  // to the kit's Redis; throws what Connect() / ConnectCluster() throw

  // One command, routed by its key on a cluster. Error replies are thrown as
  // client::Connection::Command throws them.
  redis_testkit::client::Reply Command(std::initializer_list<std::string_view> args);
  redis_testkit::client::Reply Command(const std::vector<std::string>& args);

  // A server-wide command (CONFIG SET, CLIENT PAUSE, SCRIPT FLUSH) on the one server or on every
  // master. Error replies are thrown.
  void OnEveryMaster(std::initializer_list<std::string_view> args);

  // The one server, or a plain connection to each master (keys of its slots only).
  std::vector<redis_testkit::client::Connection*> Masters();
  bool cluster() const { return cluster_.has_value(); }

 private:
  std::optional<redis_testkit::client::Connection> server_;
  std::optional<redis_testkit::client::ClusterConnection> cluster_;
};

}  // namespace gateway_scenarios
