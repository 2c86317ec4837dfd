// XINFO parsing and the lag / trimmed-before-read arithmetic.
#include "stream_state.h"

#include <algorithm>
#include <map>

#include "event_buffer/errors.h"

namespace event_buffer::internal {

namespace client = redis_testkit::client;

namespace {

std::map<std::string, const client::Reply*> Fields(const client::Reply& reply) {
  if (reply.type() != client::Reply::Type::kArray) {
    throw BufferError("unexpected XINFO reply: " + reply.ToString());
  }
  std::map<std::string, const client::Reply*> fields;
  const auto& flat = reply.AsArray();
  for (std::size_t i = 0; i + 1 < flat.size(); i += 2) fields[flat[i].AsString()] = &flat[i + 1];
  return fields;
}

const client::Reply& At(const std::map<std::string, const client::Reply*>& fields,
                        const std::string& name) {
  const auto it = fields.find(name);
  if (it == fields.end()) throw BufferError("XINFO reply without \"" + name + "\" (Redis >= 7.0?)");
  return *it->second;
}

std::optional<long long> OptionalInteger(const client::Reply& reply) {
  if (reply.IsNil()) return std::nullopt;
  return reply.AsInteger();
}

}  // namespace

StreamInfo ParseStreamInfo(const client::Reply& reply) {
  const auto fields = Fields(reply);
  StreamInfo info;
  info.length = At(fields, "length").AsInteger();
  info.entries_added = At(fields, "entries-added").AsInteger();
  info.last_generated = StreamId::Parse(At(fields, "last-generated-id").AsString());
  info.max_deleted = StreamId::Parse(At(fields, "max-deleted-entry-id").AsString());
  const client::Reply& first = At(fields, "first-entry");
  if (!first.IsNil()) info.first_entry = StreamId::Parse(first.AsArray().at(0).AsString());
  return info;
}

std::vector<GroupInfo> ParseGroups(const client::Reply& reply) {
  std::vector<GroupInfo> groups;
  for (const client::Reply& group : reply.AsArray()) {
    const auto fields = Fields(group);
    GroupInfo info;
    info.name = At(fields, "name").AsString();
    info.consumers = At(fields, "consumers").AsInteger();
    info.pending = At(fields, "pending").AsInteger();
    info.last_delivered = StreamId::Parse(At(fields, "last-delivered-id").AsString());
    info.entries_read = OptionalInteger(At(fields, "entries-read"));
    info.lag = OptionalInteger(At(fields, "lag"));
    groups.push_back(std::move(info));
  }
  return groups;
}

namespace {

// Retention trimmed entries the group never got: the group's position is before the first entry
// left (or the stream is empty), and entries were added after that position that the group was
// never delivered. XTRIM does not move max-deleted-entry-id on Redis 7.0 (only XDEL does), so the
// count comes from entries-added - entries-read - length; when Redis no longer knows entries-read,
// from max-deleted-entry-id.
bool TrimmedPastGroup(const StreamInfo& stream, const GroupInfo& group) {
  const bool behind_first = !stream.first_entry || *stream.first_entry > group.last_delivered;
  if (!behind_first || stream.last_generated <= group.last_delivered) return false;
  if (group.entries_read) return stream.entries_added - *group.entries_read - stream.length > 0;
  return stream.max_deleted > group.last_delivered;
}

}  // namespace

bool NeedsUnreadCount(const StreamInfo& stream, const GroupInfo& group) {
  return group.last_delivered < stream.last_generated && !TrimmedPastGroup(stream, group) &&
         !group.lag;
}

GroupMetrics ComputeGroup(const StreamInfo& stream, const GroupInfo& group,
                          std::optional<long long> unread_counted) {
  GroupMetrics out;
  out.group = group.name;
  out.consumers = group.consumers;
  out.pending = group.pending;
  out.last_delivered_id = group.last_delivered.ToString();
  if (group.last_delivered >= stream.last_generated) return out;  // delivered everything
  if (TrimmedPastGroup(stream, group)) {
    out.lag = stream.length;  // everything left is after the group's position
    const long long never_delivered =
        group.entries_read ? stream.entries_added - *group.entries_read - stream.length : 1;
    out.trimmed_unread = std::max<long long>(never_delivered, 1);
    return out;
  }
  out.lag = group.lag ? *group.lag : unread_counted.value_or(0);
  return out;
}

}  // namespace event_buffer::internal
