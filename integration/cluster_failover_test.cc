// A master of the cluster dies (SIGKILL) and its replica takes over (cluster-node-timeout 500 ms):
// during the failover the gateway answers 503 with Retry-After (never 500, never CROSSSLOT), and
// after it every count is right: what was recorded before the kill is still there (the replica
// had it), what was refused during the failover is created once when retried.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "cluster_scenario.h"
#include "payloads.h"
#include "redis_testkit/client/info.h"

namespace gateway_scenarios {
namespace {

namespace client = redis_testkit::client;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

constexpr int kMasters = 3;
constexpr milliseconds kNodeTimeout{500};
constexpr milliseconds kFailoverLimit{20'000};  // a bound on waiting, not a measured target

std::vector<nlohmann::json> SpreadAlerts(int count, std::string_view prefix) {
  std::vector<nlohmann::json> alerts;
  alerts.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    alerts.push_back(PodAlert(std::string(prefix) + std::to_string(i), "prod-api", "api-1"));
  }
  return alerts;
}

class ClusterFailover : public ClusterScenario {
 protected:
  // Until the replica's offset reached its master's: what the master acknowledged survives it.
  static bool WaitReplicated(client::Connection& master, client::Connection& replica) {
    const auto deadline = Clock::now() + kFailoverLimit;
    while (Clock::now() < deadline) {
      const auto offset = [](client::Connection& c, const char* field) {
        const auto info = client::ParseInfo(c.Info("replication")).sections["replication"];
        const auto it = info.find(field);
        return it == info.end() ? -1LL : std::stoll(it->second);
      };
      const long long wanted = offset(master, "master_repl_offset");
      if (wanted > 0 && offset(replica, "slave_repl_offset") >= wanted) return true;
      std::this_thread::sleep_for(milliseconds(10));
    }
    return false;
  }
  static bool IsMaster(client::Connection& node) {
    return node.Info("replication").find("role:master") != std::string::npos;
  }
};

TEST_F(ClusterFailover, AKilledMasterGives503sThenItsReplicaServesExactCounts) {
  StartCluster({.masters = kMasters, .replicas = kMasters, .node_timeout = kNodeTimeout});
  signal_gateway::GatewayConfig config = ClusterConfig();
  config.redis_command_timeout = milliseconds(500);
  config.redis_connect_timeout = milliseconds(500);
  auto& gateway = StartGateway(config);

  const std::vector<nlohmann::json> before = SpreadAlerts(30, "Before");
  ASSERT_EQ(gateway.PostAlerts(Webhook(before)).status, 201);
  const std::size_t victim = 1;                // a master that is not the gateway's seed
  const std::size_t heir = victim + kMasters;  // its replica (TestCluster: replica i -> master i)
  {
    client::Connection master = cluster().Connect(victim);
    client::Connection replica = cluster().Connect(heir);
    ASSERT_TRUE(WaitReplicated(master, replica));
  }
  ASSERT_GT(GatewayKeysOn(victim), 0) << "no signal on the master to kill";

  cluster().server(victim).Kill();
  // Signals one by one during the failover, each retried until accepted, as AlertManager does.
  int unavailable = 0;
  const std::vector<nlohmann::json> during = SpreadAlerts(30, "During");
  const auto deadline = Clock::now() + kFailoverLimit;
  for (const nlohmann::json& alert : during) {
    HttpAnswer answer;
    do {
      answer = gateway.PostAlerts(Webhook(alert));
      ASSERT_TRUE(ClusterAnswerOk(answer));
      if (answer.status == 503) {
        ++unavailable;
        EXPECT_FALSE(answer.Header("Retry-After").empty()) << answer;
        std::this_thread::sleep_for(milliseconds(50));
      }
    } while (answer.status == 503 && Clock::now() < deadline);
    ASSERT_EQ(answer.status, 201) << answer;
    EXPECT_EQ(answer.Result(0)["count"], 1) << answer;
  }
  EXPECT_GT(unavailable, 0) << "no signal met the failover";
  client::Connection heir_connection = cluster().Connect(heir);
  EXPECT_TRUE(IsMaster(heir_connection));

  // After it: what was recorded before the kill counts on, nothing was created twice.
  const HttpAnswer again = gateway.PostAlerts(Webhook(before));
  ASSERT_EQ(again.status, 202) << again;
  for (std::size_t i = 0; i < before.size(); ++i) EXPECT_EQ(again.Result(i)["count"], 2) << i;
  const HttpAnswer during_again = gateway.PostAlerts(Webhook(during));
  ASSERT_EQ(during_again.status, 202) << during_again;
  for (std::size_t i = 0; i < during.size(); ++i) {
    EXPECT_EQ(during_again.Result(i)["count"], 2) << i;
  }
  EXPECT_EQ(gateway.sink().CreatedCount(), before.size() + during.size());
}

}  // namespace
}  // namespace gateway_scenarios
