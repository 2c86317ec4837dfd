// What XINFO STREAM and XINFO GROUPS say, and the monitor's arithmetic on it (pure functions, unit
// tested without a server).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "event_buffer/metrics.h"
#include "event_buffer/stream_id.h"
#include "redis_testkit/client/reply.h"

namespace event_buffer::internal {

struct StreamInfo {
  long long length = 0;
  long long entries_added = 0;
  StreamId last_generated;
  StreamId max_deleted;
  std::optional<StreamId> first_entry;  // none when empty
};

struct GroupInfo {
  std::string name;
  long long consumers = 0;
  long long pending = 0;
  StreamId last_delivered;
  std::optional<long long> entries_read;  // nil when Redis cannot tell
  std::optional<long long> lag;           // nil when Redis cannot tell
};

// XINFO STREAM / XINFO GROUPS replies (flat key-value arrays). Throw BufferError on other shapes.
StreamInfo ParseStreamInfo(const redis_testkit::client::Reply& reply);
std::vector<GroupInfo> ParseGroups(const redis_testkit::client::Reply& reply);

// The group's figures. Trimmed before read: when the group's last delivered ID is older than the
// first entry left, the entries it never got are entries-added - entries-read - length (Redis
// 7.0's lag counts them as if they were still there); at least 1 when Redis no longer knows
// entries-read but max-deleted-entry-id is after the group's position.
// `unread_counted` is the number of entries after last_delivered when the caller counted them
// (needed only when Redis reports no lag and nothing was trimmed).
GroupMetrics ComputeGroup(const StreamInfo& stream, const GroupInfo& group,
                          std::optional<long long> unread_counted = std::nullopt);
// True when ComputeGroup needs unread_counted (Redis gave no lag, nothing trimmed unread).
bool NeedsUnreadCount(const StreamInfo& stream, const GroupInfo& group);

}  // namespace event_buffer::internal
