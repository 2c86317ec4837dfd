// The HTTP front on an ephemeral port, driven by a real HTTP client.
#include "signal_gateway/http_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "payloads.h"
#include "redis_testkit/gtest.h"
#include "signal_gateway/gateway.h"
#include "signal_gateway/in_memory_sink.h"

namespace signal_gateway {
namespace {

using nlohmann::json;

constexpr const char* kPrometheus = "/api/v1/signals/prometheus";
constexpr const char* kEvents = "/api/v1/signals/kubernetes-event";

class HttpServerTest : public ::testing::Test {
 protected:
  // The kit leased this process a server and flushed it; FLUSHALL keeps Lua scripts, so they go
  // too (the gateway's first EVALSHA meets NOSCRIPT, as on a fresh server).
  void SetUp() override {
    redis_testkit::Connect().Command({"SCRIPT", "FLUSH"});
    config_.redis = redis_testkit::GetEndpoint();
    config_.redis_connect_timeout = std::chrono::milliseconds(300);
    config_.body_limit = 4096;
  }
  void TearDown() override {
    if (http_) http_->Stop();
  }
  void Start() {
    gateway_ = std::make_unique<Gateway>(config_, sink_);
    http_ = std::make_unique<HttpServer>(*gateway_);
    port_ = http_->Start();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_read_timeout(std::chrono::seconds(10));
  }

  GatewayConfig config_;
  std::shared_ptr<InMemorySink> sink_ = std::make_shared<InMemorySink>();
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<HttpServer> http_;
  std::unique_ptr<httplib::Client> client_;
  int port_ = 0;
};

TEST_F(HttpServerTest, BindsAnEphemeralPortOnLoopback) {
  Start();
  EXPECT_GT(port_, 0);
  EXPECT_EQ(http_->base_url(), "http://127.0.0.1:" + std::to_string(port_));
  auto health = client_->Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(json::parse(health->body)["status"], "ok");
  auto ready = client_->Get("/ready");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
}

TEST_F(HttpServerTest, SignalsCreateThenDuplicate) {
  Start();
  auto created = client_->Post(kPrometheus, testing::StormWebhook(2), "application/json");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 201);
  EXPECT_EQ(created->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(json::parse(created->body)["results"].size(), 2u);
  auto duplicate = client_->Post(kPrometheus, testing::StormWebhook(2), "application/json");
  ASSERT_TRUE(duplicate);
  EXPECT_EQ(duplicate->status, 202);
  EXPECT_EQ(json::parse(duplicate->body)["results"][1]["count"], 2);

  auto event = client_->Post(kEvents, testing::Event("Normal", "Pulled"), "application/json");
  ASSERT_TRUE(event);
  EXPECT_EQ(event->status, 202);
  EXPECT_EQ(json::parse(event->body)["status"], "ignored");
  EXPECT_EQ(sink_->CreatedCount(), 2u);
}

TEST_F(HttpServerTest, WrongMethodIs405) {
  Start();
  auto get = client_->Get(kPrometheus);
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 405);
  EXPECT_EQ(get->get_header_value("Allow"), "POST");
  auto put = client_->Put(kEvents, "{}", "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 405);
  auto post = client_->Post("/health", "", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
  EXPECT_EQ(gateway_->metrics().rejected(RejectReason::kMethodNotAllowed), 3u);
}

TEST_F(HttpServerTest, BodyOverTheLimitIs413) {
  Start();
  auto answer = client_->Post(kPrometheus, testing::StormWebhook(100), "application/json");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 413);
  EXPECT_NE(json::parse(answer->body)["error"].get<std::string>().find("4096"), std::string::npos);
  EXPECT_EQ(gateway_->metrics().rejected(RejectReason::kPayloadTooLarge), 1u);
  EXPECT_TRUE(sink_->Events().empty());
}

TEST_F(HttpServerTest, InvalidJsonIs400) {
  Start();
  auto answer = client_->Post(kPrometheus, R"({"alerts": [)", "application/json");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 400);
  EXPECT_NE(json::parse(answer->body)["error"].get<std::string>().find("not valid JSON"),
            std::string::npos);
}

TEST_F(HttpServerTest, UnknownPathIs404) {
  Start();
  auto answer = client_->Get("/api/v2/nothing");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 404);
  EXPECT_EQ(json::parse(answer->body)["error"], "no route for GET /api/v2/nothing");
}

TEST_F(HttpServerTest, RateLimitedIs429WithRetryAfter) {
  config_.rate_limit = 2;
  Start();
  for (int i = 0; i < 2; ++i) {
    auto ok = client_->Post(kPrometheus, testing::StormWebhook(1), "application/json");
    ASSERT_TRUE(ok);
    EXPECT_NE(ok->status, 429);
  }
  auto limited = client_->Post(kPrometheus, testing::StormWebhook(1), "application/json");
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  const int retry_after = std::stoi(limited->get_header_value("Retry-After"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 60);
}

TEST_F(HttpServerTest, RedisDownIs503WithRetryAfter30) {
  config_.redis.port = 1;
  Start();
  auto answer = client_->Post(kPrometheus, testing::StormWebhook(1), "application/json");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 503);
  EXPECT_EQ(answer->get_header_value("Retry-After"), "30");
  auto ready = client_->Get("/ready");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 503);
  auto health = client_->Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST_F(HttpServerTest, MetricsInPrometheusText) {
  Start();
  client_->Post(kPrometheus, testing::StormWebhook(1), "application/json");
  auto metrics = client_->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->get_header_value("Content-Type").rfind("text/plain", 0), 0u);
  EXPECT_NE(metrics->body.find("signal_gateway_http_request_duration_seconds_count 1"),
            std::string::npos)
      << metrics->body;
}

TEST_F(HttpServerTest, ConcurrentClientsOnOneStormCountExactly) {
  config_.rate_limit = 0;
  config_.http_threads = 4;
  Start();
  constexpr int kClients = 8;
  constexpr int kRequests = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", port_);
      client.set_read_timeout(std::chrono::seconds(10));
      for (int r = 0; r < kRequests; ++r) {
        auto answer = client.Post(
            kPrometheus,
            testing::StormWebhook(2, "HighCPUUsage", "prod-api", (c * kRequests + r) * 2),
            "application/json");
        if (!answer || (answer->status != 201 && answer->status != 202)) ++failures;
      }
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(failures.load(), 0);
  const int signals = kClients * kRequests * 2;
  const auto storms = sink_->Storms();
  ASSERT_EQ(storms.size(), 1u);
  EXPECT_EQ(gateway_->metrics().aggregated(), static_cast<std::uint64_t>(signals - 9));
  // The last update of the storm carries the final count (updates are published in step order
  // per signal, but threads interleave: take the largest).
  long long largest = 0;
  for (const SinkEvent& event : sink_->Events()) {
    if (event.request.storm) largest = std::max(largest, event.request.storm->alert_count);
  }
  EXPECT_EQ(largest, signals - 9);
}

TEST_F(HttpServerTest, StartStopRepeatedly) {
  for (int i = 0; i < 3; ++i) {
    Gateway gateway(config_, sink_);
    HttpServer http(gateway);
    const int port = http.Start();
    httplib::Client client("127.0.0.1", port);
    auto health = client.Get("/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    http.Stop();
    http.Stop();  // idempotent
    EXPECT_FALSE(http.running());
  }
  // Stop right after Start (before the listening loop runs) must not hang either.
  Gateway gateway(config_, sink_);
  HttpServer http(gateway);
  http.Start();
}

TEST_F(HttpServerTest, PortInUseIsAClearError) {
  Start();
  Gateway other(config_, sink_);
  HttpServer second(other);
  try {
    second.Start("127.0.0.1", port_);
    FAIL() << "binding a used port must fail";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot listen on 127.0.0.1:" + std::to_string(port_)),
              std::string::npos);
  }
}

}  // namespace
}  // namespace signal_gateway
