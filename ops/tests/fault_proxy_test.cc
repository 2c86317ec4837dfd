// FaultProxy against a real redis-server (process runtime): a clean pass-through (commands,
// pipelines, values over 1 MB, the endpoint's db and password), added latency and the bandwidth
// cap (lower bounds only), several clients at once, bad input, and a destructor with connections
// still open. The disruptive faults (blackhole, reset, dropped replies) are in
// fault_proxy_faults_test.cc.
#include "redis_testkit/ops/fault_proxy.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/pipeline.h"
#include "test_server.h"

namespace {

using namespace std::chrono_literals;
using redis_testkit::FaultDirection;
using redis_testkit::FaultProxy;
using redis_testkit::client::Connection;
using redis_testkit::client::ConnectionOptions;
using redis_testkit::client::Endpoint;
using redis_testkit::test_support::TestServer;
using Clock = std::chrono::steady_clock;

ConnectionOptions Through(const FaultProxy& proxy, std::chrono::milliseconds timeout = 5000ms) {
  return {.endpoint = proxy.endpoint(), .connect_timeout = 2000ms, .command_timeout = timeout};
}

template <typename Call>
double MillisecondsOf(const Call& call) {
  const Clock::time_point start = Clock::now();
  call();
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

template <typename Call>
std::string Message(const Call& call) {
  try {
    call();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "(no exception)";
}

class FaultProxyTest : public ::testing::Test {
 protected:
  TestServer server_;
  FaultProxy proxy_{server_.endpoint()};
};

TEST_F(FaultProxyTest, EndpointIsTheProxysWithTheUpstreamsDatabase) {
  Endpoint upstream = server_.endpoint(3);
  upstream.password = "secret";
  const FaultProxy proxy(upstream);
  const Endpoint proxied = proxy.endpoint();
  EXPECT_EQ(proxied.host, "127.0.0.1");
  EXPECT_GT(proxied.port, 0);
  EXPECT_NE(proxied.port, upstream.port);
  EXPECT_EQ(proxied.db, 3);
  EXPECT_EQ(proxied.password, "secret");
  EXPECT_EQ(proxy.upstream(), upstream);
}

TEST_F(FaultProxyTest, PassesCommandsPipelinesAndLargeValuesThrough) {
  Connection direct(server_.ConnectOptions());
  Connection c(Through(proxy_));
  c.Command({"SET", "greeting", "hello"});
  EXPECT_EQ(c.Command({"GET", "greeting"}).AsString(), "hello");
  EXPECT_EQ(direct.Command({"GET", "greeting"}).AsString(), "hello");

  redis_testkit::client::Pipeline pipeline = c.MakePipeline();
  for (int i = 0; i < 500; ++i) pipeline.Add({"INCR", "counter"});
  const std::vector<redis_testkit::client::Reply> replies = pipeline.Execute();
  ASSERT_EQ(replies.size(), 500U);
  for (int i = 0; i < 500; ++i) ASSERT_EQ(replies[i].AsInteger(), i + 1) << "reply " << i;

  std::string large(3 * 1024 * 1024, 'x');
  for (std::size_t i = 0; i < large.size(); i += 4093) large[i] = static_cast<char>('a' + i % 26);
  c.Command({"SET", "large", large});
  EXPECT_EQ(c.Command({"GET", "large"}).AsString(), large);
  EXPECT_EQ(direct.Command({"STRLEN", "large"}).AsInteger(), static_cast<long long>(large.size()));

  const redis_testkit::FaultProxyCounters counters = proxy_.counters();
  EXPECT_EQ(counters.connections_accepted, 1);
  EXPECT_EQ(counters.connections_open, 1);
  EXPECT_GT(counters.bytes_to_server, static_cast<long long>(large.size()));
  EXPECT_GT(counters.bytes_to_client, static_cast<long long>(large.size()));
  EXPECT_EQ(counters.bytes_to_server, counters.bytes_from_client);
  EXPECT_EQ(counters.bytes_to_client, counters.bytes_from_server);
  EXPECT_EQ(counters.bytes_dropped, 0);
}

TEST_F(FaultProxyTest, PasswordAndDatabaseWorkThroughTheProxy) {
  TestServer secured({.password = "s3cret"});
  Endpoint upstream = secured.endpoint(2);
  upstream.password = "s3cret";
  const FaultProxy proxy(upstream);
  Connection c(Through(proxy));  // AUTH and SELECT 2 through the proxy
  c.Command({"SET", "in-db-2", "yes"});
  ConnectionOptions direct_options = secured.ConnectOptions(2000ms, 2);
  direct_options.endpoint.password = "s3cret";
  Connection direct(direct_options);
  EXPECT_EQ(direct.Command({"GET", "in-db-2"}).AsString(), "yes");
}

TEST_F(FaultProxyTest, LatencyDelaysEveryReplyInOrder) {
  Connection c(Through(proxy_));
  c.Ping();
  proxy_.SetLatency(50ms);
  for (int i = 0; i < 3; ++i) EXPECT_GE(MillisecondsOf([&] { c.Ping(); }), 45.0) << "PING " << i;

  redis_testkit::client::Pipeline pipeline = c.MakePipeline();
  for (int i = 0; i < 100; ++i) pipeline.Add({"INCR", "ordered"});
  std::vector<redis_testkit::client::Reply> replies;
  EXPECT_GE(MillisecondsOf([&] { replies = pipeline.Execute(); }), 45.0);
  ASSERT_EQ(replies.size(), 100U);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(replies[i].AsInteger(), i + 1) << "reply " << i;

  proxy_.SetLatency(30ms, FaultDirection::kBoth);  // 50 ms -> 30 ms each way: 60 ms per trip
  EXPECT_GE(MillisecondsOf([&] { c.Ping(); }), 55.0);
  proxy_.SetLatency(0ms, FaultDirection::kToClient);  // 30 ms to the server only
  EXPECT_GE(MillisecondsOf([&] { c.Ping(); }), 27.0);
}

TEST_F(FaultProxyTest, LatencyAppliesToNewConnectionsToo) {
  proxy_.SetLatency(40ms, FaultDirection::kToServer);
  Connection c(Through(proxy_));
  EXPECT_GE(MillisecondsOf([&] { c.Ping(); }), 36.0);
  proxy_.Clear();
  c.Ping();
  EXPECT_EQ(proxy_.counters().bytes_dropped, 0);
}

TEST_F(FaultProxyTest, BandwidthCapSlowsALargeTransferEachWay) {
  const std::string megabyte(1024 * 1024, 'm');
  Connection direct(server_.ConnectOptions());
  direct.Command({"SET", "big", megabyte});
  Connection c(Through(proxy_, 10000ms));
  c.Ping();

  proxy_.SetBandwidth(2 * 1024 * 1024, FaultDirection::kToClient);  // 1 MB in ~500 ms
  std::string got;
  EXPECT_GE(MillisecondsOf([&] { got = c.Command({"GET", "big"}).AsString(); }), 400.0);
  EXPECT_EQ(got, megabyte);

  proxy_.SetBandwidth(4 * 1024 * 1024, FaultDirection::kToServer);  // ~250 ms up
  proxy_.ClearBandwidth(FaultDirection::kToClient);
  EXPECT_GE(MillisecondsOf([&] { c.Command({"SET", "up", megabyte}); }), 200.0);
  EXPECT_EQ(direct.Command({"STRLEN", "up"}).AsInteger(), 1024 * 1024);
}

TEST_F(FaultProxyTest, ServesSeveralClientsAtOnce) {
  constexpr int kClients = 8;
  constexpr int kIncrements = 200;
  proxy_.SetLatency(1ms);  // the replies queue up in the proxy while others arrive
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&] {
      try {
        Connection c(Through(proxy_));
        for (int n = 0; n < kIncrements; ++n) c.Command({"INCR", "shared"});
      } catch (const std::exception&) {
        ++failures;
      }
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(failures.load(), 0);
  Connection direct(server_.ConnectOptions());
  EXPECT_EQ(direct.Command({"GET", "shared"}).AsInteger(), kClients * kIncrements);
  EXPECT_EQ(proxy_.counters().connections_accepted, kClients);
  // The clients closed: the proxy closes its side too.
  const Clock::time_point deadline = Clock::now() + 5s;
  while (proxy_.counters().connections_open > 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(proxy_.counters().connections_open, 0);
}

TEST_F(FaultProxyTest, UpstreamDownResetsTheClient) {
  Endpoint nowhere = server_.endpoint();
  nowhere.port = redis_testkit::test_support::UnusedTcpPort();
  const FaultProxy proxy(nowhere);
  // Accepted by the proxy, then reset: the connect or the first command fails, never hangs.
  EXPECT_THROW(
      {
        Connection c(Through(proxy, 2000ms));
        c.Ping();
      },
      redis_testkit::client::IoError);
}

TEST_F(FaultProxyTest, DestructorWithOpenConnectionsDoesNotHang) {
  auto proxy = std::make_unique<FaultProxy>(server_.endpoint());
  std::vector<Connection> clients;
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back(Through(*proxy, 1000ms));
    clients.back().Ping();
  }
  proxy->SetLatency(10s);  // a reply stuck in the proxy
  std::thread stuck([&] { EXPECT_THROW(clients[0].Ping(), redis_testkit::client::IoError); });
  std::this_thread::sleep_for(50ms);
  const int port = proxy->endpoint().port;
  proxy.reset();  // the ctest timeout catches a hang
  stuck.join();
  EXPECT_THROW(clients[1].Ping(), redis_testkit::client::IoError);
  Endpoint gone = server_.endpoint();
  gone.port = port;
  EXPECT_THROW(Connection({.endpoint = gone, .connect_timeout = 1000ms, .command_timeout = 1000ms}),
               redis_testkit::client::IoError);
}

TEST_F(FaultProxyTest, BadInputGetsAClearError) {
  EXPECT_NE(Message([&] { proxy_.SetLatency(-5ms); }).find("-5 ms"), std::string::npos);
  EXPECT_THROW(proxy_.SetLatency(2h), std::invalid_argument);
  EXPECT_NE(Message([&] { proxy_.SetBandwidth(0); }).find("0 bytes/s is not a cap"),
            std::string::npos);
  EXPECT_THROW(proxy_.SetBandwidth(-1, FaultDirection::kToServer), std::invalid_argument);

  Endpoint unix_socket;
  unix_socket.unix_socket = "/tmp/redis.sock";
  EXPECT_NE(Message([&] { FaultProxy proxy(unix_socket); }).find("unix socket"), std::string::npos);
  Endpoint no_port = server_.endpoint();
  no_port.port = 0;
  EXPECT_NE(Message([&] { FaultProxy proxy(no_port); }).find("not a TCP port"), std::string::npos);

  // Nothing changed: still a clean pass-through.
  Connection c(Through(proxy_));
  c.Ping();
}

}  // namespace
