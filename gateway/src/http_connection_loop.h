// The event-driven front of the gateway's HTTP server: one thread owns every connection (epoll),
// reads and parses requests without blocking, and hands a worker only a complete request. So idle
// keep-alive connections, half-open ones and slow senders cost a descriptor, never a worker:
// - a request must arrive whole within read_timeout of its first byte (slowloris is cut off, 408);
// - a connection idle longer than idle_timeout is closed;
// - at max_connections, a new connection closes the oldest idle one (or is refused when none is
//   idle); running out of descriptors does the same;
// - a complete request waits for a worker in a backlog of max_queued; beyond it: 503 at once.
// An answer is one send() on a TCP_NODELAY socket (no Nagle/delayed-ACK stall on keep-alive).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "bounded_task_queue.h"
#include "http_message.h"

namespace signal_gateway {

struct HttpLoopSettings {
  int threads = 8;
  std::size_t max_queued = 64;
  std::chrono::milliseconds read_timeout{5000};
  std::chrono::milliseconds write_timeout{5000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::size_t max_connections = 4096;
  HttpParseLimits limits;
};

class HttpConnectionLoop {
 public:
  // Runs on a worker: the answer to a complete request (exceptions become `on_error(500, what)`).
  using Handler = std::function<HttpResponse(const HttpRequest&, const std::string& remote_ip)>;
  // The answer to a request that could not be read (400, 408, 411, 413, 431, 503, 505...).
  using ErrorHandler = std::function<HttpResponse(int status, const std::string& message)>;

  HttpConnectionLoop(const HttpLoopSettings& settings, Handler handler, ErrorHandler on_error);
  ~HttpConnectionLoop();
  HttpConnectionLoop(const HttpConnectionLoop&) = delete;
  HttpConnectionLoop& operator=(const HttpConnectionLoop&) = delete;

  // Listens on host:port (0: ephemeral) and returns the port; throws std::runtime_error.
  int Listen(const std::string& host, int port);
  // Serves until Stop(); then lets the queued requests finish and closes every connection.
  void Run();
  void Stop();  // any thread

  std::size_t open_connections() const { return open_; }

 private:
  using Clock = std::chrono::steady_clock;
  enum class Phase { kIdle, kReading, kBusy, kClosing };
  struct Connection {
    int fd = -1;
    std::uint64_t id = 0;
    std::string remote;
    std::string buffer;
    Phase phase = Phase::kIdle;
    Clock::time_point since;  // idle since / request started / closing since
    bool continue_sent = false;
    bool peer_closed = false;  // the client sent FIN: answer what is complete, then close
  };
  struct Done {
    int fd;
    std::uint64_t id;
    bool keep;
  };

  void Accept();
  bool MakeRoom();
  void Readable(Connection& connection);
  void Process(Connection& connection);
  void Dispatch(Connection& connection, HttpRequest request);
  void Serve(int fd, std::uint64_t id, const HttpRequest& request, const std::string& remote);
  void Refuse(Connection& connection, int status, const std::string& message);
  void Finished();
  void Sweep();
  void Arm(int fd, bool listening = false);
  void Close(int fd);

  HttpLoopSettings settings_;
  Handler handler_;
  ErrorHandler on_error_;
  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  bool listen_paused_ = false;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> open_{0};
  std::uint64_t next_id_ = 1;
  std::unordered_map<int, std::unique_ptr<Connection>> connections_;  // loop thread only
  std::mutex done_mutex_;
  std::vector<Done> done_;  // guarded by done_mutex_
  std::unique_ptr<BoundedTaskQueue> workers_;
};

}  // namespace signal_gateway
