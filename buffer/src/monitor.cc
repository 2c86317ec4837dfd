// Monitor: one pipelined round trip (INFO, TIME, XINFO STREAM/GROUPS per topic) per scrape.
#include "event_buffer/monitor.h"

#include "event_buffer/errors.h"
#include "event_buffer/event.h"
#include "redis_link.h"
#include "redis_testkit/client/info.h"
#include "stream_state.h"

namespace event_buffer {

namespace client = redis_testkit::client;

namespace {

long long Counter(const client::Info& info, const char* field) {
  const auto value = info.Get(field);
  return value ? std::stoll(*value) : 0;
}

// XINFO of a key that does not exist yet: an empty stream without groups.
bool NoSuchKey(const client::Reply& reply) {
  return reply.IsError() && reply.AsString().find("no such key") != std::string::npos;
}

void ThrowIfError(const client::Reply& reply, const std::string& where) {
  if (reply.IsError()) throw BufferError(where + ": " + reply.AsString());
}

}  // namespace

Monitor::Monitor(client::ConnectionOptions connection, MonitorOptions options)
    : options_(std::move(options)) {
  for (const std::string& topic : options_.topics) StreamKey(topic);  // validates
  link_ = std::make_unique<internal::RedisLink>(std::move(connection), "buffer monitor");
  const client::Info info = client::ParseInfo(link_->Command({"INFO", "stats"}).AsString() +
                                              link_->Command({"INFO", "errorstats"}).AsString());
  evicted_baseline_ = Counter(info, "evicted_keys");
  oom_baseline_ = info.OomRejections();
}

Monitor::~Monitor() = default;
Monitor::Monitor(Monitor&&) noexcept = default;
Monitor& Monitor::operator=(Monitor&&) noexcept = default;

BufferMetrics Monitor::Scrape() {
  std::vector<std::vector<std::string>> commands{
      {"INFO", "memory"}, {"INFO", "stats"}, {"INFO", "errorstats"}, {"TIME"}};
  for (const std::string& topic : options_.topics) {
    commands.push_back({"XINFO", "STREAM", StreamKey(topic)});
    commands.push_back({"XINFO", "GROUPS", StreamKey(topic)});
  }
  const std::vector<client::Reply> replies = link_->Pipeline(commands);
  for (std::size_t i = 0; i < 4; ++i) ThrowIfError(replies[i], link_->Where());
  const client::Info info =
      client::ParseInfo(replies[0].AsString() + replies[1].AsString() + replies[2].AsString());
  BufferMetrics metrics;
  metrics.thresholds = options_.thresholds;
  metrics.used_memory = info.memory.used_memory;
  metrics.maxmemory = info.memory.maxmemory;
  metrics.evicted_keys = Counter(info, "evicted_keys") - evicted_baseline_;
  metrics.oom_rejections = info.OomRejections() - oom_baseline_;
  const auto& time = replies[3].AsArray();
  const double now_ms = static_cast<double>(std::stoll(time.at(0).AsString())) * 1000.0 +
                        static_cast<double>(std::stoll(time.at(1).AsString())) / 1000.0;

  for (std::size_t t = 0; t < options_.topics.size(); ++t) {
    StreamMetrics stream;
    stream.topic = options_.topics[t];
    stream.key = StreamKey(stream.topic);
    const client::Reply& xinfo = replies[4 + 2 * t];
    const client::Reply& xgroups = replies[5 + 2 * t];
    if (NoSuchKey(xinfo)) {
      metrics.streams.push_back(std::move(stream));
      continue;
    }
    ThrowIfError(xinfo, link_->Where());
    ThrowIfError(xgroups, link_->Where());
    const internal::StreamInfo info_stream = internal::ParseStreamInfo(xinfo);
    stream.length = info_stream.length;
    stream.entries_added = info_stream.entries_added;
    if (info_stream.first_entry) {
      const double age_ms = now_ms - static_cast<double>(info_stream.first_entry->ms);
      stream.oldest_age_seconds = age_ms > 0 ? age_ms / 1000.0 : 0.0;
    }
    for (const internal::GroupInfo& group : internal::ParseGroups(xgroups)) {
      std::optional<long long> unread;
      if (internal::NeedsUnreadCount(info_stream, group)) {
        // Redis gave no lag (entries deleted inside the stream): count what is after the group.
        unread = static_cast<long long>(
            link_->Command({"XRANGE", stream.key, "(" + group.last_delivered.ToString(), "+"})
                .AsArray()
                .size());
      }
      stream.groups.push_back(internal::ComputeGroup(info_stream, group, unread));
    }
    metrics.streams.push_back(std::move(stream));
  }
  return metrics;
}

}  // namespace event_buffer
