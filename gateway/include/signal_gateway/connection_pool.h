// A bounded pool of Redis sessions (redis_session.h: one server, or a Redis Cluster; a hiredis
// connection is not thread-safe: one thread uses a session at a time). Sessions are opened lazily
// up to `max_connections`; a session that failed with an I/O error (refused, reset, timed out) is
// closed, never handed out again, unless it heals by itself (a cluster session reconnects node by
// node). New cluster sessions start from the configured node and every master learned so far.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <type_traits>
#include <utility>
#include <vector>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "signal_gateway/redis_session.h"

namespace signal_gateway {

struct PoolOptions {
  redis_testkit::client::ConnectionOptions connection;  // endpoint + connect/command timeouts
  bool cluster = false;  // connection.endpoint is a node of a Redis Cluster: route by key slot
  std::size_t max_connections = 8;
  // How long Run() waits for a free connection before throwing client::TimeoutError.
  std::chrono::milliseconds acquire_timeout{1000};
};

class ConnectionPool {
 public:
  // Called after every Run(): how long it took, and false when Redis could not be reached
  // (IoError and its subclasses). Used for the latency histogram and the redis_up gauge.
  using CallObserver = std::function<void(std::chrono::nanoseconds elapsed, bool reachable)>;

  explicit ConnectionPool(PoolOptions options);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Runs fn(RedisSession&) on a pooled session and returns its result. Everything fn throws
  // propagates; after an IoError the session is dropped unless it is still usable(). Throws
  // client::TimeoutError when no connection frees up within acquire_timeout, client::IoError when
  // connecting fails.
  template <typename Fn>
  auto Run(Fn&& fn) -> decltype(fn(std::declval<RedisSession&>()));

  // Set before the pool is shared between threads.
  void SetObserver(CallObserver observer) { observer_ = std::move(observer); }

  std::size_t open_connections() const;  // idle + in use
  std::size_t idle_connections() const;
  const PoolOptions& options() const { return options_; }

 private:
  using ConnectionPtr = std::unique_ptr<RedisSession>;
  ConnectionPtr Acquire();
  ConnectionPtr Open();  // a new session; on a cluster, remembers its masters as seeds
  void Release(ConnectionPtr connection, bool healthy);
  void Observe(std::chrono::steady_clock::time_point start, bool reachable) const;

  PoolOptions options_;
  CallObserver observer_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<ConnectionPtr> idle_;  // guarded by mutex_
  std::size_t open_ = 0;             // guarded by mutex_; connections that exist (idle + leased)
  std::vector<redis_testkit::client::Endpoint> known_nodes_;  // guarded by mutex_; cluster masters
};

template <typename Fn>
auto ConnectionPool::Run(Fn&& fn) -> decltype(fn(std::declval<RedisSession&>())) {
  const auto start = std::chrono::steady_clock::now();
  ConnectionPtr connection;
  try {
    connection = Acquire();
  } catch (const redis_testkit::client::IoError&) {
    Observe(start, false);
    throw;
  }
  try {
    if constexpr (std::is_void_v<decltype(fn(*connection))>) {
      fn(*connection);
      Release(std::move(connection), true);
      Observe(start, true);
    } else {
      auto result = fn(*connection);
      Release(std::move(connection), true);
      Observe(start, true);
      return result;
    }
  } catch (const redis_testkit::client::IoError&) {
    const bool usable = connection->usable();
    Release(std::move(connection), usable);
    Observe(start, false);
    throw;
  } catch (...) {
    Release(std::move(connection), true);  // error replies leave the connection usable
    Observe(start, true);
    throw;
  }
}

}  // namespace signal_gateway
