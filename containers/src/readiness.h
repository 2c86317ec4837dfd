// Readiness: poll PING on the endpoint until it answers, the server is seen to have died, or the
// deadline passes (testcontainers' wait strategy: explicit timeout, short poll interval).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "redis_testkit/client/endpoint.h"

namespace redis_testkit::containers::internal {

struct ReadinessProbe {
  client::Endpoint endpoint;
  std::chrono::milliseconds timeout{15000};
  // Returns "exited with code N" once the server is gone, std::nullopt while it runs. May be
  // expensive (a podman call), so it runs at most every `exit_check_interval`.
  std::function<std::optional<std::string>()> check_exited;
  std::chrono::milliseconds exit_check_interval{200};
};

struct Readiness {
  bool ready = false;
  bool exited = false;
  // Not ready: "Redis did not answer PING within 500 ms on 127.0.0.1:PORT (last attempt: ...)"
  // or the server's exit, e.g. "exited with code 1".
  std::string problem;
  std::chrono::milliseconds waited{0};
};

Readiness WaitUntilReady(const ReadinessProbe& probe);

}  // namespace redis_testkit::containers::internal
