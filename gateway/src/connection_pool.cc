#include "signal_gateway/connection_pool.h"

#include <string>

namespace signal_gateway {

namespace client = redis_testkit::client;

ConnectionPool::ConnectionPool(PoolOptions options) : options_(std::move(options)) {
  if (options_.max_connections == 0) options_.max_connections = 1;
}

ConnectionPool::~ConnectionPool() = default;

ConnectionPool::ConnectionPtr ConnectionPool::Acquire() {
  std::unique_lock lock(mutex_);
  const bool ready = available_.wait_for(lock, options_.acquire_timeout, [this] {
    return !idle_.empty() || open_ < options_.max_connections;
  });
  if (!ready) {
    throw client::TimeoutError("no Redis connection to " + options_.connection.endpoint.ToString() +
                               " became free within " +
                               std::to_string(options_.acquire_timeout.count()) + " ms (all " +
                               std::to_string(options_.max_connections) +
                               " in use): raise the pool size or look for slow Redis calls");
  }
  if (!idle_.empty()) {
    ConnectionPtr connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }
  ++open_;  // reserve a slot, connect outside the lock
  lock.unlock();
  try {
    return Open();
  } catch (...) {
    lock.lock();
    --open_;
    lock.unlock();
    available_.notify_one();
    throw;
  }
}

ConnectionPool::ConnectionPtr ConnectionPool::Open() {
  std::vector<client::Endpoint> seeds;
  if (options_.cluster) {
    std::lock_guard lock(mutex_);
    seeds = known_nodes_;
  }
  auto session = std::make_unique<RedisSession>(options_.connection, options_.cluster, seeds);
  if (options_.cluster) {
    seeds.clear();
    for (const client::ClusterNodeAddress& node : session->Nodes()) {
      client::Endpoint endpoint = options_.connection.endpoint;
      endpoint.host = node.host;
      endpoint.port = node.port;
      seeds.push_back(std::move(endpoint));
    }
    std::lock_guard lock(mutex_);
    known_nodes_ = std::move(seeds);
  }
  return session;
}

void ConnectionPool::Release(ConnectionPtr connection, bool healthy) {
  {
    std::lock_guard lock(mutex_);
    if (healthy && connection && connection->usable()) {
      idle_.push_back(std::move(connection));
    } else {
      --open_;
    }
  }
  available_.notify_one();
  // A broken connection (if any) is closed here, outside the lock.
}

void ConnectionPool::Observe(std::chrono::steady_clock::time_point start, bool reachable) const {
  if (observer_) observer_(std::chrono::steady_clock::now() - start, reachable);
}

std::size_t ConnectionPool::open_connections() const {
  std::lock_guard lock(mutex_);
  return open_;
}

std::size_t ConnectionPool::idle_connections() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

}  // namespace signal_gateway
