// The gateway on a real Redis Cluster (issue 10): `redis+cluster://` makes it route each signal's
// script to the master of its keys' slot. Signals spread over every master; NOSCRIPT on one node
// loads the script there; a redirect the client cannot settle within the timeout is a 503, never
// a 500; a slot migrated in the middle of a storm loses no signal and counts none twice; no answer
// ever says CROSSSLOT. Each test has a private 3-master cluster (process runtime).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "cluster_scenario.h"
#include "payloads.h"
#include "redis_testkit/client/cluster_slots.h"
#include "signal_gateway/redis_keys.h"

namespace gateway_scenarios {
namespace {

namespace client = redis_testkit::client;
using std::chrono::milliseconds;

constexpr int kMasters = 3;

// One alert per (namespace, alertname) pair: `count` distinct hash tags.
std::vector<nlohmann::json> SpreadAlerts(int count, std::string_view pod = "api-1") {
  std::vector<nlohmann::json> alerts;
  alerts.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    alerts.push_back(PodAlert("Alert" + std::to_string(i), "ns-" + std::to_string(i % 7), pod));
  }
  return alerts;
}

// Posts `webhook` until it is not a 503 (as AlertManager retries), at most `attempts` times.
HttpAnswer PostUntilAccepted(const ScenarioGateway& gateway, const nlohmann::json& webhook,
                             int attempts = 50) {
  HttpAnswer answer;
  for (int i = 0; i < attempts; ++i) {
    answer = gateway.PostAlerts(webhook);
    EXPECT_TRUE(ClusterAnswerOk(answer));
    if (answer.status != 503) break;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return answer;
}

using GatewayOnCluster = ClusterScenario;

TEST_F(GatewayOnCluster, SignalsSpreadOverEveryMaster) {
  StartCluster({.masters = kMasters});
  auto& gateway = StartGateway();
  const std::vector<nlohmann::json> alerts = SpreadAlerts(60);
  for (std::size_t first = 0; first < alerts.size(); first += 10) {  // 10-signal batches
    const HttpAnswer answer = gateway.PostAlerts(
        Webhook(std::vector<nlohmann::json>(alerts.begin() + static_cast<long>(first),
                                            alerts.begin() + static_cast<long>(first + 10))));
    ASSERT_EQ(answer.status, 201) << answer;
    EXPECT_EQ(answer.CountStatus("created"), 10) << answer;
  }
  long long keys = 0;
  for (std::size_t node = 0; node < kMasters; ++node) {
    EXPECT_GT(GatewayKeysOn(node), 0) << "master " << node << " holds no signal key";
    keys += GatewayKeysOn(node);
  }
  EXPECT_EQ(keys, 120);  // a dedup hash and a storm hash per signal, each on its slot's master
  // Read back through the routing: every signal is a duplicate, counted once more.
  const HttpAnswer again = gateway.PostAlerts(Webhook(alerts));
  ASSERT_EQ(again.status, 202) << again;
  for (std::size_t i = 0; i < alerts.size(); ++i) EXPECT_EQ(again.Result(i)["count"], 2) << i;
  EXPECT_EQ(gateway.sink().CreatedCount(), 60U);
}

TEST_F(GatewayOnCluster, NoScriptOnOneNodeLoadsTheScriptThere) {
  StartCluster({.masters = kMasters});
  auto& gateway = StartGateway();
  ASSERT_EQ(gateway.PostAlerts(Webhook(SpreadAlerts(30))).status, 201);
  const long long loads = gateway.gateway().store().script_loads();
  const std::string sha = gateway.gateway().store().script_sha();
  const std::size_t flushed = kMasters - 1;
  cluster().Connect(flushed).Command({"SCRIPT", "FLUSH"});

  const HttpAnswer answer = gateway.PostAlerts(Webhook(SpreadAlerts(30, "api-2")));
  ASSERT_EQ(answer.status, 201) << answer;
  EXPECT_EQ(answer.CountStatus("created"), 30) << answer;
  EXPECT_EQ(gateway.gateway().store().script_loads(), loads + 1);  // on that node alone
  const client::Reply exists = cluster().Connect(flushed).Command({"SCRIPT", "EXISTS", sha});
  EXPECT_EQ(exists.AsArray().at(0).AsInteger(), 1);
}

// The rate limiter runs its script one call at a time (ScriptRunner::Run, not the batch path):
// NOSCRIPT on the master of the sender's counter loads the script there, and the request goes
// through, counted once more. (gateway:rate:127.0.0.1 is in slot 8856: not the first master's.)
TEST_F(GatewayOnCluster, NoScriptOnTheRateCountersNodeLoadsItThere) {
  StartCluster({.masters = kMasters});
  signal_gateway::GatewayConfig config = ClusterConfig();
  config.rate_limit = 100;  // the scenarios turn it off
  auto& gateway = StartGateway(config);
  const std::string counter = std::string(signal_gateway::kRatePrefix) + "127.0.0.1";
  ASSERT_EQ(gateway.PostAlerts(Webhook(PodAlert("HighCPUUsage", "prod-api", "api-1"))).status, 201);
  const std::size_t node = MasterOf(client::KeySlot(counter));
  cluster().Connect(node).Command({"SCRIPT", "FLUSH"});

  const HttpAnswer answer =
      gateway.PostAlerts(Webhook(PodAlert("HighCPUUsage", "prod-api", "api-2")));
  ASSERT_EQ(answer.status, 201) << answer;
  EXPECT_EQ(cluster().Connect(node).Command({"GET", counter}).AsString(), "2");
}

// A slot left MIGRATING on its master with no node importing it: the master sends ASK, the other
// node sends MOVED back, and so on. The client gives up within the command timeout; the cluster
// could not answer in time: 503 with Retry-After, nothing written; once the slot is stable again
// the retry creates the request, once.
TEST_F(GatewayOnCluster, ARedirectThatDoesNotSettleIs503NotAnError) {
  StartCluster({.masters = kMasters});
  auto& gateway = StartGateway();
  const int slot = SlotOfTag("prod-api", "HighCPUUsage");
  const std::size_t owner = MasterOf(slot);
  const std::size_t other = (owner + 1) % kMasters;
  cluster().Connect(owner).Command(
      {"CLUSTER", "SETSLOT", std::to_string(slot), "MIGRATING", IdOf(other)});

  const nlohmann::json webhook = Webhook(PodAlert("HighCPUUsage", "prod-api", "api-1"));
  const HttpAnswer refused = gateway.PostAlerts(webhook);
  EXPECT_TRUE(ClusterAnswerOk(refused));
  ASSERT_EQ(refused.status, 503) << refused;
  EXPECT_EQ(refused.Header("Retry-After"), "30") << refused;
  EXPECT_EQ(GatewayKeysOn(owner) + GatewayKeysOn(other), 0);

  cluster().Connect(owner).Command({"CLUSTER", "SETSLOT", std::to_string(slot), "STABLE"});
  const HttpAnswer accepted = gateway.PostAlerts(webhook);
  ASSERT_EQ(accepted.status, 201) << accepted;
  EXPECT_EQ(accepted.Result(0)["count"], 1) << accepted;
  EXPECT_EQ(gateway.sink().CreatedCount(), 1U);
}

// A storm of 60 distinct pods (one slot: one namespace and alertname) from 4 senders, each pod
// twice; in the middle of it the slot moves to another master key by key. Every signal is counted
// exactly once per post: 9 own requests, one storm request with all 51 other pods, each pod's
// count 2, no create twice.
TEST_F(GatewayOnCluster, ASlotMigratedInTheMiddleOfAStormLosesNothing) {
  StartCluster({.masters = kMasters});
  signal_gateway::GatewayConfig config = ClusterConfig();
  config.redis_command_timeout = milliseconds(3000);
  config.resource_cap = 100;
  auto& gateway = StartGateway(config);
  const int slot = SlotOfTag("prod-api", "HighCPUUsage");
  const std::size_t from = MasterOf(slot);
  const std::size_t to = (from + 1) % kMasters;

  constexpr int kSenders = 4;
  constexpr int kPodsPerSender = 15;
  std::atomic<int> answered{0};
  std::vector<std::thread> senders;
  senders.reserve(kSenders);
  for (int s = 0; s < kSenders; ++s) {
    senders.emplace_back([&, s] {
      const auto alerts =
          PodAlerts("HighCPUUsage", "prod-api", 1 + s * kPodsPerSender, kPodsPerSender);
      for (int round = 0; round < 2; ++round) {
        for (const nlohmann::json& alert : alerts) {
          const HttpAnswer answer = PostUntilAccepted(gateway, Webhook(alert));
          EXPECT_TRUE(answer.status == 201 || answer.status == 202) << answer;
          ++answered;
        }
      }
    });
  }
  while (answered.load() < 20) std::this_thread::sleep_for(milliseconds(5));
  MigrateSlot(slot, from, to);
  const int answered_before_the_end = answered.load();
  for (std::thread& sender : senders) sender.join();
  EXPECT_LT(answered_before_the_end, 2 * kSenders * kPodsPerSender) << "the storm ended first";

  EXPECT_EQ(MasterOf(slot), to);
  EXPECT_GT(GatewayKeysOn(to), 0);
  client::Connection source = cluster().Connect(from);
  EXPECT_EQ(source.Command({"CLUSTER", "COUNTKEYSINSLOT", std::to_string(slot)}).AsInteger(), 0);

  const auto storm = NewestStorm(gateway.sink(), "HighCPUUsage in prod-api");
  ASSERT_TRUE(storm.has_value());
  ASSERT_TRUE(storm->storm.has_value());
  EXPECT_EQ(storm->storm->alert_count, 51);
  EXPECT_EQ(storm->storm->affected_resources.size(), 51U);
  EXPECT_EQ(gateway.sink().CreatedCount(), 10U);  // 9 own requests + the storm's
  client::Connection target = cluster().Connect(to);
  for (int pod = 1; pod <= kSenders * kPodsPerSender; ++pod) {
    const std::string fingerprint =
        ExpectedFingerprint("HighCPUUsage", "prod-api", "Pod", "pod-" + std::to_string(pod));
    const signal_gateway::SignalKeys keys =
        signal_gateway::KeysFor("prod-api", "HighCPUUsage", fingerprint);
    EXPECT_EQ(target.Command({"HGET", keys.dedup, "c"}).AsString(), "2") << "pod-" << pod;
  }
}

// The gateway was given one node (its seed), and that node died: a connection the pool opens
// afterwards starts from the masters an earlier connection learned, not from the dead seed alone.
TEST_F(GatewayOnCluster, ANewConnectionFindsTheClusterWhenTheSeedIsGone) {
  StartCluster({.masters = kMasters});
  signal_gateway::GatewayConfig config = ClusterConfig();
  config.redis_pool_size = 2;
  auto& gateway = StartGateway(config);
  signal_gateway::ConnectionPool& pool = gateway.gateway().pool();
  pool.Run([](signal_gateway::RedisSession& session) { session.Ping(); });  // learns the masters
  cluster().server(0).Kill();

  std::promise<void> release;
  std::promise<void> holding;
  std::thread holder([&] {  // keeps the first connection busy: the next Run opens a second
    pool.Run([&](signal_gateway::RedisSession&) {
      holding.set_value();
      release.get_future().wait();
    });
  });
  holding.get_future().wait();
  std::string answer;
  try {
    answer = pool.Run([&](signal_gateway::RedisSession& session) {
      return session.CommandOn(session.Nodes().back(), {"PING"}).AsString();
    });
  } catch (const std::exception& e) {
    answer = e.what();
  }
  release.set_value();
  holder.join();
  EXPECT_EQ(answer, "PONG");
  EXPECT_EQ(pool.open_connections(), 2U);
}

}  // namespace
}  // namespace gateway_scenarios
