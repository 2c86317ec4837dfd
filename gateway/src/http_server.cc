#include "signal_gateway/http_server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "bounded_task_queue.h"
#include "signal_gateway/gateway.h"

namespace signal_gateway {

namespace {

constexpr const char* kPrometheusRoute = "/api/v1/signals/prometheus";
constexpr const char* kEventRoute = "/api/v1/signals/kubernetes-event";

void Apply(const GatewayResponse& from, httplib::Response& to) {
  to.status = from.status;
  for (const auto& [name, value] : from.headers) to.set_header(name, value);
  to.set_content(from.body, from.content_type.c_str());
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

}  // namespace

struct HttpServer::Impl {
  explicit Impl(Gateway& g) : gateway(g) {}

  void Configure();
  void Signal(SignalSource source, const httplib::Request& request, httplib::Response& response);

  Gateway& gateway;
  httplib::Server server;
  std::thread thread;
  std::atomic<bool> finished{false};
  bool started = false;
  std::string host;
  int port = 0;
};

void HttpServer::Impl::Signal(SignalSource source, const httplib::Request& request,
                              httplib::Response& response) {
  const auto start = std::chrono::steady_clock::now();
  Apply(gateway.HandleSignals(source, request.body, request.remote_addr), response);
  gateway.metrics().ObserveHttp(std::chrono::steady_clock::now() - start);
}

void HttpServer::Impl::Configure() {
  const GatewayConfig& config = gateway.config();
  server.new_task_queue = [&config] {
    return new BoundedTaskQueue(static_cast<std::size_t>(config.http_threads),
                                config.http_max_queued);
  };
  server.set_read_timeout(config.http_read_timeout);
  server.set_write_timeout(config.http_write_timeout);
  server.set_payload_max_length(config.body_limit);
  // httplib's default also sets SO_REUSEPORT, which lets a second gateway silently share the port;
  // keep SO_REUSEADDR only so that a port in use is an error.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });

  server.set_pre_routing_handler([this](const httplib::Request& request,
                                        httplib::Response& response) {
    const std::string methods = AllowedMethods(request.path);
    if (methods.empty() || MethodAllowed(methods, request.method)) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    GatewayResponse answer =
        gateway.Reject(RejectReason::kMethodNotAllowed, 405,
                       request.method + " is not allowed on " + request.path + ": use " + methods);
    answer.headers.emplace_back("Allow", methods);
    Apply(answer, response);
    return httplib::Server::HandlerResponse::Handled;
  });

  server.Post(kPrometheusRoute,
              [this](const httplib::Request& request, httplib::Response& response) {
                Signal(SignalSource::kPrometheus, request, response);
              });
  server.Post(kEventRoute, [this](const httplib::Request& request, httplib::Response& response) {
    Signal(SignalSource::kKubernetesEvent, request, response);
  });
  server.Get("/health", [this](const httplib::Request&, httplib::Response& response) {
    Apply(gateway.Health(), response);
  });
  server.Get("/ready", [this](const httplib::Request&, httplib::Response& response) {
    Apply(gateway.Ready(), response);
  });
  server.Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
    Apply(gateway.MetricsText(), response);
  });

  // Answers httplib produced itself (413 over the body limit, 404, 400 bad request line) get a
  // JSON body too; answers that already have a body are left alone.
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& request, httplib::Response& response) {
        if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        GatewayResponse answer;
        if (response.status == 413) {
          answer = gateway.Reject(RejectReason::kPayloadTooLarge, 413,
                                  "body is over the limit of " +
                                      std::to_string(gateway.config().body_limit) +
                                      " bytes: split the batch");
        } else if (response.status == 404) {
          answer.status = 404;
          answer.body =
              nlohmann::json{{"status", "rejected"},
                             {"error", "no route for " + request.method + " " + request.path}}
                  .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        } else {
          answer.status = response.status;
          answer.body = nlohmann::json{{"status", "rejected"},
                                       {"error", "HTTP " + std::to_string(response.status)}}
                            .dump();
        }
        Apply(answer, response);
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.set_exception_handler([this](const httplib::Request& request, httplib::Response& response,
                                      const std::exception_ptr& ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("{} {} failed: {}", request.method, request.path, what);
    Apply(gateway.Reject(RejectReason::kInternal, 500, "internal error: " + what), response);
  });
}

HttpServer::HttpServer(Gateway& gateway) : impl_(std::make_unique<Impl>(gateway)) {
  impl_->Configure();
}

HttpServer::~HttpServer() { Stop(); }

int HttpServer::Start(const std::string& host, int port) {
  if (impl_->started) throw std::runtime_error("HttpServer::Start called twice");
  int bound = -1;
  if (port == 0) {
    bound = impl_->server.bind_to_any_port(host);
  } else if (impl_->server.bind_to_port(host, port)) {
    bound = port;
  }
  if (bound <= 0) {
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) +
                             ": address in use or not local (choose another --listen)");
  }
  impl_->started = true;
  impl_->host = host;
  impl_->port = bound;
  impl_->thread = std::thread([impl = impl_.get()] {
    impl->server.listen_after_bind();
    impl->finished = true;
  });
  return bound;
}

void HttpServer::Stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  // stop() is a no-op until the listening loop has started: wait for it (briefly) first.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!impl_->server.is_running() && !impl_->finished &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  impl_->server.stop();
  impl_->thread.join();
}

int HttpServer::port() const { return impl_->port; }

std::string HttpServer::base_url() const {
  return "http://" + impl_->host + ":" + std::to_string(impl_->port);
}

bool HttpServer::running() const { return impl_->thread.joinable() && !impl_->finished; }

}  // namespace signal_gateway
