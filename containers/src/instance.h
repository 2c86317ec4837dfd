// One started (or found) Redis as a runtime sees it. RedisServer owns one and forwards to it; each
// runtime (container_runtime.cc, process_runtime.cc, external_runtime.cc) implements it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "process_identity.h"
#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/config.h"
#include "redis_testkit/containers/redis_server.h"

namespace redis_testkit::containers::internal {

class Instance {
 public:
  virtual ~Instance() = default;  // never stops the server: RedisServer decides

  virtual const client::Endpoint& endpoint() const = 0;
  virtual const std::string& name() const = 0;
  virtual Runtime runtime() const = 0;
  virtual bool owned() const { return true; }
  virtual long long container_memory_limit() const { return 0; }
  // A standalone server is one node, its own master; ClusterInstance overrides these.
  virtual Topology topology() const { return Topology::kStandalone; }
  virtual std::vector<client::Endpoint> nodes() const { return {endpoint()}; }
  virtual int master_count() const { return 1; }
  // std::nullopt while the server runs; once it is gone, what happened, e.g.
  // "container redis-testkit-42 exited with code 1".
  virtual std::optional<std::string> CheckExited() = 0;
  virtual std::string Logs(int last_lines) const = 0;  // never throws
  virtual void Stop() noexcept = 0;                    // idempotent

  // Server control (RedisServer::Kill, Shutdown, Relaunch, Pause, Resume): the server goes down
  // and comes back on the same port with the same data directory. Each call has a timeout and
  // throws std::runtime_error naming what failed; the defaults (an external server) throw
  // NotOwnedError.
  virtual void Kill();                                       // SIGKILL; the instance stays
  virtual void Shutdown(std::chrono::milliseconds timeout);  // SIGTERM, waits for the exit
  virtual void Launch();  // starts the stopped server again; does not wait for PING
  virtual void Pause();   // SIGSTOP / the engine's pause
  virtual void Resume();  // SIGCONT / the engine's unpause
  // Brings a paused or exited server back (Resume or Launch) without waiting for PING; a no-op
  // for a running one. For a pool slot a test process left paused or stopped.
  virtual void Revive();
};

// What every runtime's Start() gets.
struct LaunchRequest {
  ServerConfig config;
  std::string name;  // resolved: never empty
  bool detached = false;
  ProcessIdentity owner;
  bool owner_is_self = true;
  // A cluster node in a container: --network host, listening on the host's loopback on the host
  // port itself, so the addresses it announces are the host's (ContainerRuntime).
  bool host_network = false;
};

// Waits for PING from the server started as instance.name() (config.startup_timeout; another
// Redis on its port is refused); when it does not become ready, collects its last log lines,
// stops it and throws StartError.
void AwaitReadyOrThrow(Instance& instance, const ServerConfig& config,
                       std::chrono::milliseconds exit_check_interval);

// True when a start failed because another process held its port: redis-server could not bind
// it, or another Redis answered there. Worth another try on other ports.
bool PortWasTaken(const StartError& error);

// Stops the instance and throws StartError(problem, its last log lines).
[[noreturn]] void FailStart(Instance& instance, const std::string& problem);

// std::nullopt when the server's maxmemory and maxmemory-policy equal the config; otherwise what
// differs. Throws client errors when the server cannot be asked.
std::optional<std::string> CheckCap(const client::Endpoint& endpoint, const ServerConfig& config);

constexpr int kLogLinesOnFailure = 20;

}  // namespace redis_testkit::containers::internal
