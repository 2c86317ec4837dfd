// Consumer: group creation, reads (own pending first), acknowledgements, XAUTOCLAIM.
#include "event_buffer/consumer.h"

#include <optional>
#include <stdexcept>

#include "entries.h"
#include "event_buffer/errors.h"
#include "redis_link.h"
#include "stream_state.h"

namespace event_buffer {

namespace client = redis_testkit::client;

Consumer::Consumer(client::ConnectionOptions connection, ConsumerOptions options)
    : options_(std::move(options)), key_(StreamKey(options_.topic)) {
  if (options_.group.empty() || options_.name.empty()) {
    throw std::invalid_argument("a consumer needs a group and a name (topic " + options_.topic +
                                ")");
  }
  if (options_.batch <= 0) {
    throw std::invalid_argument("consumer batch must be > 0 (got " +
                                std::to_string(options_.batch) + ")");
  }
  if (options_.block.count() < 0 || options_.claim_idle.count() < 0) {
    throw std::invalid_argument("consumer block and claim_idle must be >= 0 ms");
  }
  if (options_.block.count() > 0 && options_.block >= connection.command_timeout) {
    throw std::invalid_argument("consumer block (" + std::to_string(options_.block.count()) +
                                " ms) must be shorter than the command timeout (" +
                                std::to_string(connection.command_timeout.count()) + " ms)");
  }
  link_ = std::make_unique<internal::RedisLink>(
      std::move(connection),
      "consumer " + options_.name + " of group " + options_.group + " on topic " + options_.topic);
}

Consumer::~Consumer() = default;
Consumer::Consumer(Consumer&&) noexcept = default;
Consumer& Consumer::operator=(Consumer&&) noexcept = default;

bool Consumer::EnsureGroup() {
  try {
    link_->Command({"XGROUP", "CREATE", key_, options_.group, options_.start, "MKSTREAM"});
    return true;
  } catch (const BufferError& error) {
    if (std::string(error.what()).find("BUSYGROUP") != std::string::npos) return false;
    throw;
  }
}

std::vector<Entry> Consumer::ReadFrom(const std::string& id) {
  std::vector<std::string> args{"XREADGROUP",  "GROUP", options_.group,
                                options_.name, "COUNT", std::to_string(options_.batch)};
  if (id == ">" && options_.block.count() > 0) {
    args.insert(args.end(), {"BLOCK", std::to_string(options_.block.count())});
  }
  args.insert(args.end(), {"STREAMS", key_, id});
  const client::Reply reply = link_->Command(args);
  if (reply.IsNil()) return {};  // BLOCK timed out
  // [[key, entries]]
  return internal::ParseEntries(reply.AsArray().at(0).AsArray().at(1));
}

std::vector<Entry> Consumer::Read() {
  if (own_pending_first_) {
    std::vector<Entry> pending = ReadFrom("0");
    std::vector<Entry> live;
    std::vector<std::string> ghosts;
    for (Entry& entry : pending) {
      if (entry.fields.empty()) {
        ghosts.push_back(entry.id);
      } else {
        live.push_back(std::move(entry));
      }
    }
    if (!ghosts.empty()) {
      ghosts_ += Ack(ghosts);
    }
    if (!live.empty()) return live;
    if (ghosts.empty()) own_pending_first_ = false;  // nothing of its own left: new entries
    if (!ghosts.empty()) return Read();
  }
  return ReadFrom(">");
}

long long Consumer::Ack(const std::vector<std::string>& ids) {
  if (ids.empty()) return 0;
  std::vector<std::string> args{"XACK", key_, options_.group};
  args.insert(args.end(), ids.begin(), ids.end());
  return link_->Command(args).AsInteger();
}

std::vector<Entry> Consumer::Claim() {
  std::vector<Entry> claimed;
  std::string cursor = "0-0";
  do {
    const client::Reply reply =
        link_->Command({"XAUTOCLAIM", key_, options_.group, options_.name,
                        std::to_string(options_.claim_idle.count()), cursor, "COUNT",
                        std::to_string(options_.batch - static_cast<int>(claimed.size()))});
    const auto& parts = reply.AsArray();  // [next cursor, entries, deleted ids (7.0)]
    cursor = parts.at(0).AsString();
    for (Entry& entry : internal::ParseEntries(parts.at(1))) {
      if (!entry.fields.empty()) claimed.push_back(std::move(entry));
    }
  } while (cursor != "0-0" && static_cast<int>(claimed.size()) < options_.batch);
  return claimed;
}

long long Consumer::Pending() {
  const client::Reply reply = link_->Command({"XPENDING", key_, options_.group});
  return reply.AsArray().at(0).AsInteger();
}

long long Consumer::TrimConsumed() {
  const std::vector<internal::GroupInfo> groups =
      internal::ParseGroups(link_->Command({"XINFO", "GROUPS", key_}));
  if (groups.empty()) return 0;  // nobody reads: nothing is known to be consumed
  std::optional<StreamId> keep_from;
  for (const internal::GroupInfo& group : groups) {
    const client::Reply summary = link_->Command({"XPENDING", key_, group.name});
    StreamId needed{group.last_delivered.ms, group.last_delivered.seq + 1};
    if (summary.AsArray().at(0).AsInteger() > 0) {
      needed = StreamId::Parse(summary.AsArray().at(1).AsString());
    }
    if (!keep_from || needed < *keep_from) keep_from = needed;
  }
  return link_->Command({"XTRIM", key_, "MINID", keep_from->ToString()}).AsInteger();
}

}  // namespace event_buffer
