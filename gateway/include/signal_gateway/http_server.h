// The HTTP front of a Gateway: the routes of GATEWAY.md over HTTP/1.1 with keep-alive. One
// event-loop thread owns every connection and hands the worker pool complete requests only, so
// idle, half-open and slow connections never hold a worker (limits: --http-read-timeout for a
// request's whole arrival, --http-idle-timeout, --http-max-connections closing the oldest idle
// first, a body limit, a bounded backlog answering 503). Embeddable in tests:
//
//   signal_gateway::HttpServer http(gateway);
//   int port = http.Start();            // 127.0.0.1, ephemeral port, serves from its own thread
//   ... POST http://127.0.0.1:<port>/api/v1/signals/prometheus ...
//   http.Stop();                        // also done by the destructor
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace signal_gateway {

class Gateway;

class HttpServer {
 public:
  // `gateway` must outlive the server. Options come from gateway.config() (threads, queue,
  // timeouts, body limit).
  explicit HttpServer(Gateway& gateway);
  ~HttpServer();  // Stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds host:port (port 0: an ephemeral port), starts serving on a background thread and
  // returns the bound port. Connections are accepted as soon as it returns. Throws
  // std::runtime_error naming the address when binding fails (port in use, bad host), or when
  // called twice.
  int Start(const std::string& host = "127.0.0.1", int port = 0);
  // Stops accepting, lets in-flight requests finish, joins the threads. Idempotent.
  void Stop();

  int port() const;
  std::string base_url() const;  // "http://127.0.0.1:<port>"
  bool running() const;
  std::size_t open_connections() const;  // accepted and not yet closed

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace signal_gateway
