// After a restart: Redis answers PING only once it has loaded its data set (-LOADING before), and
// INFO persistence says loading:1 meanwhile. Server control waits for both, with a deadline.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "redis_testkit/client/endpoint.h"

namespace redis_testkit::containers::internal {

struct LoadingProbe {
  client::Endpoint endpoint;
  std::chrono::milliseconds timeout{15000};
  // Returns what happened once the server is gone, std::nullopt while it runs (checked at most
  // every exit_check_interval: it may be an engine call).
  std::function<std::optional<std::string>()> check_exited;
  std::chrono::milliseconds exit_check_interval{250};
  // The name the server was started with; empty: any server will do. While a killed server was
  // down, another one may have taken its port.
  std::string identity;
};

// Polls INFO persistence and PING until loading:0 and PONG; returns how long it waited. Throws
// std::runtime_error naming the endpoint, the last answer and the timeout when the deadline
// passes, the exit when the server died while loading, or the other Redis found on its port.
std::chrono::milliseconds WaitUntilLoaded(const LoadingProbe& probe);

// True when INFO persistence text says loading:0 (false for loading:1 or no loading field).
bool LoadingDone(const std::string& info_persistence);

}  // namespace redis_testkit::containers::internal
