// Readiness: poll PING on the endpoint until it answers, the server is seen to have died, or the
// deadline passes (testcontainers' wait strategy: explicit timeout, short poll interval). A PONG
// proves only that some Redis listens: the identity check tells the kit's server from another that
// took its port between the pick and the bind (under ctest -j, another test's server).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/endpoint.h"

namespace redis_testkit::containers::internal {

struct ReadinessProbe {
  client::Endpoint endpoint;
  std::chrono::milliseconds timeout{15000};
  // Returns "exited with code N" once the server is gone, std::nullopt while it runs. May be
  // expensive (a podman call), so it runs at most every `exit_check_interval`.
  std::function<std::optional<std::string>()> check_exited;
  std::chrono::milliseconds exit_check_interval{200};
  // The name the server was started with (RedisListenOptions::identity); empty: any PONG will do
  // (an external server).
  std::string identity;
  bool fixed_port = false;  // the port is REDIS_TESTKIT_PORT's: the problem says to change it
};

struct Readiness {
  bool ready = false;
  bool exited = false;
  bool foreign = false;  // another Redis answers on the endpoint: the port was taken first
  // Not ready: "Redis did not answer PING within 500 ms on 127.0.0.1:PORT (last attempt: ...)"
  // or the server's exit, e.g. "exited with code 1".
  std::string problem;
  std::chrono::milliseconds waited{0};
};

Readiness WaitUntilReady(const ReadinessProbe& probe);

// How NotTheServerStarted's answer begins.
inline constexpr std::string_view kAnotherRedisAnswers = "another Redis answers on ";

// std::nullopt when the Redis on `connection` is the one started as `identity`, else what it is
// instead ("another Redis answers on HOST:PORT ..."). Throws client::Error when it cannot ask.
std::optional<std::string> NotTheServerStarted(client::Connection& connection,
                                               const std::string& identity);

}  // namespace redis_testkit::containers::internal
