// ClusterConnection and ClusterPipeline against a real 3-master Redis Cluster (TestCluster: three
// redis-server processes, slots assigned, cluster_state:ok): routing, MOVED after a slot
// migration, ASK during one, TRYAGAIN retries, pipelines across nodes.
#include "redis_testkit/client/cluster_connection.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "redis_testkit/client/cluster_pipeline.h"
#include "redis_testkit/client/cluster_slots.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/pipeline.h"
#include "test_cluster.h"
#include "test_server.h"

namespace redis_testkit::client {
namespace {

using std::chrono::milliseconds;
using test_support::TestCluster;

// Master 0 serves slots [0, 5461] of a 3-master TestCluster; master 1 [5462, 10922].
constexpr int kFirstSlotOfMaster1 = 5462;

// A key of `slot`'s own: "{tag}suffix" with a tag found by trying numbers.
std::string KeyInSlot(int slot, const std::string& suffix) {
  for (int i = 0;; ++i) {
    const std::string tag = "t" + std::to_string(i);
    if (KeySlot(tag) != slot) continue;
    std::string key = "{";
    key.append(tag).append("}").append(suffix);
    return key;
  }
}

// Slot migration as redis-cli --cluster reshard does it, in steps a test can stop between.
class Migration {
 public:
  Migration(const TestCluster& cluster, int slot, std::size_t from, std::size_t to)
      : cluster_(cluster),
        slot_(std::to_string(slot)),
        from_(cluster.Connect(from)),
        to_(cluster.Connect(to)) {
    from_id_ = from_.Command({"CLUSTER", "MYID"}).AsString();
    to_id_ = to_.Command({"CLUSTER", "MYID"}).AsString();
    to_.Command({"CLUSTER", "SETSLOT", slot_, "IMPORTING", from_id_});
    from_.Command({"CLUSTER", "SETSLOT", slot_, "MIGRATING", to_id_});
  }
  void MoveKeys(const std::vector<std::string>& keys) {
    std::vector<std::string> migrate{
        "MIGRATE", to_.endpoint().host, std::to_string(to_.endpoint().port), "", "0", "5000",
        "KEYS"};
    migrate.insert(migrate.end(), keys.begin(), keys.end());
    ASSERT_EQ(from_.Command(migrate).AsString(), "OK");
  }
  void MoveAllKeys() {
    const Reply keys = from_.Command({"CLUSTER", "GETKEYSINSLOT", slot_, "1000"});
    std::vector<std::string> names;
    for (const Reply& key : keys.AsArray()) names.push_back(key.AsString());
    if (!names.empty()) MoveKeys(names);
  }
  // The slot belongs to the target on every master.
  void Finish() {
    to_.Command({"CLUSTER", "SETSLOT", slot_, "NODE", to_id_});
    from_.Command({"CLUSTER", "SETSLOT", slot_, "NODE", to_id_});
    for (std::size_t node = 0; node < 3; ++node) {
      cluster_.Connect(node).Command({"CLUSTER", "SETSLOT", slot_, "NODE", to_id_});
    }
  }

 private:
  const TestCluster& cluster_;
  std::string slot_;
  Connection from_;
  Connection to_;
  std::string from_id_;
  std::string to_id_;
};

TEST(ClusterConnection, RoutesEveryKeyToTheMasterOfItsSlot) {
  TestCluster cluster;
  ClusterConnection c(cluster.Options());
  ASSERT_EQ(c.Masters().size(), 3u);
  EXPECT_EQ(c.slot_map().CoveredSlots(), kClusterSlotCount);
  Connection any = cluster.Connect(0);
  for (int i = 0; i < 300; ++i) {
    const std::string key =
        (i % 3 == 0 ? "{user" + std::to_string(i) + "}.name" : "key:") + std::to_string(i);
    c.Command({"SET", key, "v" + std::to_string(i)});
    // Our slot is the server's slot.
    ASSERT_EQ(any.Command({"CLUSTER", "KEYSLOT", key}).AsInteger(), KeySlot(key)) << key;
  }
  long long total = 0;
  for (const ClusterNodeAddress& master : c.Masters()) {
    const long long keys = c.Node(master).Command({"DBSIZE"}).AsInteger();
    EXPECT_GT(keys, 50) << master.Address() << " got too few keys: routing is not spreading";
    total += keys;
  }
  EXPECT_EQ(total, 300);
  for (int i = 0; i < 300; i += 7) {
    EXPECT_EQ(c.Command({"GET", "key:" + std::to_string(i)}).AsOptionalString(),
              i % 3 == 0 ? std::nullopt : std::optional<std::string>("v" + std::to_string(i)));
  }
  EXPECT_EQ(c.counters().moved, 0) << "a correct map never needs a redirect";
  EXPECT_EQ(c.counters().ask, 0);
  EXPECT_EQ(c.Command({"PING"}).AsString(), "PONG");  // keyless: the default node
  // Scripts go to their keys' slot.
  const std::string tagged = KeyInSlot(kFirstSlotOfMaster1 + 3, "counter");
  EXPECT_EQ(c.Command({"EVAL", "return redis.call('INCRBY', KEYS[1], ARGV[1])", "1", tagged, "5"})
                .AsInteger(),
            5);
  // Cross-slot multi-key commands get the server's error, not a silent wrong answer.
  EXPECT_THROW(
      c.Command({"MSET", KeyInSlot(1, "a"), "1", KeyInSlot(kFirstSlotOfMaster1, "b"), "2"}),
      ReplyError);
}

TEST(ClusterConnection, MovedAfterAMigrationRefreshesTheWholeMap) {
  TestCluster cluster;
  ClusterConnection c(cluster.Options());
  const std::string a = KeyInSlot(100, "a");
  const std::string b = KeyInSlot(200, "b");
  c.Command({"SET", a, "alpha"});
  c.Command({"SET", b, "beta"});
  for (const int slot : {100, 200}) {
    Migration migration(cluster, slot, 0, 1);
    migration.MoveAllKeys();
    migration.Finish();
  }
  const long long refreshes = c.counters().refreshes;
  EXPECT_EQ(c.Command({"GET", a}).AsString(), "alpha");
  EXPECT_EQ(c.counters().moved, 1);
  EXPECT_GT(c.counters().refreshes, refreshes);
  // The map was refreshed: the same slot and the other migrated slot go straight to the new owner.
  EXPECT_EQ(c.Command({"GET", a}).AsString(), "alpha");
  EXPECT_EQ(c.Command({"GET", b}).AsString(), "beta");
  EXPECT_EQ(c.Command({"SET", KeyInSlot(200, "c"), "gamma"}).AsString(), "OK");
  EXPECT_EQ(c.counters().moved, 1) << "MOVED did not refresh the slot map";
  EXPECT_EQ(cluster.Connect(1).Command({"GET", b}).AsString(), "beta");  // really on master 1
}

TEST(ClusterConnection, AskDuringAMigrationSendsAskingOnce) {
  TestCluster cluster;
  ClusterConnection c(cluster.Options());
  const int slot = 300;
  const std::string moved_key = KeyInSlot(slot, "moved");
  const std::string staying_key = KeyInSlot(slot, "staying");
  c.Command({"SET", moved_key, "gone-ahead"});
  c.Command({"SET", staying_key, "still-here"});
  Migration migration(cluster, slot, 0, 2);
  migration.MoveKeys({moved_key});

  EXPECT_EQ(c.Command({"GET", moved_key}).AsString(), "gone-ahead");
  EXPECT_EQ(c.counters().ask, 1);
  EXPECT_EQ(c.counters().moved, 0);
  EXPECT_EQ(c.Command({"GET", staying_key}).AsString(), "still-here");  // the source serves it
  EXPECT_EQ(c.counters().ask, 1);
  EXPECT_EQ(c.Command({"GET", moved_key}).AsString(), "gone-ahead");
  EXPECT_EQ(c.counters().ask, 2) << "ASK is for one command: the map must not change";
  // A new key of a migrating slot is created on the target (the source answers ASK).
  EXPECT_EQ(c.Command({"SET", KeyInSlot(slot, "new"), "fresh"}).AsString(), "OK");
  Connection target = cluster.Connect(2);
  const std::vector<Reply> asked =
      target.MakePipeline().Add({"ASKING"}).Add({"EXISTS", KeyInSlot(slot, "new")}).Execute();
  EXPECT_EQ(asked[1].AsInteger(), 1) << "the new key is not on the importing node";

  migration.MoveAllKeys();
  migration.Finish();
  EXPECT_EQ(c.Command({"GET", staying_key}).AsString(), "still-here");
  EXPECT_EQ(c.counters().moved, 1);
}

TEST(ClusterConnection, TryAgainIsRetriedWithinTheCommandTimeout) {
  TestCluster cluster;
  ClusterConnection c(cluster.Options(milliseconds(3000)));
  const int slot = 400;
  const std::string first = KeyInSlot(slot, "1");
  const std::string second = KeyInSlot(slot, "2");
  c.Command({"SET", first, "one"});
  c.Command({"SET", second, "two"});
  Migration migration(cluster, slot, 0, 1);
  migration.MoveKeys({first});  // the keys are split: a multi-key command gets TRYAGAIN

  // A jthread: it is joined even when the MGET below throws.
  std::jthread finisher([&cluster, &second, slot] {
    std::this_thread::sleep_for(milliseconds(200));
    Connection from = cluster.Connect(0);
    const Connection& to = cluster.Connect(1);
    from.Command(
        {"MIGRATE", to.endpoint().host, std::to_string(to.endpoint().port), second, "0", "5000"});
    static_cast<void>(slot);
  });
  const Reply values = c.Command({"MGET", first, second});
  finisher.join();
  ASSERT_EQ(values.AsArray().size(), 2u);
  EXPECT_EQ(values.AsArray()[0].AsString(), "one");
  EXPECT_EQ(values.AsArray()[1].AsString(), "two");
  EXPECT_GT(c.counters().retries, 0);
  migration.Finish();
}

TEST(ClusterConnection, TryAgainGivesUpAtTheCommandTimeout) {
  TestCluster cluster;
  ClusterConnection c(cluster.Options(milliseconds(300)));
  const std::string first = KeyInSlot(500, "1");
  const std::string second = KeyInSlot(500, "2");
  c.Command({"SET", first, "one"});
  c.Command({"SET", second, "two"});
  Migration migration(cluster, 500, 0, 1);
  migration.MoveKeys({first});
  const auto start = std::chrono::steady_clock::now();
  try {
    c.Command({"MGET", first, second});
    ADD_FAILURE() << "MGET over a split slot succeeded";
  } catch (const ReplyError& error) {
    EXPECT_NE(std::string(error.what()).find("TRYAGAIN"), std::string::npos) << error.what();
    const auto waited = std::chrono::steady_clock::now() - start;
    EXPECT_LT(waited, milliseconds(2000)) << "the retries outlived the 300 ms command timeout";
  }
  EXPECT_GT(c.counters().retries, 1);
}

TEST(ClusterPipeline, RepliesComeBackInTheCallersOrderAcrossNodes) {
  TestCluster cluster;
  ClusterConnection c(cluster.Options());
  ClusterPipeline pipeline = c.MakePipeline();
  constexpr int kCount = 600;
  for (int i = 0; i < kCount; ++i) {
    pipeline.Add({"SET", "p:" + std::to_string(i), "value-" + std::to_string(i)});
  }
  pipeline.Add({"INCR", "p:7"});  // an error reply stays in its place
  std::vector<Reply> replies = pipeline.Execute();
  ASSERT_EQ(replies.size(), static_cast<std::size_t>(kCount + 1));
  EXPECT_EQ(pipeline.size(), 0u);
  for (int i = 0; i < kCount; ++i) ASSERT_EQ(replies[static_cast<std::size_t>(i)].AsString(), "OK");
  EXPECT_TRUE(replies.back().IsError());

  for (const ClusterNodeAddress& master : c.Masters()) {
    EXPECT_GT(c.Node(master).Command({"DBSIZE"}).AsInteger(), 100) << master.Address();
  }
  // Move one slot away behind the client's back: its GETs are redirected, and still in order.
  const int moved_slot = KeySlot("p:11");
  Migration migration(cluster, moved_slot, c.slot_map().MasterOf(moved_slot) == 0u ? 0 : 1,
                      c.slot_map().MasterOf(moved_slot) == 0u ? 2 : 0);
  migration.MoveAllKeys();
  migration.Finish();
  for (int i = kCount - 1; i >= 0; --i) pipeline.Add({"GET", "p:" + std::to_string(i)});
  replies = pipeline.Execute();
  ASSERT_EQ(replies.size(), static_cast<std::size_t>(kCount));
  for (int i = 0; i < kCount; ++i) {
    ASSERT_EQ(replies[static_cast<std::size_t>(i)].AsString(),
              "value-" + std::to_string(kCount - 1 - i))
        << "reply " << i;
  }
  EXPECT_EQ(c.counters().moved, 1);
}

TEST(ClusterConnection, RefusesWhatIsNotACluster) {
  EXPECT_THROW(ClusterConnection(ClusterOptions{}), std::invalid_argument);
  test_support::TestServer standalone;
  try {
    ClusterConnection c({.seeds = {standalone.endpoint()}});
    FAIL() << "a standalone server was accepted as a cluster";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("not a cluster node"), std::string::npos)
        << error.what();
  }
  ClusterOptions db_one;
  db_one.seeds = {standalone.endpoint(1)};
  EXPECT_THROW(ClusterConnection{db_one}, std::invalid_argument);
}

}  // namespace
}  // namespace redis_testkit::client
