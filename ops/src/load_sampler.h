// The server watcher of a load run (private): a thread with a connection of its own that reads
// INFO and LATENCY LATEST every interval while the load runs. A sample that cannot be read keeps
// the reason; the thread stops within one command timeout of Stop().
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/ops/load.h"

namespace redis_testkit::ops::internal {

class LoadSampler {
 public:
  // `connection` is already open (RunLoad opens it first: it is also the reachability check).
  LoadSampler(client::Connection connection, std::chrono::milliseconds interval,
              std::chrono::steady_clock::time_point start);
  ~LoadSampler();  // Stop()
  LoadSampler(const LoadSampler&) = delete;
  LoadSampler& operator=(const LoadSampler&) = delete;

  // Takes one last sample, stops the thread and returns every sample.
  std::vector<LoadSample> Stop();

  // One sample now (INFO + LATENCY LATEST) on `connection`; errors become sample.error.
  static LoadSample Take(client::Connection& connection, double at_s);

 private:
  void Loop();

  client::Connection connection_;
  std::chrono::milliseconds interval_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<LoadSample> samples_;
  std::thread thread_;
};

}  // namespace redis_testkit::ops::internal
