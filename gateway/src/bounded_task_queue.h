// A fixed number of worker threads with a bounded backlog: TryEnqueue refuses a job when the
// backlog is full (the HTTP front then answers 503 at once instead of queueing without limit).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace signal_gateway {

class BoundedTaskQueue {
 public:
  BoundedTaskQueue(std::size_t threads, std::size_t max_queued);
  ~BoundedTaskQueue();  // Shutdown()
  BoundedTaskQueue(const BoundedTaskQueue&) = delete;
  BoundedTaskQueue& operator=(const BoundedTaskQueue&) = delete;

  // False (and `fn` is not run) when max_queued jobs already wait or the queue is shut down.
  bool TryEnqueue(std::function<void()> fn);
  void Shutdown();  // runs what is queued, then joins the workers; idempotent

 private:
  void Work();

  std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::deque<std::function<void()>> jobs_;  // guarded by mutex_
  bool shutdown_ = false;                   // guarded by mutex_
  std::vector<std::thread> workers_;
};

}  // namespace signal_gateway
