// A cpp-httplib TaskQueue with a fixed number of workers and a bounded backlog: when the backlog is
// full, the accepting thread waits (the kernel's listen queue then pushes back on clients) instead
// of queueing connections without limit as httplib's default ThreadPool does.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace signal_gateway {

class BoundedTaskQueue final : public httplib::TaskQueue {
 public:
  BoundedTaskQueue(std::size_t threads, std::size_t max_queued);
  ~BoundedTaskQueue() override;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;  // runs what is queued, then joins the workers

 private:
  void Work();

  std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<std::function<void()>> jobs_;  // guarded by mutex_
  bool shutdown_ = false;                   // guarded by mutex_
  std::vector<std::thread> workers_;
};

}  // namespace signal_gateway
