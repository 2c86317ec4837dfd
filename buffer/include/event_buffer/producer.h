// The producer: appends events to a topic's stream (XADD with an automatic ID), trimming by the
// topic's retention in the same command. A full Redis is back-pressure: BackPressureError, nothing
// of the call written, retry later. A batch is one MULTI/EXEC: all of it or none of it.
//
//   event_buffer::Producer producer({.endpoint = endpoint}, {.topic = "firehose",
//                                   .retention = event_buffer::Retention::MaxLen(2'700'000)});
//   std::string id = producer.Append({{"did", "did:plc:42"}, {"body", json}});
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "event_buffer/event.h"
#include "event_buffer/retention.h"
#include "redis_testkit/client/connection.h"

namespace event_buffer {

namespace internal {
class RedisLink;
}

struct ProducerOptions {
  std::string topic;
  Retention retention;
};

class Producer {
 public:
  // Throws std::invalid_argument for a bad topic or retention. Connects on the first append.
  Producer(redis_testkit::client::ConnectionOptions connection, ProducerOptions options);
  ~Producer();
  Producer(Producer&&) noexcept;
  Producer& operator=(Producer&&) noexcept;

  // XADD buffer:<topic> [MAXLEN|MINID ~ x] * field value ...; returns the entry's ID.
  // Throws BackPressureError (OOM: not written), UnavailableError (may have been written),
  // std::invalid_argument (no fields).
  std::string Append(const Fields& event);
  // The events in one MULTI/EXEC round trip: every ID in order, or an exception and none written.
  std::vector<std::string> AppendBatch(const std::vector<Fields>& events);

  const std::string& stream_key() const { return key_; }
  long long appended() const { return appended_; }            // events acknowledged by Redis
  long long back_pressure() const { return back_pressure_; }  // calls refused with OOM

 private:
  std::vector<std::string> XaddArgs(const Fields& event) const;

  std::unique_ptr<internal::RedisLink> link_;
  ProducerOptions options_;
  std::string key_;
  long long appended_ = 0;
  long long back_pressure_ = 0;
};

}  // namespace event_buffer
