// What the buffer throws. Every Redis failure is turned into one of these in one place
// (src/redis_link.cc), with the topic and the command named.
#pragma once

#include <stdexcept>
#include <string>

namespace event_buffer {

// Base of everything the buffer throws for a Redis failure.
class BufferError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  // True when the same call may succeed later unchanged (back-pressure, Redis unreachable).
  virtual bool retryable() const { return false; }
};

// Redis is full (OOM under noeviction): nothing of the call was written. Retry after the consumers
// caught up and retention trimmed the stream. This is the buffer's back-pressure.
class BackPressureError : public BufferError {
 public:
  using BufferError::BufferError;
  bool retryable() const override { return true; }
};

// Redis did not answer (connection refused or reset, timeout). The call may or may not have been
// applied: a retried append may store the event twice (consumers deduplicate by event ID if they
// must). The next call opens a new connection.
class UnavailableError : public BufferError {
 public:
  using BufferError::BufferError;
  bool retryable() const override { return true; }
};

}  // namespace event_buffer
