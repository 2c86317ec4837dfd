#include "scenario_support.h"

#include <algorithm>
#include <ostream>
#include <sstream>
#include <thread>

#include "payloads.h"
#include "redis_footprint.h"
#include "redis_testkit/gtest.h"

namespace gateway_scenarios {

using nlohmann::json;
using std::chrono::milliseconds;

signal_gateway::GatewayConfig ScenarioConfig() {
  return ScenarioConfig(redis_testkit::GetEndpoint());
}

signal_gateway::GatewayConfig ScenarioConfig(const redis_testkit::client::Endpoint& redis) {
  signal_gateway::GatewayConfig config;
  config.listen_host = "127.0.0.1";
  config.listen_port = 0;
  config.http_threads = 4;
  config.http_max_queued = 64;
  config.http_read_timeout = milliseconds(2000);
  config.http_write_timeout = milliseconds(2000);
  config.redis = redis;
  // REDIS_TESTKIT_TOPOLOGY=cluster: the gateway routes by key slot, as with redis+cluster://.
  config.redis_cluster = redis_testkit::IsCluster() && redis == redis_testkit::GetEndpoint();
  config.redis_connect_timeout = milliseconds(1000);
  config.redis_command_timeout = milliseconds(1000);
  config.redis_pool_size = 4;
  config.redis_acquire_timeout = milliseconds(1000);
  config.dedup_ttl = milliseconds(10'000);
  config.storm_window = milliseconds(10'000);
  config.storm_ttl = milliseconds(10'000);
  config.storm_threshold = 10;
  config.resource_cap = 100;
  config.rate_limit = 0;
  config.rate_window = milliseconds(10'000);
  return config;
}

std::string HttpAnswer::Header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

json HttpAnswer::Json() const { return json::parse(body, nullptr, /*allow_exceptions=*/false); }

json HttpAnswer::Result(std::size_t i) const {
  const json parsed = Json();
  if (!parsed.is_object() || !parsed.contains("results") || !parsed["results"].is_array() ||
      i >= parsed["results"].size()) {
    return nullptr;
  }
  return parsed["results"][i];
}

std::size_t HttpAnswer::ResultCount() const {
  const json parsed = Json();
  if (!parsed.is_object() || !parsed.contains("results")) return 0;
  return parsed["results"].size();
}

int HttpAnswer::CountStatus(std::string_view wanted) const {
  const json parsed = Json();
  if (!parsed.is_object() || !parsed.contains("results")) return 0;
  return static_cast<int>(
      std::count_if(parsed["results"].begin(), parsed["results"].end(),
                    [&](const json& result) { return result.value("status", "") == wanted; }));
}

std::ostream& operator<<(std::ostream& out, const HttpAnswer& answer) {
  if (answer.status == 0) return out << "no HTTP answer (" << answer.error << ")";
  constexpr std::size_t kShown = 400;
  out << answer.status << " " << answer.body.substr(0, kShown);
  if (answer.body.size() > kShown) out << "... (" << answer.body.size() << " bytes)";
  return out;
}

namespace {

HttpAnswer ToAnswer(const httplib::Result& result) {
  HttpAnswer answer;
  if (!result) {
    answer.error = httplib::to_string(result.error());
    return answer;
  }
  answer.status = result->status;
  answer.body = result->body;
  answer.headers = result->headers;
  return answer;
}

}  // namespace

ScenarioGateway::ScenarioGateway(signal_gateway::GatewayConfig config,
                                 std::shared_ptr<signal_gateway::InMemorySink> sink)
    : sink_(sink ? std::move(sink) : std::make_shared<signal_gateway::InMemorySink>()) {
  gateway_ = std::make_unique<signal_gateway::Gateway>(std::move(config), sink_);
  http_ = std::make_unique<signal_gateway::HttpServer>(*gateway_);
  port_ = http_->Start("127.0.0.1", 0);
}

ScenarioGateway::~ScenarioGateway() { http_->Stop(); }

HttpAnswer ScenarioGateway::Post(const std::string& path, const std::string& body,
                                 const std::string& content_type) const {
  return Send("POST", path, body, content_type);
}

HttpAnswer ScenarioGateway::PostAlerts(const json& webhook) const {
  return Post(kPrometheusPath, webhook.dump());
}

std::vector<HttpAnswer> ScenarioGateway::PostEach(const std::vector<json>& alerts) const {
  std::vector<HttpAnswer> answers;
  answers.reserve(alerts.size());
  for (const json& alert : alerts) answers.push_back(PostAlerts(Webhook(alert)));
  return answers;
}

HttpAnswer ScenarioGateway::PostEvent(const json& event) const {
  return Post(kEventPath, event.dump());
}

HttpAnswer ScenarioGateway::Get(const std::string& path) const { return Send("GET", path); }

HttpAnswer ScenarioGateway::Send(const std::string& method, const std::string& path,
                                 const std::string& body, const std::string& content_type) const {
  httplib::Client http("127.0.0.1", port_);
  http.set_connection_timeout(std::chrono::seconds(2));
  http.set_read_timeout(std::chrono::seconds(5));
  http.set_write_timeout(std::chrono::seconds(5));
  if (method == "GET") return ToAnswer(http.Get(path));
  if (method == "HEAD") return ToAnswer(http.Head(path));
  if (method == "POST") return ToAnswer(http.Post(path, body, content_type));
  if (method == "PUT") return ToAnswer(http.Put(path, body, content_type));
  if (method == "PATCH") return ToAnswer(http.Patch(path, body, content_type));
  if (method == "DELETE") return ToAnswer(http.Delete(path));
  HttpAnswer answer;
  answer.error = "method " + method + " is not supported by the scenario client";
  return answer;
}

std::optional<signal_gateway::RemediationRequest> NewestStorm(
    const signal_gateway::InMemorySink& sink, std::string_view pattern) {
  std::optional<signal_gateway::RemediationRequest> newest;
  for (const auto& event : sink.Events()) {
    const auto& storm = event.request.storm;
    if (!storm || storm->pattern != pattern) continue;
    if (!newest || storm->alert_count > newest->storm->alert_count) newest = event.request;
  }
  return newest;
}

bool WaitFor(const std::function<bool()>& condition, milliseconds timeout) {
  timeout = std::min(timeout, milliseconds(2000));
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(milliseconds(10));
  }
  return true;
}

std::optional<double> MetricValue(const std::string& text, std::string_view series) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.size() <= series.size() || line.compare(0, series.size(), series) != 0 ||
        line[series.size()] != ' ') {
      continue;
    }
    try {
      return std::stod(line.substr(series.size() + 1));
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

ScenarioGateway& GatewayScenario::Start(signal_gateway::GatewayConfig config,
                                        std::shared_ptr<signal_gateway::InMemorySink> sink) {
  gateway_.reset();
  gateway_ = std::make_unique<ScenarioGateway>(std::move(config), std::move(sink));
  return *gateway_;
}

ScenarioRedis& GatewayScenario::redis() {
  if (!redis_) redis_.emplace();
  return *redis_;
}

void GatewayScenario::TearDown() {
  gateway_.reset();
  const Footprint footprint = MeasureFootprint(redis());
  RecordProperty("gateway_keys", std::to_string(footprint.keys.size()));
  RecordProperty("gateway_bytes", std::to_string(footprint.TotalBytes()));
  EXPECT_TRUE(WithinBudget(footprint));
}

}  // namespace gateway_scenarios
