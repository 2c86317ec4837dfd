// StatsSnapshot from INFO text (parsed by client::ParseInfo).
#include "redis_testkit/cleanup/stats_snapshot.h"

#include <gtest/gtest.h>

#include <string>

#include "redis_testkit/cleanup/key_inspector.h"
#include "redis_testkit/cleanup/server_hygiene.h"

namespace redis_testkit::cleanup {
namespace {

constexpr const char* kInfo =
    "# Memory\r\n"
    "used_memory:1153434\r\n"
    "used_memory_human:1.10M\r\n"
    "used_memory_rss:10276045\r\n"
    "used_memory_peak:1205862\r\n"
    "maxmemory:67108864\r\n"
    "maxmemory_policy:noeviction\r\n"
    "mem_fragmentation_ratio:8.90\r\n"
    "\r\n"
    "# Stats\r\n"
    "expired_keys:12\r\n"
    "evicted_keys:3\r\n"
    "\r\n"
    "# Errorstats\r\n"
    "errorstat_ERR:count=5\r\n"
    "errorstat_OOM:count=7\r\n"
    "\r\n"
    "# Keyspace\r\n"
    "db0:keys=17,expires=2,avg_ttl=5000\r\n"
    "db3:keys=4,expires=0,avg_ttl=0\r\n";

TEST(StatsSnapshotTest, FromInfoText) {
  const StatsSnapshot s = StatsSnapshot::FromInfoText(kInfo, 0);
  EXPECT_EQ(s.used_memory, 1153434);
  EXPECT_EQ(s.used_memory_peak, 1205862);
  EXPECT_EQ(s.used_memory_rss, 10276045);
  EXPECT_DOUBLE_EQ(s.fragmentation, 8.90);
  EXPECT_EQ(s.maxmemory, 67108864);
  EXPECT_EQ(s.maxmemory_policy, "noeviction");
  EXPECT_EQ(s.keys_total, 21);
  EXPECT_EQ(s.keys_db, 17);
  EXPECT_EQ(s.keys_per_db, (std::map<int, long long>{{0, 17}, {3, 4}}));
  EXPECT_EQ(s.oom_rejections, 7);
  EXPECT_EQ(s.evicted_keys, 3);
  EXPECT_EQ(s.expired_keys, 12);
}

TEST(StatsSnapshotTest, OtherDatabaseAndEmptyKeyspace) {
  EXPECT_EQ(StatsSnapshot::FromInfoText(kInfo, 3).keys_db, 4);
  EXPECT_EQ(StatsSnapshot::FromInfoText(kInfo, 5).keys_db, 0);
  const StatsSnapshot empty = StatsSnapshot::FromInfoText("# Keyspace\r\n", 0);
  EXPECT_EQ(empty.keys_total, 0);
  EXPECT_EQ(empty.oom_rejections, 0);
}

TEST(StatsSnapshotTest, InfoCommandAsksForTheSectionsItUses) {
  EXPECT_EQ(StatsSnapshot::InfoCommand(),
            (std::vector<std::string>{"INFO", "memory", "stats", "errorstats", "keyspace",
                                      "commandstats"}));
}

TEST(ServerHygieneTest, MayHaveChangedOnConfigSetOrAnotherCap) {
  const ServerHygiene hygiene({{"maxmemory", "1000"}, {"maxmemory-policy", "noeviction"}});
  StatsSnapshot before;
  before.config_set_calls = 4;
  StatsSnapshot after = before;
  after.maxmemory = 1000;
  after.maxmemory_policy = "noeviction";
  EXPECT_FALSE(hygiene.MayHaveChanged(before, after));
  after.config_set_calls = 5;
  EXPECT_TRUE(hygiene.MayHaveChanged(before, after)) << "a CONFIG SET during the test";
  after.config_set_calls = 0;
  EXPECT_TRUE(hygiene.MayHaveChanged(before, after)) << "CONFIG RESETSTAT during the test";
  after.config_set_calls = 4;
  after.maxmemory = 3000;
  EXPECT_TRUE(hygiene.MayHaveChanged(before, after)) << "another cap, whatever the counter says";
  after.maxmemory = 1000;
  after.maxmemory_policy = "allkeys-lru";
  EXPECT_TRUE(hygiene.MayHaveChanged(before, after));
}

TEST(KeyInspectorTest, TypeOfEncoding) {
  EXPECT_EQ(TypeOfEncoding("embstr"), "string");
  EXPECT_EQ(TypeOfEncoding("int"), "string");
  EXPECT_EQ(TypeOfEncoding("raw"), "string");
  EXPECT_EQ(TypeOfEncoding("quicklist"), "list");
  EXPECT_EQ(TypeOfEncoding("intset"), "set");
  EXPECT_EQ(TypeOfEncoding("skiplist"), "zset");
  EXPECT_EQ(TypeOfEncoding("stream"), "stream");
  for (const char* shared : {"listpack", "ziplist", "hashtable", "listpackex", ""}) {
    EXPECT_EQ(TypeOfEncoding(shared), "") << shared << " needs a TYPE";
  }
}

}  // namespace
}  // namespace redis_testkit::cleanup
