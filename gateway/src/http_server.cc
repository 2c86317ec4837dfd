#include "signal_gateway/http_server.h"

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "http_connection_loop.h"
#include "signal_gateway/gateway.h"

namespace signal_gateway {

namespace {

constexpr const char* kPrometheusRoute = "/api/v1/signals/prometheus";
constexpr const char* kEventRoute = "/api/v1/signals/kubernetes-event";

HttpResponse Convert(GatewayResponse from) {
  HttpResponse to;
  to.status = from.status;
  to.content_type = std::move(from.content_type);
  to.headers = std::move(from.headers);
  to.body = std::move(from.body);
  return to;
}

// The methods a known path accepts ("" for an unknown path), and whether `method` is one of them.
std::string AllowedMethods(const std::string& path) {
  if (path == kPrometheusRoute || path == kEventRoute) return "POST";
  if (path == "/health" || path == "/ready" || path == "/metrics") return "GET, HEAD";
  return "";
}

bool MethodAllowed(const std::string& allowed, const std::string& method) {
  if (allowed == "POST") return method == "POST";
  return method == "GET" || method == "HEAD";
}

std::string ErrorBody(const std::string& message) {
  return nlohmann::json{{"status", "rejected"}, {"error", message}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

HttpLoopSettings LoopSettings(const GatewayConfig& config) {
  HttpLoopSettings settings;
  settings.threads = config.http_threads;
  settings.max_queued = config.http_max_queued;
  settings.read_timeout = config.http_read_timeout;
  settings.write_timeout = config.http_write_timeout;
  settings.idle_timeout = config.http_idle_timeout;
  settings.max_connections = config.http_max_connections;
  settings.limits.max_body_bytes = config.body_limit;
  return settings;
}

}  // namespace

struct HttpServer::Impl {
  explicit Impl(Gateway& g)
      : gateway(g),
        loop(
            LoopSettings(g.config()),
            [this](const HttpRequest& request, const std::string& remote) {
              return Route(request, remote);
            },
            [this](int status, const std::string& message) { return Error(status, message); }) {}

  HttpResponse Route(const HttpRequest& request, const std::string& remote);
  HttpResponse Signal(SignalSource source, const HttpRequest& request, const std::string& remote);
  HttpResponse Error(int status, const std::string& message);

  Gateway& gateway;
  HttpConnectionLoop loop;
  std::thread thread;
  std::atomic<bool> finished{false};
  bool started = false;
  std::string host;
  int port = 0;
};

HttpResponse HttpServer::Impl::Route(const HttpRequest& request, const std::string& remote) {
  const std::string methods = AllowedMethods(request.path);
  if (methods.empty()) {
    HttpResponse answer;
    answer.status = 404;
    answer.body = ErrorBody("no route for " + request.method + " " + request.path);
    return answer;
  }
  if (!MethodAllowed(methods, request.method)) {
    GatewayResponse answer =
        gateway.Reject(RejectReason::kMethodNotAllowed, 405,
                       request.method + " is not allowed on " + request.path + ": use " + methods);
    answer.headers.emplace_back("Allow", methods);
    return Convert(std::move(answer));
  }
  if (request.path == kPrometheusRoute) return Signal(SignalSource::kPrometheus, request, remote);
  if (request.path == kEventRoute) return Signal(SignalSource::kKubernetesEvent, request, remote);
  if (request.path == "/health") return Convert(gateway.Health());
  if (request.path == "/ready") return Convert(gateway.Ready());
  return Convert(gateway.MetricsText());
}

HttpResponse HttpServer::Impl::Signal(SignalSource source, const HttpRequest& request,
                                      const std::string& remote) {
  const auto start = std::chrono::steady_clock::now();
  HttpResponse answer = Convert(gateway.HandleSignals(source, request.body, remote));
  gateway.metrics().ObserveHttp(std::chrono::steady_clock::now() - start);
  return answer;
}

// Answers for requests that could not be read or served: a JSON body like every other answer.
HttpResponse HttpServer::Impl::Error(int status, const std::string& message) {
  if (status == 413) {
    return Convert(gateway.Reject(RejectReason::kPayloadTooLarge, 413, message));
  }
  if (status == 500) return Convert(gateway.Reject(RejectReason::kInternal, 500, message));
  HttpResponse answer;
  answer.status = status;
  answer.body = ErrorBody(message);
  if (status == 503) answer.headers.emplace_back("Retry-After", "1");
  return answer;
}

HttpServer::HttpServer(Gateway& gateway) : impl_(std::make_unique<Impl>(gateway)) {}

HttpServer::~HttpServer() { Stop(); }

int HttpServer::Start(const std::string& host, int port) {
  if (impl_->started) throw std::runtime_error("HttpServer::Start called twice");
  const int bound = impl_->loop.Listen(host, port);
  impl_->started = true;
  impl_->host = host;
  impl_->port = bound;
  impl_->thread = std::thread([impl = impl_.get()] {
    impl->loop.Run();
    impl->finished = true;
  });
  return bound;
}

void HttpServer::Stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  impl_->loop.Stop();
  impl_->thread.join();
}

int HttpServer::port() const { return impl_->port; }

std::string HttpServer::base_url() const {
  return "http://" + impl_->host + ":" + std::to_string(impl_->port);
}

bool HttpServer::running() const { return impl_->thread.joinable() && !impl_->finished; }

std::size_t HttpServer::open_connections() const { return impl_->loop.open_connections(); }

}  // namespace signal_gateway
