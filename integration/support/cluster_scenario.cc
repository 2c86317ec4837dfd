#include "cluster_scenario.h"

#include "redis_testkit/client/cluster_connection.h"
#include "redis_testkit/client/cluster_slots.h"
#include "signal_gateway/redis_keys.h"

namespace gateway_scenarios {

namespace client = redis_testkit::client;
using redis_testkit::test_support::TestCluster;
using redis_testkit::test_support::TestClusterOptions;

::testing::AssertionResult ClusterAnswerOk(const HttpAnswer& answer) {
  if (answer.body.find("CROSSSLOT") != std::string::npos) {
    return ::testing::AssertionFailure() << "CROSSSLOT in " << answer;
  }
  if (answer.status != 201 && answer.status != 202 && answer.status != 503) {
    return ::testing::AssertionFailure() << "unexpected answer " << answer;
  }
  return ::testing::AssertionSuccess();
}

void ClusterScenario::TearDown() {
  gateway_.reset();
  if (!cluster_) return;
  for (std::size_t node = 0; node < cluster_->endpoints().size(); ++node) {
    if (!cluster_->server(node).IsRunning()) continue;  // killed by the scenario
    client::Connection redis = cluster_->Connect(node);
    if (redis.Info("replication").find("role:master") == std::string::npos) continue;
    std::string cursor = "0";
    do {
      const client::Reply page = redis.Command({"SCAN", cursor, "MATCH", "gateway:*"});
      cursor = page.AsArray()[0].AsString();
      for (const client::Reply& key : page.AsArray()[1].AsArray()) {
        EXPECT_GT(redis.Command({"PTTL", key.AsString()}).AsInteger(), 0)
            << key.AsString() << " on node " << node << " has no TTL";
      }
    } while (cursor != "0");
  }
}

TestCluster& ClusterScenario::StartCluster(const TestClusterOptions& options) {
  cluster_ = std::make_unique<TestCluster>(options);
  masters_ = static_cast<std::size_t>(options.masters);
  return *cluster_;
}

signal_gateway::GatewayConfig ClusterScenario::ClusterConfig() const {
  signal_gateway::GatewayConfig config = ScenarioConfig(cluster_->endpoint(0));
  config.redis_cluster = true;
  return config;
}

ScenarioGateway& ClusterScenario::StartGateway(signal_gateway::GatewayConfig config) {
  gateway_.reset();
  gateway_ = std::make_unique<ScenarioGateway>(std::move(config));
  return *gateway_;
}

std::size_t ClusterScenario::MasterOf(int slot) const {
  client::ClusterConnection admin(cluster_->Options());
  const std::optional<std::size_t> master = admin.slot_map().MasterOf(slot);
  if (!master) throw std::runtime_error("no master serves slot " + std::to_string(slot));
  const client::ClusterNodeAddress& address = admin.Masters()[*master];
  const std::vector<client::Endpoint> nodes = cluster_->endpoints();
  for (std::size_t node = 0; node < nodes.size(); ++node) {
    if (nodes[node].port == address.port) return node;
  }
  throw std::runtime_error("slot " + std::to_string(slot) + " is served by an unknown node " +
                           address.Address());
}

int ClusterScenario::SlotOfTag(std::string_view ns, std::string_view alertname) {
  return client::KeySlot(signal_gateway::KeysFor(ns, alertname, "").storm);
}

std::string ClusterScenario::IdOf(std::size_t node) const {
  return cluster_->Connect(node).Command({"CLUSTER", "MYID"}).AsString();
}

long long ClusterScenario::GatewayKeysOn(std::size_t node) const {
  client::Connection redis = cluster_->Connect(node);
  long long keys = 0;
  std::string cursor = "0";
  do {
    const client::Reply page = redis.Command({"SCAN", cursor, "MATCH", "gateway:*"});
    cursor = page.AsArray()[0].AsString();
    keys += static_cast<long long>(page.AsArray()[1].AsArray().size());
  } while (cursor != "0");
  return keys;
}

void ClusterScenario::MigrateSlot(int slot, std::size_t from, std::size_t to) const {
  const std::string s = std::to_string(slot);
  const std::string target_id = IdOf(to);
  client::Connection source = cluster_->Connect(from);
  client::Connection target = cluster_->Connect(to);
  target.Command({"CLUSTER", "SETSLOT", s, "IMPORTING", IdOf(from)});
  source.Command({"CLUSTER", "SETSLOT", s, "MIGRATING", target_id});
  const client::Endpoint& where = cluster_->endpoint(to);
  while (true) {  // one key per MIGRATE: signals run between the moves
    const client::Reply keys = source.Command({"CLUSTER", "GETKEYSINSLOT", s, "1"});
    if (keys.AsArray().empty()) break;
    source.Command({"MIGRATE", where.host, std::to_string(where.port), keys.AsArray()[0].AsString(),
                    "0", "5000"});
  }
  target.Command({"CLUSTER", "SETSLOT", s, "NODE", target_id});
  source.Command({"CLUSTER", "SETSLOT", s, "NODE", target_id});
  for (std::size_t node = 0; node < masters_; ++node) {
    if (node != from && node != to) {
      cluster_->Connect(node).Command({"CLUSTER", "SETSLOT", s, "NODE", target_id});
    }
  }
}

}  // namespace gateway_scenarios
