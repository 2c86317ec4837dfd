// One connection of a load run (private): a socket opened by hiredis (connect, AUTH, SELECT with
// timeouts), then driven without blocking by the run's loop: requests are appended to an output
// buffer and written as the socket takes them (pipelining when behind), replies are parsed by a
// hiredis redisReader and matched in order with the requests still in flight.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "redis_testkit/client/endpoint.h"

struct redisContext;
struct redisReader;

namespace redis_testkit::ops::internal {

// A request sent (or being sent) and not yet answered. Times are ns since the run's start.
struct InFlight {
  std::int64_t intended_ns = 0;  // when it was due
  std::int64_t actual_ns = -1;   // when its last byte went to the kernel (-1: not yet)
  std::uint64_t end_offset = 0;  // where it ends in the connection's output stream
};

class LoadConnection {
 public:
  // reply: the request it answers, and the error kind ("" for a normal reply, else the first
  // word of the error reply: "ERR", "WRONGTYPE", ...).
  using ReplyHandler = std::function<void(const InFlight&, std::string_view error_kind)>;

  LoadConnection() = default;
  ~LoadConnection();
  LoadConnection(const LoadConnection&) = delete;
  LoadConnection& operator=(const LoadConnection&) = delete;

  // Connects (and AUTH / SELECT) within `timeout_ms`; returns the reason on failure ("" when
  // open). Closes what was open first.
  std::string Open(const client::Endpoint& endpoint, long long timeout_ms);
  void Close();
  bool open() const { return fd_ >= 0; }
  int fd() const { return fd_; }

  // The output buffer to append one request's RESP to, then Queued() to account for it.
  std::string& output() { return out_; }
  void Queued(std::int64_t intended_ns);

  // Writes what the socket takes; stamps the requests fully written with `now_ns`. Returns the
  // number of requests stamped, or -1 on an I/O error (then Close() and FailAll()).
  int Flush(std::int64_t now_ns);
  bool WantsWrite() const { return written_ < out_base_ + out_.size(); }

  // Reads what has arrived and calls `handler` per reply. Returns false on EOF, an I/O error or
  // a protocol error (`why` says which).
  bool Read(const ReplyHandler& handler, std::string& why);

  // Hands every request in flight to `fail` and forgets them (before or after Close()).
  void FailAll(const std::function<void(const InFlight&)>& fail);

  std::size_t in_flight() const { return in_flight_.size(); }
  // The time the oldest request in flight started waiting: sent, else due.
  std::int64_t OldestSinceNs() const;

 private:
  redisContext* ctx_ = nullptr;  // owns the socket
  redisReader* reader_ = nullptr;
  int fd_ = -1;
  std::string out_;             // bytes not yet written start at written_ - out_base_
  std::uint64_t out_base_ = 0;  // stream offset of out_[0]
  std::uint64_t written_ = 0;   // stream offset written so far
  std::deque<InFlight> in_flight_;
  std::size_t unstamped_ = 0;  // index in in_flight_ of the first request not fully written
};

}  // namespace redis_testkit::ops::internal
