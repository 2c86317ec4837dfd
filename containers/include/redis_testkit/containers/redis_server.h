// A real, memory-capped Redis for tests, in the shape of testcontainers: a config in, a started and
// ready server out, its endpoint, its logs, and a Stop() that is idempotent and also runs in the
// destructor.
//
//   auto server = redis_testkit::containers::RedisServer::Start(config.server);
//   redis_testkit::client::Connection connection({server.endpoint()});
//
// Runtimes: podman and docker (one code path, the binary differs), process (redis-server on PATH),
// external (REDIS_TESTKIT_URL). Runtime::kAuto picks podman when `podman info` answers, else docker
// when `docker info` answers, else process; runtime_reason() says why.
//
// Crash safety: when the owner process dies - even by SIGKILL - its servers are gone within ~1 s
// (a detached watchdog removes the container; a process server gets PR_SET_PDEATHSIG or the same
// watchdog), and every Start() sweeps instances whose owner no longer exists. One caveat: the
// process runtime's death signal follows the *thread* that called Start(), so start servers from
// a thread that lives as long as they should (gtest's main thread does).
//
// Thread safety: distinct RedisServer objects may be used from different threads; one object is
// not synchronised.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/config.h"

namespace redis_testkit::containers {

namespace internal {
class Instance;
}

struct StartOptions {
  // For the CLI: the server outlives this process - no watchdog, no death signal, never swept,
  // and the handle's destructor leaves it running (Stop() still stops it).
  bool detached = false;
  // The process whose death removes the server; default: this process. The CLI's `pool up` passes
  // the ctest process (its parent).
  std::optional<pid_t> owner;
};

// Start failed. what() is the whole story: the runtime's own message (e.g. podman's stderr and
// exit code), what to do about it, and the server's last log lines when there are any.
class StartError : public std::runtime_error {
 public:
  StartError(const std::string& problem, std::string server_logs);
  const std::string& problem() const { return problem_; }
  const std::string& server_logs() const { return server_logs_; }

 private:
  std::string problem_;
  std::string server_logs_;
};

// Server control on a server the kit does not own (an external one, REDIS_TESTKIT_URL): what()
// says so and how to get one the kit owns.
class NotOwnedError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

class RedisServer {
 public:
  // Starts Redis and returns once it answers PING and its maxmemory equals config.maxmemory_bytes.
  // The PING wait has config.startup_timeout as deadline (runtime commands such as `podman run`
  // have their own timeouts). Throws ConfigError for an invalid config (naming the variable) and
  // StartError for everything else (file-system and system-call failures included; only
  // std::bad_alloc passes through as itself).
  static RedisServer Start(const ServerConfig& config, StartOptions options = {});

  // An instance started earlier under config.name (a detached one, e.g. by `redis-testkit start`),
  // looked up among process-runtime records and, unless config.runtime says otherwise, the
  // container engine. The handle behaves as detached: destroying it leaves the server running.
  // std::nullopt when there is none. Throws ConfigError when config.name is empty.
  static std::optional<RedisServer> Find(const ServerConfig& config);

  RedisServer(RedisServer&& other) noexcept;
  RedisServer& operator=(RedisServer&& other) noexcept;
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;
  ~RedisServer();  // Stop(), unless detached

  const client::Endpoint& endpoint() const;
  Runtime runtime() const;  // resolved: never kAuto
  // Why this runtime: "podman: `podman info` answered", "process: no container engine (podman: not
  // installed; docker: client only, no engine)", "configured: REDIS_TESTKIT_RUNTIME=process", ...
  const std::string& runtime_reason() const { return runtime_reason_; }
  bool owned() const;  // false for an external server (never flushed with FLUSHALL, never stopped)
  // REDIS_TESTKIT_TOPOLOGY=cluster: Start() started masters * (1 + replicas) nodes (each a
  // process or container of its own, named "<name>.node-<i>", each with the memory cap), formed
  // a Redis Cluster and returned once every node said cluster_state:ok. endpoint() is the first
  // node (on the configured port when there is one). Find() finds a cluster by its name too.
  Topology topology() const;
  // Every node: the masters as started (in slot order), then the replicas (replica i follows
  // master i % masters). One entry, endpoint(), for a standalone server.
  std::vector<client::Endpoint> nodes() const;
  // The first nodes(): the masters as started (a failover may have promoted a replica since;
  // ask CLUSTER NODES for the current roles). endpoint() alone for a standalone server.
  std::vector<client::Endpoint> masters() const;
  bool detached() const { return detached_; }
  const std::string& name() const;  // container / instance name; the redacted URL for external
  // cgroup memory limit of a container (ServerConfig::ContainerMemoryLimit()), 0 when none.
  long long container_memory_limit() const;
  // False once the server has exited (e.g. a Find() result for a stopped container).
  bool IsRunning() const;
  // The server's last `last_lines` log lines (empty for an external server); never throws.
  std::string Logs(int last_lines = 50) const;
  // Stops and removes the server (container, process, files, watchdog). Idempotent, never throws;
  // a no-op for an external server.
  void Stop() noexcept;
  // Lets go of the server without stopping it: it runs on until its owner dies (the watchdog
  // removes it) or someone stops it through Find(). ServerPool::Up uses this for servers owned by
  // the ctest process. The handle is empty afterwards (only destruction and assignment are valid).
  void Release() noexcept;
  // Checks that the running server's maxmemory and maxmemory-policy equal `config` (every node's,
  // on a cluster): std::nullopt when they do, else what differs (naming the node). Throws
  // client::Error when the server cannot be asked.
  std::optional<std::string> CheckCap(const ServerConfig& config) const;
  std::chrono::milliseconds startup_time() const { return startup_time_; }

  // Server control (redis_testkit::Server() in a test; crash-recovery trials). On a cluster,
  // Pause, Resume and Revive act on every node, and Kill, Shutdown and Relaunch throw
  // std::logic_error (the whole cluster down is not a cluster test; take one node down with
  // SHUTDOWN NOSAVE on a connection to it from nodes(), Revive() brings it back). The server goes
  // down and comes back on the same port with the same data directory: REDIS_TESTKIT_PERSISTENCE
  // decides what is in it. Every call is bounded by `timeout`; each throws NotOwnedError for an
  // external server and std::runtime_error when the runtime fails or the wait times out.
  //
  // SIGKILL (podman/docker kill -s KILL); returns once the server is gone. A no-op when it is.
  void Kill();
  // Graceful: SIGTERM (podman/docker stop); Redis writes what it persists and exits.
  void Shutdown(std::chrono::milliseconds timeout);
  // Starts the server Kill()/Shutdown() took down (or that died) and returns once INFO
  // persistence says loading:0 and PING answers: the recovery time, start to PONG.
  std::chrono::milliseconds Relaunch(std::chrono::milliseconds timeout);
  void Pause();   // SIGSTOP (podman/docker pause): connections stay open, nothing is answered
  void Resume();  // SIGCONT (podman/docker unpause)
  // Whatever state it was left in (paused, killed, stopped), brings the server back and waits as
  // Relaunch() does; a running server costs one look. Returns the wait.
  std::chrono::milliseconds Revive(std::chrono::milliseconds timeout);

 private:
  RedisServer(std::unique_ptr<internal::Instance> instance, std::string runtime_reason,
              bool detached);

  std::unique_ptr<internal::Instance> instance_;
  std::string runtime_reason_;
  bool detached_ = false;
  std::chrono::milliseconds startup_time_{0};
};

}  // namespace redis_testkit::containers
