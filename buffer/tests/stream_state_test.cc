// The lag and trimmed-before-read arithmetic on XINFO figures: pure logic.
#include "stream_state.h"

#include <gtest/gtest.h>

namespace event_buffer::internal {
namespace {

StreamId Id(long long ms) { return StreamId{static_cast<std::uint64_t>(ms), 0}; }

// 100 entries added (IDs 1..100); the group was delivered 1..40 (entries-read 40).
StreamInfo Stream(long long first, long long length, long long max_deleted) {
  StreamInfo s;
  s.entries_added = 100;
  s.length = length;
  s.last_generated = Id(100);
  s.max_deleted = Id(max_deleted);
  if (length > 0) s.first_entry = Id(first);
  return s;
}

GroupInfo Group(long long delivered, std::optional<long long> lag) {
  GroupInfo g;
  g.name = "pipeline";
  g.consumers = 2;
  g.pending = 5;
  g.last_delivered = Id(delivered);
  g.entries_read = delivered;
  g.lag = lag;
  return g;
}

TEST(ComputeGroup, UntrimmedStreamUsesRedisLag) {
  const GroupMetrics m = ComputeGroup(Stream(1, 100, 0), Group(40, 60));
  EXPECT_EQ(m.lag, 60);
  EXPECT_EQ(m.trimmed_unread, 0);
  EXPECT_EQ(m.pending, 5);
  EXPECT_EQ(m.consumers, 2);
}

TEST(ComputeGroup, TrimmedPastTheGroupCountsWhatItNeverGot) {
  // Retention kept 30 entries (71..100): 41..70 were trimmed before the group got them. Redis 7.0
  // reports a lag of 60 here, as if they were still there (XTRIM leaves max-deleted-entry-id 0).
  const GroupMetrics m = ComputeGroup(Stream(71, 30, 0), Group(40, 60));
  EXPECT_EQ(m.lag, 30);
  EXPECT_EQ(m.trimmed_unread, 30);
}

TEST(ComputeGroup, TrimmingOnlyWhatWasDeliveredLosesNothing) {
  const GroupMetrics m = ComputeGroup(Stream(31, 70, 0), Group(40, 60));
  EXPECT_EQ(m.trimmed_unread, 0);
  EXPECT_EQ(m.lag, 60);
}

TEST(ComputeGroup, UnknownEntriesReadIsStillAnAlert) {
  GroupInfo g = Group(40, std::nullopt);
  g.entries_read = std::nullopt;
  const GroupMetrics m = ComputeGroup(Stream(71, 30, 70), g);
  EXPECT_GE(m.trimmed_unread, 1);
}

TEST(ComputeGroup, EverythingTrimmedAndDelivered) {
  const GroupMetrics m = ComputeGroup(Stream(0, 0, 100), Group(100, 0));
  EXPECT_EQ(m.lag, 0);
  EXPECT_EQ(m.trimmed_unread, 0);
}

TEST(ComputeGroup, NoLagFromRedisUsesTheCount) {
  const StreamInfo s = Stream(1, 99, 50);  // entry 50 deleted with XDEL, not trimmed
  const GroupInfo g = Group(40, std::nullopt);
  EXPECT_TRUE(NeedsUnreadCount(s, g));
  EXPECT_EQ(ComputeGroup(s, g, 59).lag, 59);
  EXPECT_EQ(ComputeGroup(s, g, 59).trimmed_unread, 0);
}

}  // namespace
}  // namespace event_buffer::internal
