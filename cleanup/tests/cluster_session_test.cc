// CleanupSession on a real 3-master Redis Cluster (test_support::TestCluster, process runtime),
// given one node's endpoint as a user's REDIS_TESTKIT_URL would give it: every master flushed,
// measured and checked; figures summed; a leaked key named with its node and slot.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "redis_testkit/cleanup/cleanup_session.h"
#include "redis_testkit/cleanup/report.h"
#include "redis_testkit/client/cluster_connection.h"
#include "redis_testkit/client/cluster_slots.h"
#include "test_cluster.h"

namespace redis_testkit::cleanup {
namespace {

constexpr std::size_t kMasters = 3;

class ClusterSessionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { cluster_ = new test_support::TestCluster({.masters = kMasters}); }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  void SetUp() override {
    for (std::size_t i = 0; i < kMasters; ++i) cluster_->Connect(i).Command({"FLUSHALL", "SYNC"});
    app_ = std::make_unique<client::ClusterConnection>(cluster_->Options());
  }

  // A session given node `seed` only (not the first: the others must be found from it).
  static std::unique_ptr<CleanupSession> Session(std::size_t seed = 1, int db = 0,
                                                 LeakPolicy policy = LeakPolicy::kFailNoTtl) {
    SessionOptions options;
    options.connection.endpoint = cluster_->endpoint(seed);
    options.connection.endpoint.db = db;
    options.cleanup.leak_policy = policy;
    options.cleanup.forbid_commands = {"keys"};
    options.runtime = "process";
    return std::make_unique<CleanupSession>(std::move(options));
  }

  static std::string Address(std::size_t node) {
    return cluster_->endpoint(node).host + ":" + std::to_string(cluster_->endpoint(node).port);
  }

  // A key "<prefix><n>" whose slot node `node` serves.
  static std::string KeyOn(std::size_t node, const std::string& prefix) {
    const client::ClusterConnection routed(cluster_->Options());
    for (int n = 0;; ++n) {
      std::string key = prefix + std::to_string(n);
      const auto owner = routed.slot_map().MasterOf(client::KeySlot(key));
      if (owner && routed.Masters()[*owner].port == cluster_->endpoint(node).port) return key;
    }
  }

  static test_support::TestCluster* cluster_;
  std::unique_ptr<client::ClusterConnection> app_;  // what the test under test would use
};

test_support::TestCluster* ClusterSessionTest::cluster_ = nullptr;

TEST_F(ClusterSessionTest, TheReportSaysClusterAndListsEveryMaster) {
  auto session = Session();
  EXPECT_EQ(session->server().topology, "cluster");
  ASSERT_EQ(session->server().nodes.size(), kMasters);
  for (std::size_t i = 0; i < kMasters; ++i) {
    EXPECT_NE(std::find(session->server().nodes.begin(), session->server().nodes.end(), Address(i)),
              session->server().nodes.end())
        << Address(i);
  }
  session->BeforeTest("Cluster", "Empty");
  session->AfterTest(TestStatus::kPassed, 1);
  const Report report = session->MakeReport();
  EXPECT_EQ(ReportFromJson(ReportToJson(report)), report) << "topology and nodes round-trip";
  EXPECT_NE(ReportToJson(report).find("\"topology\": \"cluster\""), std::string::npos);
}

TEST_F(ClusterSessionTest, AKeyLeakedOnEachMasterIsFoundWithItsNodeAndSlot) {
  auto session = Session();
  session->BeforeTest("Cluster", "LeaksEverywhere");
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < kMasters; ++i) {
    keys.push_back(KeyOn(i, "leak:"));
    app_->Command({"SET", keys.back(), "forever"});
  }
  const TestRecord& record = session->AfterTest(TestStatus::kPassed, 1);
  EXPECT_EQ(record.status, TestStatus::kFailed);
  ASSERT_EQ(record.leaks.no_ttl.size(), kMasters) << record.verdict.message;
  for (std::size_t i = 0; i < kMasters; ++i) {
    const auto leaked = std::find_if(record.leaks.no_ttl.begin(), record.leaks.no_ttl.end(),
                                     [&](const LeakedKey& key) { return key.key == keys[i]; });
    ASSERT_NE(leaked, record.leaks.no_ttl.end()) << keys[i];
    EXPECT_EQ(leaked->node, Address(i)) << keys[i];
    EXPECT_EQ(leaked->slot, client::KeySlot(keys[i]));
    EXPECT_NE(record.verdict.message.find("(node " + Address(i) + ", slot " +
                                          std::to_string(client::KeySlot(keys[i])) + ")"),
              std::string::npos)
        << record.verdict.message;
  }
}

TEST_F(ClusterSessionTest, EveryMasterIsFlushedBeforeTheNextTest) {
  auto session = Session();
  session->BeforeTest("Cluster", "WritesWithTtl");
  for (std::size_t i = 0; i < kMasters; ++i) {
    app_->Command({"SET", KeyOn(i, "ttl:"), "x", "EX", "600"});
  }
  EXPECT_EQ(session->AfterTest(TestStatus::kPassed, 1).leaks.left_behind_count, 3);
  session->BeforeTest("Cluster", "Next");
  for (std::size_t i = 0; i < kMasters; ++i) {
    EXPECT_EQ(cluster_->Connect(i).Command({"DBSIZE"}).AsInteger(), 0) << Address(i);
  }
  EXPECT_EQ(session->AfterTest(TestStatus::kPassed, 1).keys_before, 0);
}

TEST_F(ClusterSessionTest, FiguresAreSummedOverTheMastersAndKeptPerMaster) {
  auto session = Session(0);
  session->BeforeTest("Cluster", "Counts");
  for (std::size_t i = 0; i < kMasters; ++i) {
    for (int n = 0; n < static_cast<int>(i) + 1; ++n) {  // 1, 2 and 3 keys
      app_->Command({"SET", KeyOn(i, "count:" + std::to_string(n) + ":"), "x", "EX", "600"});
    }
  }
  const TestRecord& record = session->AfterTest(TestStatus::kPassed, 1);
  EXPECT_EQ(record.keys_after, 6);
  ASSERT_EQ(record.nodes.size(), kMasters);
  long long used_before = 0;
  long long used_after = 0;
  for (const NodeFigures& node : record.nodes) {
    const std::size_t i = static_cast<std::size_t>(
        std::find(session->server().nodes.begin(), session->server().nodes.end(), node.node) -
        session->server().nodes.begin());
    ASSERT_LT(i, kMasters) << node.node;
    used_before += node.used_before;
    used_after += node.used_after;
    EXPECT_EQ(node.keys_before, 0);
    EXPECT_EQ(node.leaked_keys, node.keys_after);
  }
  EXPECT_EQ(record.memory.used_before, used_before);
  EXPECT_EQ(record.memory.used_after, used_after);
  const auto set = std::find_if(record.commands.begin(), record.commands.end(),
                                [](const CommandFigures& c) { return c.command == "set"; });
  ASSERT_NE(set, record.commands.end());
  EXPECT_EQ(set->calls, 6) << "the command profile counts every master";
}

TEST_F(ClusterSessionTest, AForbiddenCommandOnAnotherMasterFailsTheTest) {
  auto session = Session(0);
  session->BeforeTest("Cluster", "Keys");
  cluster_->Connect(2).Command({"KEYS", "*"});
  const TestRecord& record = session->AfterTest(TestStatus::kPassed, 1);
  EXPECT_TRUE(record.verdict.failed);
  EXPECT_NE(record.verdict.message.find("KEYS (1 call)"), std::string::npos)
      << record.verdict.message;
}

TEST_F(ClusterSessionTest, SettingsChangedOnAnotherMasterArePutBack) {
  auto session = Session(0);
  client::Connection third = cluster_->Connect(2);
  const std::string policy =
      third.Command({"CONFIG", "GET", "maxmemory-policy"}).AsArray().at(1).AsString();
  session->BeforeTest("Cluster", "ChangesSettings");
  third.Command({"CONFIG", "SET", "maxmemory-policy", "allkeys-lru"});
  const TestRecord& record = session->AfterTest(TestStatus::kPassed, 1);
  EXPECT_EQ(third.Command({"CONFIG", "GET", "maxmemory-policy"}).AsArray().at(1).AsString(),
            policy);
  ASSERT_FALSE(record.notes.empty());
  EXPECT_NE(record.notes.back().find("node " + Address(2)), std::string::npos)
      << record.notes.back();
}

TEST_F(ClusterSessionTest, AMasterThatDroppedTheConnectionIsReconnected) {
  auto session = Session(0);
  session->BeforeTest("Cluster", "DropsConnections");
  client::Connection second = cluster_->Connect(1);
  second.Command({"CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"});
  second.Command({"SET", KeyOn(1, "after:kill:"), "forever"});
  const TestRecord& record = session->AfterTest(TestStatus::kPassed, 1);
  EXPECT_EQ(record.leaks.no_ttl_count, 1) << record.verdict.message;
  bool noted = false;
  for (const std::string& note : record.notes) {
    noted = noted || note.find("after the test on " + Address(1)) != std::string::npos;
  }
  EXPECT_TRUE(noted) << "the reconnect names the master";
  session->BeforeTest("Cluster", "AfterTheKill");
  EXPECT_EQ(session->AfterTest(TestStatus::kPassed, 1).status, TestStatus::kPassed);
}

TEST_F(ClusterSessionTest, AnEmptyTestCostsTwoRoundTripsPerMaster) {
  auto session = Session();
  session->BeforeTest("Cluster", "Empty");
  const TestRecord& record = session->AfterTest(TestStatus::kPassed, 1);
  EXPECT_EQ(record.round_trips, static_cast<long long>(2 * kMasters));
  EXPECT_EQ(record.status, TestStatus::kPassed) << record.verdict.message;
}

TEST_F(ClusterSessionTest, ADatabaseOtherThanZeroIsAClearError) {
  try {
    Session(1, 3);
    FAIL() << "a cluster has database 0 only";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("database 0 only, not 3"), std::string::npos)
        << error.what();
  }
}

// A failover between two tests (as a test of failover handling makes with CLUSTER FAILOVER): the
// old master refuses the flush as a replica, and the session watches the master that took over.
TEST(ClusterSessionFailover, TheMasterThatTookOverIsFlushedAndWatchedFromTheNextTest) {
  test_support::TestCluster cluster({.masters = 3, .replicas = 1});  // node 3 replicates node 0
  const auto address = [&cluster](std::size_t node) {
    return cluster.endpoint(node).host + ":" + std::to_string(cluster.endpoint(node).port);
  };
  SessionOptions options;
  options.connection.endpoint = cluster.endpoint(1);
  options.runtime = "process";
  options.reset_leftovers = true;  // as for a leased pool slot: CLIENT KILL when it opens only
  CleanupSession session(std::move(options));
  session.BeforeTest("Failover", "Before");
  ASSERT_EQ(session.AfterTest(TestStatus::kPassed, 1).status, TestStatus::kPassed);

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  // A manual failover needs the replica in sync: its link to the master up.
  while (cluster.Connect(3)
             .Command({"INFO", "replication"})
             .AsString()
             .find("master_link_status:up") == std::string::npos) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the replica never synced";
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  cluster.Connect(3).Command({"CLUSTER", "FAILOVER"});
  std::unique_ptr<client::ClusterConnection> app;
  while (true) {  // until every node routes node 0's slots to node 3
    app = std::make_unique<client::ClusterConnection>(cluster.Options());
    const auto owner = app->slot_map().MasterOf(0);
    if (owner && app->Masters()[*owner].port == cluster.endpoint(3).port &&
        cluster.Connect(0).Command({"ROLE"}).AsArray().at(0).AsString() == "slave") {
      break;
    }
    ASSERT_LT(std::chrono::steady_clock::now(), deadline)
        << "no failover within 20 s; node 3: " << cluster.Connect(3).Command({"ROLE"}).ToString()
        << " node 0: " << cluster.Connect(0).Command({"ROLE"}).ToString()
        << " map owner port: " << (owner ? app->Masters()[*owner].port : -1);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::string key;  // a key of a slot node 3 now serves
  for (int n = 0; key.empty(); ++n) {
    const std::string candidate = "failover:" + std::to_string(n);
    if (app->slot_map().MasterOf(client::KeySlot(candidate)) == app->slot_map().MasterOf(0)) {
      key = candidate;
    }
  }
  app->Command({"SET", key + ":stale", "x", "EX", "600"});
  client::Connection suite = cluster.Connect(3);  // a connection the suite holds across tests

  session.BeforeTest("Failover", "After");
  EXPECT_EQ(cluster.Connect(3).Command({"DBSIZE"}).AsInteger(), 0) << "the new master is flushed";
  EXPECT_NO_THROW(suite.Ping()) << "following the masters killed the suite's connections";
  app->Command({"SET", key, "forever"});
  const TestRecord& record = session.AfterTest(TestStatus::kPassed, 1);
  EXPECT_EQ(record.status, TestStatus::kFailed);
  ASSERT_EQ(record.leaks.no_ttl.size(), 1U) << record.verdict.message;
  EXPECT_EQ(record.leaks.no_ttl[0].node, address(3));
  EXPECT_NE(std::find(session.server().nodes.begin(), session.server().nodes.end(), address(3)),
            session.server().nodes.end());
  EXPECT_EQ(std::find(session.server().nodes.begin(), session.server().nodes.end(), address(0)),
            session.server().nodes.end());
  bool noted = false;
  for (const std::string& note : record.notes) {
    noted = noted || note.find("the cluster's masters changed") != std::string::npos;
  }
  EXPECT_TRUE(noted) << "the record says the masters changed";
}

}  // namespace
}  // namespace redis_testkit::cleanup
