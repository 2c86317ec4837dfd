#include "bounded_task_queue.h"

namespace signal_gateway {

BoundedTaskQueue::BoundedTaskQueue(std::size_t threads, std::size_t max_queued)
    : max_queued_(max_queued == 0 ? 1 : max_queued) {
  if (threads == 0) threads = 1;
  workers_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
}

BoundedTaskQueue::~BoundedTaskQueue() { Shutdown(); }

bool BoundedTaskQueue::TryEnqueue(std::function<void()> fn) {
  {
    std::lock_guard lock(mutex_);
    if (shutdown_ || jobs_.size() >= max_queued_) return false;
    jobs_.push_back(std::move(fn));
  }
  not_empty_.notify_one();
  return true;
}

void BoundedTaskQueue::Shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (shutdown_ && workers_.empty()) return;
    shutdown_ = true;
  }
  not_empty_.notify_all();
  for (std::thread& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
  workers_.clear();
}

void BoundedTaskQueue::Work() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      not_empty_.wait(lock, [this] { return shutdown_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // shutting down and drained
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

}  // namespace signal_gateway
