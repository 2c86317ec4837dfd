// The HTTP front under keep-alive and hostile connections, on loopback: what a library client
// hides is driven through raw sockets (raw_http.h). Waits are bounded; no assertion is on speed.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/tcp.h>
#include <sys/resource.h>

#include <memory>
#include <thread>
#include <vector>

#include "payloads.h"
#include "raw_http.h"
#include "redis_testkit/gtest.h"
#include "signal_gateway/gateway.h"
#include "signal_gateway/http_server.h"
#include "signal_gateway/in_memory_sink.h"

namespace signal_gateway {
namespace {

using std::chrono::milliseconds;
using testing::RawHttp;

constexpr const char* kHealth = "GET /health HTTP/1.1\r\nHost: gateway\r\n\r\n";
constexpr const char* kPrometheus = "/api/v1/signals/prometheus";

std::string SignalRequest(const std::string& body) {
  return std::string("POST ") + kPrometheus +
         " HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

class HttpConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_testkit::Connect().Command({"SCRIPT", "FLUSH"});
    config_.redis = redis_testkit::GetEndpoint();
    config_.rate_limit = 0;
  }
  void TearDown() override {
    if (http_) http_->Stop();
  }
  void Start() {
    gateway_ = std::make_unique<Gateway>(config_, sink_);
    http_ = std::make_unique<HttpServer>(*gateway_);
    port_ = http_->Start();
  }
  // Waits (at most 10 s) until the server has accepted `count` connections.
  bool WaitForConnections(std::size_t count) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (http_->open_connections() != count) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(milliseconds(5));
    }
    return true;
  }
  // /health and a signal, each answered within 1 s (a library client with 1 s timeouts).
  void ExpectServedWithinOneSecond(int pod) {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(std::chrono::seconds(1));
    client.set_read_timeout(std::chrono::seconds(1));
    client.set_write_timeout(std::chrono::seconds(1));
    auto health = client.Get("/health");
    ASSERT_TRUE(health) << "GET /health got no answer within 1 s";
    EXPECT_EQ(health->status, 200);
    auto signal = client.Post(kPrometheus, testing::StormWebhook(1, "DiskFull", "prod-db", pod),
                              "application/json");
    ASSERT_TRUE(signal) << "a signal got no answer within 1 s";
    EXPECT_EQ(signal->status, 201) << signal->body;
  }

  GatewayConfig config_;
  std::shared_ptr<InMemorySink> sink_ = std::make_shared<InMemorySink>();
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<HttpServer> http_;
  int port_ = 0;
};

TEST_F(HttpConnectionTest, KeepAliveServesManyRequestsOnOneNoDelaySocket) {
  Start();
  RawHttp client(port_);
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(client.Send(kHealth));
    const std::string response = client.ReadResponse();
    ASSERT_EQ(response.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << "request " << i << ": " << response;
    EXPECT_NE(response.find("Connection: keep-alive\r\n"), std::string::npos) << response;
  }
  EXPECT_EQ(http_->open_connections(), 1u);
  // The answer is one send() on a TCP_NODELAY socket: no Nagle wait for the peer's delayed ACK.
  const int accepted = testing::AcceptedSocketOf(client.fd());
  ASSERT_GE(accepted, 0) << "the server's side of the connection is not in this process";
  int nodelay = 0;
  socklen_t length = sizeof(nodelay);
  ASSERT_EQ(getsockopt(accepted, IPPROTO_TCP, TCP_NODELAY, &nodelay, &length), 0);
  EXPECT_NE(nodelay, 0) << "TCP_NODELAY is off on the accepted connection";
}

TEST_F(HttpConnectionTest, PipelinedRequestsAreAnsweredInOrderInOneRoundTrip) {
  Start();
  RawHttp client(port_);
  std::string requests;
  for (int i = 0; i < 10; ++i) requests += kHealth;
  requests += SignalRequest(testing::StormWebhook(1));
  requests += "GET /health HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n";
  ASSERT_TRUE(client.Send(requests));  // one write, then only reads
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(client.ReadResponse().rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << "answer " << i;
  }
  EXPECT_EQ(client.ReadResponse().rfind("HTTP/1.1 201 Created\r\n", 0), 0u);
  const std::string last = client.ReadResponse();
  EXPECT_NE(last.find("Connection: close\r\n"), std::string::npos) << last;
  EXPECT_TRUE(client.ClosedWithin(milliseconds(2000)));
}

TEST_F(HttpConnectionTest, IdleAndSlowConnectionsDoNotHoldTheWorkers) {
  config_.http_threads = 2;
  Start();
  std::vector<std::unique_ptr<RawHttp>> held;
  held.reserve(64 + 4 + 8);
  for (int i = 0; i < 64; ++i) held.push_back(std::make_unique<RawHttp>(port_));  // silent
  for (int i = 0; i < 4; ++i) {  // requests that stop half-way (head, then part of the body)
    held.push_back(std::make_unique<RawHttp>(port_));
    ASSERT_TRUE(held.back()->Send(std::string("POST ") + kPrometheus +
                                  " HTTP/1.1\r\nContent-Length: 500\r\n\r\n{\"alerts\": ["));
  }
  for (int i = 0; i < 8; ++i) {  // keep-alive connections idle after one answer
    held.push_back(std::make_unique<RawHttp>(port_));
    ASSERT_TRUE(held.back()->Send(kHealth));
    ASSERT_FALSE(held.back()->ReadResponse().empty());
  }
  ASSERT_TRUE(WaitForConnections(held.size()));
  ExpectServedWithinOneSecond(1);
  ExpectServedWithinOneSecond(2);
}

TEST_F(HttpConnectionTest, SlowBodyIsCutOffByTheReadTimeout) {
  config_.http_read_timeout = milliseconds(300);
  Start();
  RawHttp slow(port_);
  const std::string body = testing::StormWebhook(1);
  std::string request = SignalRequest(body);
  request.resize(request.size() - body.size());
  ASSERT_TRUE(slow.Send(request));
  // One byte every 50 ms: each read comes well within any per-read timeout; the whole body
  // would take body.size() * 50 ms.
  std::size_t sent = 0;
  while (sent < body.size() && !slow.ClosedWithin(milliseconds(50))) {
    if (!slow.Send(body.substr(sent, 1))) break;
    ++sent;
  }
  EXPECT_LT(sent, body.size()) << "the slow body was read to its end";
  EXPECT_LT(sent, 60u) << "cut off only after " << sent * 50 << " ms";
  EXPECT_NE(slow.buffered().find(" 408 "), std::string::npos) << slow.buffered();
  ExpectServedWithinOneSecond(1);
}

TEST_F(HttpConnectionTest, SlowHeadIsCutOffByTheReadTimeout) {
  config_.http_read_timeout = milliseconds(300);
  Start();
  RawHttp slow(port_);
  ASSERT_TRUE(slow.Send("GET /health HTTP/1.1\r\n"));
  int lines = 0;
  while (lines < 100 && !slow.ClosedWithin(milliseconds(50))) {
    if (!slow.Send("X-Slow: " + std::to_string(lines) + "\r\n")) break;
    ++lines;
  }
  EXPECT_LT(lines, 60) << "a request head trickling for " << lines * 50 << " ms was not cut off";
  EXPECT_NE(slow.buffered().find(" 408 "), std::string::npos) << slow.buffered();
}

TEST_F(HttpConnectionTest, AThousandIdleConnectionsDoNotStopHealth) {
  constexpr rlim_t kNeeded = 2 * 1000 + 200;  // both ends live in this process
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < kNeeded) {
    limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, kNeeded);
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur < kNeeded) {
    GTEST_SKIP() << "needs " << kNeeded << " file descriptors; the hard limit (ulimit -Hn) is "
                 << limit.rlim_max;
  }
  Start();
  std::vector<std::unique_ptr<RawHttp>> idle;
  idle.reserve(1000);
  for (int i = 0; i < 1000; ++i) idle.push_back(std::make_unique<RawHttp>(port_));
  ASSERT_TRUE(WaitForConnections(1000));
  ExpectServedWithinOneSecond(1);
}

TEST_F(HttpConnectionTest, AtTheConnectionLimitTheOldestIdleConnectionIsClosed) {
  config_.http_max_connections = 16;
  Start();
  std::vector<std::unique_ptr<RawHttp>> idle;
  for (int i = 0; i < 16; ++i) {
    idle.push_back(std::make_unique<RawHttp>(port_));
    ASSERT_TRUE(WaitForConnections(idle.size()));  // accepted in this order
  }
  ExpectServedWithinOneSecond(1);  // one new connection: the oldest idle one makes room
  EXPECT_TRUE(idle.front()->ClosedWithin(milliseconds(2000)));
  EXPECT_FALSE(idle.back()->ClosedWithin(milliseconds(0)));
  EXPECT_LE(http_->open_connections(), 16u);
}

TEST_F(HttpConnectionTest, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  config_.http_idle_timeout = milliseconds(200);
  Start();
  RawHttp client(port_);
  ASSERT_TRUE(client.Send(kHealth));
  ASSERT_FALSE(client.ReadResponse().empty());
  EXPECT_TRUE(client.ClosedWithin(milliseconds(3000)));
  ASSERT_TRUE(WaitForConnections(0));
}

TEST_F(HttpConnectionTest, ExpectContinueGetsAnInterimAnswer) {
  Start();
  RawHttp client(port_);
  const std::string body = testing::StormWebhook(1);
  std::string request = SignalRequest(body);
  request.insert(request.find("\r\n") + 2, "Expect: 100-continue\r\n");
  ASSERT_TRUE(client.Send(request.substr(0, request.size() - body.size())));
  EXPECT_EQ(client.ReadResponse(), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(client.Send(body));
  EXPECT_EQ(client.ReadResponse().rfind("HTTP/1.1 201 Created\r\n", 0), 0u);
}

TEST_F(HttpConnectionTest, UnreadableRequestsGetAClearErrorAndTheConnectionCloses) {
  Start();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"GARBAGE\r\n\r\n", " 400 "},
      {"GET /health HTTP/2.0\r\n\r\n", " 505 "},
      {"POST /api/v1/signals/prometheus HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", " 411 "},
      {"GET /health HTTP/1.1\r\n" + std::string(20000, 'x'), " 431 "},
  };
  for (const auto& [request, status] : cases) {
    RawHttp client(port_);
    ASSERT_TRUE(client.Send(request));
    EXPECT_TRUE(client.ClosedWithin(milliseconds(3000))) << request.substr(0, 40);
    EXPECT_NE(client.buffered().find(status), std::string::npos) << client.buffered();
    EXPECT_NE(client.buffered().find("\"status\":\"rejected\""), std::string::npos);
  }
}

}  // namespace
}  // namespace signal_gateway
