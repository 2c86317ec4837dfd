// The hand-over between the test thread and the fault proxy's thread: the faults in force, the
// one-shot requests (reset every connection, stop), and the counters. A change is synchronous:
// Change() returns once the proxy's thread has taken it (and done the reset), so the command the
// test sends next is already subject to it. Nothing waits without a deadline.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "redis_testkit/ops/fault_proxy.h"

namespace redis_testkit::ops::internal {

// The faults in force; the default is a clean pass-through.
struct Faults {
  std::chrono::milliseconds latency_to_server{0};
  std::chrono::milliseconds latency_to_client{0};
  long long bandwidth_to_server = 0;  // bytes per second; 0: no cap
  long long bandwidth_to_client = 0;
  bool blackhole = false;
  bool drop_replies = false;
};

// Updated by the proxy's thread, read by any thread.
struct ProxyCounters {
  std::atomic<long long> connections_accepted{0};
  std::atomic<long long> connections_open{0};
  std::atomic<long long> connections_reset{0};
  std::atomic<long long> bytes_from_client{0};
  std::atomic<long long> bytes_to_server{0};
  std::atomic<long long> bytes_from_server{0};
  std::atomic<long long> bytes_to_client{0};
  std::atomic<long long> bytes_dropped{0};

  FaultProxyCounters Read() const;
};

class FaultControl {
 public:
  // `wake_fd`: the eventfd the proxy's thread polls (not owned).
  explicit FaultControl(int wake_fd) : wake_fd_(wake_fd) {}

  // Test thread: applies `change` to the faults (and asks for a reset of every connection when
  // `reset`), wakes the proxy's thread and waits until it took the change. Throws
  // std::runtime_error when the thread has stopped or does not answer within 5 s.
  void Change(const std::function<void(Faults&)>& change, bool reset = false);
  // Asks the thread to stop (does not wait: join it).
  void RequestStop();

  // Proxy's thread: what is in force now, and the one-shot requests since the last Take().
  struct Taken {
    Faults faults;
    bool reset = false;
    bool stop = false;
    std::uint64_t generation = 0;
  };
  Taken Take();
  // Proxy's thread: every change up to `generation` is in force (Change() may return).
  void Acknowledge(std::uint64_t generation);
  // Proxy's thread: it ended (error or stop); pending and later Change() calls throw `reason`.
  void MarkStopped(const std::string& reason);

 private:
  int wake_fd_;
  std::mutex mutex_;
  std::condition_variable acknowledged_;
  Faults faults_;
  bool reset_ = false;
  bool stop_ = false;
  bool stopped_ = false;
  std::string stopped_reason_;
  std::uint64_t requested_ = 0;
  std::uint64_t applied_ = 0;
};

}  // namespace redis_testkit::ops::internal
