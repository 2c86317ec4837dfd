// What every buffer scenario shares: the fixture (the buffer's stream keys allowlisted, with the
// reason), the seeds' event layout, connection options to the kit's server, and producing /
// draining helpers that keep count of what was acknowledged and delivered.
#pragma once

#include <redis_testkit/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "event_buffer/consumer.h"
#include "event_buffer/event.h"
#include "event_buffer/producer.h"

namespace buffer_scenarios {

// One firehose event as the seeds describe it: ~500 bytes (seq, did, kind, a 440-byte body).
event_buffer::Fields Event(long long seq, std::size_t body_bytes = 440);
// The "seq" field of an entry (-1 when it has none).
long long SeqOf(const event_buffer::Entry& entry);

// Options for a connection to the kit's server (or to `endpoint`, e.g. a FaultProxy's).
redis_testkit::client::ConnectionOptions Options(
    std::chrono::milliseconds command_timeout = std::chrono::milliseconds(2000));
redis_testkit::client::ConnectionOptions Options(const redis_testkit::client::Endpoint& endpoint,
                                                 std::chrono::milliseconds command_timeout);

event_buffer::ConsumerOptions ConsumerNamed(const std::string& topic, const std::string& name,
                                            int batch = 100);

// Reads (and acknowledges) until a read returns nothing; seq -> times delivered.
std::map<long long, int> Drain(event_buffer::Consumer& consumer);

// Appends with retries on retryable errors (UnavailableError, BackPressureError) until `deadline`;
// returns the number of attempts. Throws the last error when the deadline passes.
int AppendWithRetry(event_buffer::Producer& producer, const event_buffer::Fields& event,
                    std::chrono::milliseconds deadline = std::chrono::seconds(10));

// A raw INFO field of the kit's server, as a number (0 when absent).
long long InfoField(const std::string& section, const std::string& field);

// The buffer's streams are meant to live without a TTL (retention trims them); they are the only
// keys it writes. Every scenario allowlists them, so any other key without a TTL still fails.
class BufferScenario : public ::testing::Test {
 protected:
  void SetUp() override;
};

}  // namespace buffer_scenarios
