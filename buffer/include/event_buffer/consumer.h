// A consumer of a topic through a consumer group: reads (XREADGROUP), acknowledges (XACK), and
// claims entries another consumer left pending longer than claim_idle (XAUTOCLAIM). After a
// restart it first re-reads its own pending entries (ID 0), then new ones (">").
//
//   event_buffer::Consumer consumer({.endpoint = endpoint},
//                                   {.topic = "firehose", .group = "pipeline", .name =
//                                   "worker-1"});
//   consumer.EnsureGroup();
//   for (const auto& entry : consumer.Read()) { Process(entry); consumer.Ack({entry.id}); }
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "event_buffer/event.h"
#include "redis_testkit/client/connection.h"

namespace event_buffer {

namespace internal {
class RedisLink;
}

struct ConsumerOptions {
  std::string topic;
  std::string group;
  std::string name;  // the consumer's name within the group
  int batch = 100;   // entries per read or claim
  // How long a read waits for new entries; 0: it does not wait. Must be shorter than the
  // connection's command timeout.
  std::chrono::milliseconds block{0};
  // An entry pending longer than this on any consumer may be claimed by Claim().
  std::chrono::milliseconds claim_idle{30'000};
  // Where a new group starts: "0" (every entry in the stream) or "$" (only entries added later).
  std::string start = "0";
};

class Consumer {
 public:
  // Throws std::invalid_argument naming a bad option.
  Consumer(redis_testkit::client::ConnectionOptions connection, ConsumerOptions options);
  ~Consumer();
  Consumer(Consumer&&) noexcept;
  Consumer& operator=(Consumer&&) noexcept;

  // XGROUP CREATE buffer:<topic> <group> <start> MKSTREAM; an existing group is kept (its position
  // too). Returns true when it created the group.
  bool EnsureGroup();
  // Up to `batch` entries: first this consumer's own pending ones (delivered before, not yet
  // acknowledged, e.g. before a crash), then new ones. Entries trimmed while pending come back
  // without fields; they are acknowledged here and not returned (counted in ghosts()).
  std::vector<Entry> Read();
  // XACK; returns how many were pending and are now acknowledged.
  long long Ack(const std::vector<std::string>& ids);
  // XAUTOCLAIM: takes over up to `batch` entries pending on any consumer for at least claim_idle;
  // they are this consumer's from now on (also returned by Read() as its own pending).
  std::vector<Entry> Claim();
  // Entries of the group delivered and not acknowledged (XPENDING summary count).
  long long Pending();
  // Frees what every group of the topic is done with: XTRIM MINID to the oldest entry some group
  // still needs (its oldest pending entry, else the one after its last delivered entry). Returns
  // the entries trimmed. A buffer without retention calls it to make room again.
  long long TrimConsumed();

  const std::string& stream_key() const { return key_; }
  const ConsumerOptions& options() const { return options_; }
  long long ghosts() const { return ghosts_; }

 private:
  std::vector<Entry> ReadFrom(const std::string& id);

  std::unique_ptr<internal::RedisLink> link_;
  ConsumerOptions options_;
  std::string key_;
  bool own_pending_first_ = true;
  long long ghosts_ = 0;
};

}  // namespace event_buffer
