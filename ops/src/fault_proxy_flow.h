// One direction of a proxied connection (client -> Redis or Redis -> client): what was read and
// not yet written, each chunk with the time it is due (read time + latency, order kept), and a
// token bucket for the bandwidth cap. Bounded: reading stops while 1 MiB is queued.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>

namespace redis_testkit::ops::internal {

class ProxyFlow {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kMaxQueued = std::size_t{1} << 20;
  static constexpr std::size_t kReadSize = std::size_t{64} << 10;

  // What one direction does right now (taken from the faults in force).
  struct Rules {
    std::chrono::milliseconds latency{0};
    long long bytes_per_second = 0;  // 0: no cap
    bool discard = false;            // read and drop (blackhole, dropped replies)
  };
  // The counters this direction adds to (owned by the proxy).
  struct Tally {
    std::atomic<long long>* read = nullptr;
    std::atomic<long long>* written = nullptr;
    std::atomic<long long>* dropped = nullptr;
  };

  enum class Status { kOk, kEof, kError };

  explicit ProxyFlow(Tally tally) : tally_(tally) {}

  bool WantsRead() const { return queued_ < kMaxQueued; }
  // True when the head chunk is due and the bucket holds at least one byte.
  bool WantsWrite(Clock::time_point now, const Rules& rules);
  bool empty() const { return chunks_.empty(); }

  // One read from `fd` (non-blocking): queued with due time now + latency, or dropped.
  Status ReadFrom(int fd, Clock::time_point now, const Rules& rules);
  // Writes what is due and allowed to `fd` (non-blocking) until it would block; drops the queue
  // instead when `rules.discard`.
  Status WriteTo(int fd, Clock::time_point now, const Rules& rules);
  // When this direction next has something to write (a chunk falls due, the bucket refills);
  // nothing when it is empty or can write now.
  std::optional<Clock::time_point> NextWake(Clock::time_point now, const Rules& rules);

 private:
  struct Chunk {
    Clock::time_point due;
    std::string bytes;
    std::size_t offset = 0;
  };
  // Bytes the cap allows now (a large number without a cap).
  std::size_t Allowance(Clock::time_point now, long long bytes_per_second);
  void DropAll();

  Tally tally_;
  std::deque<Chunk> chunks_;
  std::size_t queued_ = 0;
  // Token bucket: `tokens_` bytes at `refilled_`, for the cap `rate_` (reset when it changes).
  long long rate_ = 0;
  double tokens_ = 0;
  Clock::time_point refilled_{};
};

}  // namespace redis_testkit::ops::internal
