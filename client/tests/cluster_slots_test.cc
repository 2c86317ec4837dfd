// Key slots, hash tags, redirect parsing and the slot map: pure logic, no server.
#include "redis_testkit/client/cluster_slots.h"

#include <gtest/gtest.h>

#include "redis_testkit/client/cluster_redirect.h"
#include "redis_testkit/client/cluster_slot_map.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/reply.h"

namespace redis_testkit::client {
namespace {

TEST(ClusterSlots, Crc16OfTheSpecificationsExample) {
  EXPECT_EQ(Crc16("123456789"), 0x31C3);  // the reference value in the cluster specification
  EXPECT_EQ(Crc16(""), 0);
}

TEST(ClusterSlots, KnownSlots) {
  // The slots redis-cli -c shows in the cluster tutorial ("Redirected to slot [12182]").
  EXPECT_EQ(KeySlot("foo"), 12182);
  EXPECT_EQ(KeySlot("hello"), 866);
  EXPECT_EQ(KeySlot("bar"), 5061);
}

TEST(ClusterSlots, HashTagsOfTheSpecification) {
  EXPECT_EQ(HashTag("{user1000}.following"), "user1000");
  EXPECT_EQ(KeySlot("{user1000}.following"), KeySlot("{user1000}.followers"));
  EXPECT_EQ(KeySlot("{user1000}.following"), KeySlot("user1000"));
  EXPECT_EQ(HashTag("foo{}{bar}"), "foo{}{bar}");  // empty first tag: the whole key
  EXPECT_EQ(HashTag("foo{{bar}}zap"), "{bar");     // from the first '{' to the first '}'
  EXPECT_EQ(HashTag("foo{bar}{zap}"), "bar");      // only the first tag counts
  EXPECT_EQ(HashTag("no tag"), "no tag");
  EXPECT_EQ(HashTag("open{only"), "open{only");
  EXPECT_EQ(KeySlot("foo{bar}{zap}"), KeySlot("bar"));
}

TEST(ClusterSlots, EverySlotInRange) {
  for (int i = 0; i < 100000; i += 7) {
    const int slot = KeySlot("key:" + std::to_string(i));
    ASSERT_GE(slot, 0);
    ASSERT_LT(slot, kClusterSlotCount);
  }
}

TEST(ClusterRedirect, MovedAndAsk) {
  EXPECT_EQ(ParseClusterRedirect("MOVED 3999 127.0.0.1:6381"),
            (ClusterRedirect{ClusterRedirect::Kind::kMoved, 3999, "127.0.0.1", 6381}));
  EXPECT_EQ(ParseClusterRedirect("ASK 0 10.0.0.2:7000"),
            (ClusterRedirect{ClusterRedirect::Kind::kAsk, 0, "10.0.0.2", 7000}));
  EXPECT_EQ(ParseClusterRedirect("MOVED 16383 ::1:7000"),
            (ClusterRedirect{ClusterRedirect::Kind::kMoved, 16383, "::1", 7000}));
  EXPECT_EQ(ParseClusterRedirect("MOVED 5 [::1]:7000"),
            (ClusterRedirect{ClusterRedirect::Kind::kMoved, 5, "::1", 7000}));
  EXPECT_EQ(ParseClusterRedirect("MOVED 12 :7001"),  // a node that does not know its address
            (ClusterRedirect{ClusterRedirect::Kind::kMoved, 12, "", 7001}));
}

TEST(ClusterRedirect, OtherErrorsAndMalformedOnes) {
  EXPECT_FALSE(ParseClusterRedirect("ERR unknown command"));
  EXPECT_FALSE(ParseClusterRedirect("MOVED"));
  EXPECT_FALSE(ParseClusterRedirect("MOVED 16384 127.0.0.1:1"));
  EXPECT_FALSE(ParseClusterRedirect("MOVED x 127.0.0.1:1"));
  EXPECT_FALSE(ParseClusterRedirect("ASK 1 127.0.0.1"));
  EXPECT_FALSE(ParseClusterRedirect("ASK 1 127.0.0.1:0"));
  EXPECT_TRUE(IsTransientClusterError("TRYAGAIN Multiple keys request during rehashing of slot"));
  EXPECT_TRUE(IsTransientClusterError("CLUSTERDOWN The cluster is down"));
  EXPECT_FALSE(IsTransientClusterError("CROSSSLOT Keys in request don't hash to the same slot"));
}

Reply Node(const std::string& host, long long port, const std::string& id) {
  return Reply::Array({Reply::String(host), Reply::Integer(port), Reply::String(id)});
}

TEST(ClusterSlotMap, FromClusterSlots) {
  const Reply reply = Reply::Array({
      Reply::Array({Reply::Integer(0), Reply::Integer(5460), Node("127.0.0.1", 7001, "a"),
                    Node("127.0.0.1", 7004, "r")}),
      Reply::Array({Reply::Integer(5461), Reply::Integer(10922), Node("", 7002, "b")}),
      Reply::Array({Reply::Integer(10923), Reply::Integer(16383), Node("127.0.0.1", 7003, "c")}),
      Reply::Array({Reply::Integer(100), Reply::Integer(100), Node("127.0.0.1", 7003, "c")}),
  });
  const ClusterSlotMap map = ClusterSlotMap::FromClusterSlots(reply, "10.1.1.1");
  ASSERT_EQ(map.masters().size(), 3u);  // replicas are not masters
  EXPECT_EQ(map.masters()[0], (ClusterNodeAddress{"127.0.0.1", 7001, "a"}));
  EXPECT_EQ(map.masters()[1].Address(), "10.1.1.1:7002");  // unknown host: where it came from
  EXPECT_EQ(map.MasterOf(0), 0u);
  EXPECT_EQ(map.MasterOf(99), 0u);
  EXPECT_EQ(map.MasterOf(100), 2u);  // a single-slot range
  EXPECT_EQ(map.MasterOf(5461), 1u);
  EXPECT_EQ(map.MasterOf(16383), 2u);
  EXPECT_FALSE(map.MasterOf(16384));
  EXPECT_EQ(map.CoveredSlots(), kClusterSlotCount);
}

TEST(ClusterSlotMap, AssignAndUncoveredSlots) {
  ClusterSlotMap map;
  EXPECT_EQ(map.CoveredSlots(), 0);
  EXPECT_FALSE(map.MasterOf(42));
  map.Assign(42, "::1", 7000);
  ASSERT_EQ(map.MasterOf(42), 0u);
  EXPECT_EQ(map.masters()[0].Address(), "[::1]:7000");
  EXPECT_EQ(map.CoveredSlots(), 1);
}

TEST(ClusterSlotMap, MalformedRepliesNameTheProblem) {
  EXPECT_THROW(ClusterSlotMap::FromClusterSlots(Reply::Status("OK"), "h"), Error);
  const Reply bad_range = Reply::Array(
      {Reply::Array({Reply::Integer(10), Reply::Integer(20000), Node("127.0.0.1", 7001, "a")})});
  try {
    ClusterSlotMap::FromClusterSlots(bad_range, "h");
    FAIL() << "a slot out of range was accepted";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("slot range out of [0, 16383]"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace redis_testkit::client
