// Per-source-IP fixed-window rate limiting, kept in Redis (gateway:rate:<ip>, TTL = the window).
//
// Why Redis and not process memory: several gateway replicas behind one Service must share one
// budget per sender (in-process counters would multiply the allowed rate by the replica count and
// reset on every restart), and the gateway already needs Redis for every signal, so this costs one
// small round trip and no new failure mode: when Redis is down the request gets 503 either way.
// The counter is created and given its TTL by one tiny script, so it can never live forever.
#pragma once

#include <chrono>
#include <memory>
#include <string_view>

#include "signal_gateway/connection_pool.h"

namespace signal_gateway {

class ScriptRunner;

struct RateDecision {
  bool allowed = true;
  long long count = 0;                    // requests seen in the current window, this one included
  std::chrono::milliseconds reset_in{0};  // time left in the window
  // Whole seconds to wait, rounded up (>= 1): the Retry-After header of a 429.
  long long RetryAfterSeconds() const;
};

class RateLimiter {
 public:
  // limit <= 0 disables limiting (Check always allows, no Redis call). `pool` must outlive this.
  RateLimiter(ConnectionPool& pool, int limit, std::chrono::milliseconds window);
  ~RateLimiter();

  // Counts one request from `remote_ip`. Throws redis_testkit::client errors like SignalStore.
  RateDecision Check(std::string_view remote_ip);

  int limit() const { return limit_; }
  std::chrono::milliseconds window() const { return window_; }

 private:
  ConnectionPool& pool_;
  int limit_;
  std::chrono::milliseconds window_;
  std::unique_ptr<ScriptRunner> script_;
};

}  // namespace signal_gateway
