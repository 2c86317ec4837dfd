// The harness of the gateway's Redis Cluster scenarios: a private cluster of redis-server processes
// (test_support::TestCluster) per test, a gateway on it through its routing client
// (GatewayConfig::redis_cluster, as `--redis-url redis+cluster://host:port`), and what the
// scenarios ask of the cluster: which master serves a slot, node ids, keys per node. TearDown
// checks that every gateway key on every master still running has a TTL.
//
//   TEST_F(ClusterScenario, Spread) {
//     StartCluster({.masters = 3});
//     auto& gateway = StartGateway();
//     gateway.PostAlerts(Webhook(PodAlert("HighCPU", "prod-api", "api-1")));
//     EXPECT_GT(GatewayKeysOn(MasterOfTag("prod-api", "HighCPU")), 0);
//   }
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "scenario_support.h"
#include "signal_gateway/gateway_config.h"
#include "test_cluster.h"

namespace gateway_scenarios {

// Whether the answer is one a cluster may give (201, 202, 503) and says nothing of CROSSSLOT.
::testing::AssertionResult ClusterAnswerOk(const HttpAnswer& answer);

class ClusterScenario : public ::testing::Test {
 protected:
  void TearDown() override;

  redis_testkit::test_support::TestCluster& StartCluster(
      const redis_testkit::test_support::TestClusterOptions& options);
  // ScenarioConfig() on the cluster: the first node as the seed, routed by key slot.
  signal_gateway::GatewayConfig ClusterConfig() const;
  ScenarioGateway& StartGateway(signal_gateway::GatewayConfig config);
  ScenarioGateway& StartGateway() { return StartGateway(ClusterConfig()); }
  redis_testkit::test_support::TestCluster& cluster() { return *cluster_; }

  // The node (index into the cluster's nodes) of the master serving `slot` now.
  std::size_t MasterOf(int slot) const;
  // The slot of the keys of signals of (ns, alertname): all of them share it.
  static int SlotOfTag(std::string_view ns, std::string_view alertname);
  std::string IdOf(std::size_t node) const;  // CLUSTER MYID
  // Keys matching gateway:* on one node (SCAN).
  long long GatewayKeysOn(std::size_t node) const;
  // Moves `slot` from one master to another as redis-cli --cluster reshard does: IMPORTING on the
  // target, MIGRATING on the source, MIGRATE key by key, then SETSLOT NODE on every master.
  void MigrateSlot(int slot, std::size_t from, std::size_t to) const;

 private:
  std::unique_ptr<redis_testkit::test_support::TestCluster> cluster_;
  std::size_t masters_ = 0;
  std::unique_ptr<ScenarioGateway> gateway_;
};

}  // namespace gateway_scenarios
