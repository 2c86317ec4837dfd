#include "http_connection_loop.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <stdexcept>

#include "http_socket.h"

namespace signal_gateway {

namespace {

constexpr int kSweepMs = 50;
constexpr std::size_t kReadChunk = std::size_t{16} * 1024;
// After an error answer the connection is half-closed and drained this long, so that the client
// reads the answer instead of a reset caused by the body it is still sending.
constexpr std::chrono::milliseconds kLinger{1000};
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

}  // namespace

HttpConnectionLoop::HttpConnectionLoop(const HttpLoopSettings& settings, Handler handler,
                                       ErrorHandler on_error)
    : settings_(settings),
      handler_(std::move(handler)),
      on_error_(std::move(on_error)),
      epoll_fd_(epoll_create1(EPOLL_CLOEXEC)),
      wake_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  if (epoll_fd_ < 0 || wake_fd_ < 0) throw std::runtime_error("cannot create the HTTP event loop");
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = wake_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &event);
  workers_ = std::make_unique<BoundedTaskQueue>(static_cast<std::size_t>(settings_.threads),
                                                settings_.max_queued);
}

HttpConnectionLoop::~HttpConnectionLoop() {
  workers_->Shutdown();
  for (const auto& entry : connections_) close(entry.first);
  if (listen_fd_ >= 0) close(listen_fd_);
  close(wake_fd_);
  close(epoll_fd_);
}

int HttpConnectionLoop::Listen(const std::string& host, int port) {
  int bound = 0;
  listen_fd_ = ListenTcp(host, port, bound);
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = listen_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &event);
  return bound;
}

void HttpConnectionLoop::Stop() {
  stopping_ = true;
  const std::uint64_t one = 1;
  static_cast<void>(write(wake_fd_, &one, sizeof(one)));
}

void HttpConnectionLoop::Run() {
  std::array<epoll_event, 256> events{};
  Clock::time_point last_sweep = Clock::now();
  while (!stopping_) {
    const int ready =
        epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), kSweepMs);
    for (int i = 0; i < ready && !stopping_; ++i) {
      const int fd = events[static_cast<std::size_t>(i)].data.fd;
      if (fd == listen_fd_) {
        Accept();
      } else if (fd == wake_fd_) {
        std::uint64_t count = 0;
        static_cast<void>(read(wake_fd_, &count, sizeof(count)));
        Finished();
      } else if (auto found = connections_.find(fd);
                 found != connections_.end() && found->second->phase != Phase::kBusy) {
        Readable(*found->second);
      }
    }
    if (Clock::now() - last_sweep >= std::chrono::milliseconds(kSweepMs)) {
      Sweep();
      last_sweep = Clock::now();
    }
  }
  close(listen_fd_);
  listen_fd_ = -1;
  workers_->Shutdown();  // requests already read are answered (Connection: close)
  for (const auto& entry : connections_) close(entry.first);
  connections_.clear();
  open_ = 0;
}

void HttpConnectionLoop::Accept() {
  for (;;) {
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        if (MakeRoom()) continue;
        // Nothing to close: stop accepting until the next sweep (the kernel queues clients).
        epoll_event event{};
        event.data.fd = listen_fd_;
        epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, listen_fd_, &event);
        listen_paused_ = true;
      }
      return;
    }
    if (connections_.size() >= settings_.max_connections && !MakeRoom()) {
      close(fd);
      continue;
    }
    SetNoDelay(fd);
    auto connection = std::make_unique<Connection>();
    connection->fd = fd;
    connection->id = next_id_++;
    connection->remote = PeerAddress(fd);
    connection->since = Clock::now();
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
    event.data.fd = fd;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
    connections_[fd] = std::move(connection);
    ++open_;
  }
}

// Closes the connection that matters least: one closing after an error, else the oldest idle one,
// else the oldest still sending its request. False when every connection has a request in work.
bool HttpConnectionLoop::MakeRoom() {
  const Connection* victim = nullptr;
  auto rank = [](Phase phase) {
    return phase == Phase::kClosing ? 0 : phase == Phase::kIdle ? 1 : 2;
  };
  for (const auto& entry : connections_) {
    const Connection& candidate = *entry.second;
    if (candidate.phase == Phase::kBusy) continue;
    if (victim == nullptr || rank(candidate.phase) < rank(victim->phase) ||
        (rank(candidate.phase) == rank(victim->phase) && candidate.since < victim->since)) {
      victim = &candidate;
    }
  }
  if (victim == nullptr) return false;
  Close(victim->fd);
  return true;
}

void HttpConnectionLoop::Readable(Connection& connection) {
  const std::size_t cap =
      settings_.limits.max_head_bytes + settings_.limits.max_body_bytes + kReadChunk;
  std::array<char, kReadChunk> chunk{};
  bool eof = false;
  while (connection.buffer.size() < cap) {
    const ssize_t got = recv(connection.fd, chunk.data(), chunk.size(), 0);
    if (got > 0) {
      if (connection.phase != Phase::kClosing) {
        connection.buffer.append(chunk.data(), static_cast<std::size_t>(got));
      }
      continue;
    }
    if (got < 0 && errno == EINTR) continue;
    // 0: the peer sent FIN; an error other than "nothing more yet" ends the connection too.
    eof = got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
    break;
  }
  if (connection.phase == Phase::kClosing) {
    if (eof) {
      Close(connection.fd);
    } else {
      Arm(connection.fd);
    }
    return;
  }
  // A client that half-closes after its request still gets the answer (then the connection ends).
  if (eof) connection.peer_closed = true;
  Process(connection);
}

void HttpConnectionLoop::Process(Connection& connection) {
  if (connection.buffer.empty() && connection.peer_closed) {
    Close(connection.fd);
    return;
  }
  if (connection.buffer.empty()) {
    connection.phase = Phase::kIdle;
    connection.since = Clock::now();
    Arm(connection.fd);
    return;
  }
  if (connection.phase == Phase::kIdle) {
    connection.phase = Phase::kReading;  // the read timeout runs from the request's first byte
    connection.since = Clock::now();
  }
  HttpParseResult parsed = ParseHttpRequest(connection.buffer, settings_.limits);
  switch (parsed.state) {
    case HttpParseResult::State::kError:
      Refuse(connection, parsed.error_status, parsed.error);
      return;
    case HttpParseResult::State::kIncomplete:
      if (connection.peer_closed) {
        Close(connection.fd);
        return;
      }
      if (parsed.head_complete && parsed.request.expect_continue && !connection.continue_sent) {
        SendNow(connection.fd, kContinue);
        connection.continue_sent = true;
      }
      Arm(connection.fd);
      return;
    case HttpParseResult::State::kComplete:
      connection.buffer.erase(0, parsed.consumed);
      connection.continue_sent = false;
      if (connection.peer_closed) parsed.request.keep_alive = false;
      Dispatch(connection, std::move(parsed.request));
      return;
  }
}

void HttpConnectionLoop::Dispatch(Connection& connection, HttpRequest request) {
  connection.phase = Phase::kBusy;
  auto shared = std::make_shared<const HttpRequest>(std::move(request));
  const bool queued =
      workers_->TryEnqueue([this, fd = connection.fd, id = connection.id, shared,
                            remote = connection.remote] { Serve(fd, id, *shared, remote); });
  if (!queued) {
    connection.phase = Phase::kReading;
    Refuse(connection, 503, "the gateway's HTTP workers are all busy: retry shortly");
  }
}

// On a worker: the connection is Busy, so the loop neither reads, closes nor reuses its fd.
void HttpConnectionLoop::Serve(int fd, std::uint64_t id, const HttpRequest& request,
                               const std::string& remote) {
  HttpResponse response;
  try {
    response = handler_(request, remote);
  } catch (const std::exception& e) {
    response = on_error_(500, std::string("internal error: ") + e.what());
  } catch (...) {
    response = on_error_(500, "internal error: unknown exception");
  }
  const bool keep = request.keep_alive && !response.close && !stopping_;
  const bool sent = SendAll(fd, SerializeHttpResponse(response, keep, request.method == "HEAD"),
                            settings_.write_timeout);
  {
    std::lock_guard lock(done_mutex_);
    done_.push_back({fd, id, keep && sent});
  }
  const std::uint64_t one = 1;
  static_cast<void>(write(wake_fd_, &one, sizeof(one)));
}

void HttpConnectionLoop::Finished() {
  std::vector<Done> done;
  {
    std::lock_guard lock(done_mutex_);
    done.swap(done_);
  }
  for (const Done& item : done) {
    auto found = connections_.find(item.fd);
    if (found == connections_.end() || found->second->id != item.id) continue;
    if (!item.keep) {
      Close(item.fd);
      continue;
    }
    Connection& connection = *found->second;
    connection.phase = Phase::kIdle;
    connection.since = Clock::now();
    Process(connection);  // a pipelined request may already be buffered
  }
}

void HttpConnectionLoop::Refuse(Connection& connection, int status, const std::string& message) {
  SendNow(connection.fd, SerializeHttpResponse(on_error_(status, message), false, false));
  shutdown(connection.fd, SHUT_WR);
  connection.phase = Phase::kClosing;
  connection.since = Clock::now();
  connection.buffer.clear();
  Arm(connection.fd);
}

void HttpConnectionLoop::Sweep() {
  const Clock::time_point now = Clock::now();
  std::vector<int> expired;
  for (const auto& entry : connections_) {
    Connection& connection = *entry.second;
    const auto age = now - connection.since;
    if (connection.phase == Phase::kReading && age > settings_.read_timeout) {
      Refuse(connection, 408,
             "the request did not arrive within the read timeout of " +
                 std::to_string(settings_.read_timeout.count()) + " ms");
    } else if ((connection.phase == Phase::kIdle && age > settings_.idle_timeout) ||
               (connection.phase == Phase::kClosing && age > kLinger)) {
      expired.push_back(connection.fd);
    }
  }
  for (const int fd : expired) Close(fd);
  if (listen_paused_) {
    Arm(listen_fd_, true);
    listen_paused_ = false;
  }
}

void HttpConnectionLoop::Arm(int fd, bool listening) {
  epoll_event event{};
  event.events = listening ? EPOLLIN : (EPOLLIN | EPOLLRDHUP | EPOLLONESHOT);
  event.data.fd = fd;
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &event);
}

void HttpConnectionLoop::Close(int fd) {
  if (connections_.erase(fd) == 0) return;
  close(fd);  // also leaves the epoll set
  --open_;
}

}  // namespace signal_gateway
