// The buffer's monitoring: one scrape reads INFO, TIME and XINFO of every topic in one round trip
// and returns BufferMetrics (ToPrometheus() for a /metrics endpoint, EvaluateAlerts()).
//
//   event_buffer::Monitor monitor({.endpoint = endpoint}, {.topics = {"firehose"}});
//   std::cout << monitor.Scrape().ToPrometheus();
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "event_buffer/metrics.h"
#include "redis_testkit/client/connection.h"

namespace event_buffer {

namespace internal {
class RedisLink;
}

struct MonitorOptions {
  std::vector<std::string> topics;
  AlertThresholds thresholds;
};

class Monitor {
 public:
  // Reads the server's eviction and OOM counters as the baseline of its counters. Throws
  // std::invalid_argument for a bad topic, UnavailableError when Redis cannot be read.
  Monitor(redis_testkit::client::ConnectionOptions connection, MonitorOptions options);
  ~Monitor();
  Monitor(Monitor&&) noexcept;
  Monitor& operator=(Monitor&&) noexcept;

  BufferMetrics Scrape();

 private:
  std::unique_ptr<internal::RedisLink> link_;
  MonitorOptions options_;
  long long evicted_baseline_ = 0;
  long long oom_baseline_ = 0;
};

}  // namespace event_buffer
