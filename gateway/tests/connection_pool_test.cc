#include "signal_gateway/connection_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "redis_testkit/gtest.h"

namespace signal_gateway {
namespace {

namespace client = redis_testkit::client;

PoolOptions Options(std::size_t max_connections) {
  PoolOptions options;
  options.connection.endpoint = redis_testkit::GetEndpoint();
  options.max_connections = max_connections;
  options.acquire_timeout = std::chrono::milliseconds(100);
  return options;
}

TEST(ConnectionPoolTest, ReusesConnections) {
  ConnectionPool pool(Options(4));
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(pool.Run([](RedisSession& c) { return c.Command({"PING"}).AsString(); }), "PONG");
  }
  EXPECT_EQ(pool.open_connections(), 1u);
  EXPECT_EQ(pool.idle_connections(), 1u);
}

TEST(ConnectionPoolTest, IsBoundedAndTimesOutWhenExhausted) {
  ConnectionPool pool(Options(2));
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> holding{0};
  std::vector<std::thread> holders;
  for (int i = 0; i < 2; ++i) {
    holders.emplace_back([&] {
      pool.Run([&](RedisSession&) {
        ++holding;
        released.wait();
      });
    });
  }
  while (holding.load() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_THROW(pool.Run([](RedisSession& c) { c.Ping(); }), client::TimeoutError);
  EXPECT_EQ(pool.open_connections(), 2u);
  release.set_value();
  for (std::thread& holder : holders) holder.join();
  EXPECT_NO_THROW(pool.Run([](RedisSession& c) { c.Ping(); }));
}

TEST(ConnectionPoolTest, DropsABrokenConnectionAndReconnects) {
  ConnectionPool pool(Options(1));
  const long long id = pool.Run([](RedisSession& c) {
    return c.Command({"CLIENT", "ID"}).AsInteger();
  });
  auto admin = redis_testkit::Connect();
  admin.Command({"CLIENT", "KILL", "ID", std::to_string(id)});
  EXPECT_THROW(pool.Run([](RedisSession& c) { c.Ping(); }), client::IoError);
  EXPECT_EQ(pool.open_connections(), 0u);
  EXPECT_NO_THROW(pool.Run([](RedisSession& c) { c.Ping(); }));
}

TEST(ConnectionPoolTest, ErrorRepliesKeepTheConnection) {
  ConnectionPool pool(Options(1));
  EXPECT_THROW(pool.Run([](RedisSession& c) { c.Command({"NOSUCHCOMMAND"}); }), client::ReplyError);
  EXPECT_EQ(pool.open_connections(), 1u);
}

TEST(ConnectionPoolTest, ObserverSeesReachability) {
  PoolOptions options = Options(1);
  options.connection.endpoint.port = 1;
  options.connection.connect_timeout = std::chrono::milliseconds(200);
  ConnectionPool pool(options);
  std::atomic<int> unreachable{0};
  pool.SetObserver([&](std::chrono::nanoseconds, bool reachable) {
    if (!reachable) ++unreachable;
  });
  EXPECT_THROW(pool.Run([](RedisSession& c) { c.Ping(); }), client::IoError);
  EXPECT_EQ(unreachable.load(), 1);
  EXPECT_EQ(pool.open_connections(), 0u);
}

}  // namespace
}  // namespace signal_gateway
