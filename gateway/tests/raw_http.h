// A raw HTTP/1.1 client over one TCP socket for the HTTP front's tests: what a library client
// hides (keep-alive reuse, partial and slow requests, idle connections, the server's socket
// options). Every read and write has a timeout.
#pragma once

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

namespace signal_gateway::testing {

class RawHttp {
 public:
  explicit RawHttp(int port) : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    if (fd_ < 0) throw std::runtime_error("socket() failed (file descriptor limit?)");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      close(fd_);
      throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
    }
  }
  ~RawHttp() {
    if (fd_ >= 0) close(fd_);
  }
  RawHttp(const RawHttp&) = delete;
  RawHttp& operator=(const RawHttp&) = delete;

  int fd() const { return fd_; }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t sent = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (sent <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
  }

  // Reads until one whole response (head + Content-Length body) is buffered, the peer closes, or
  // `timeout` passes; returns it ("" when none came) and keeps what follows for the next call.
  std::string ReadResponse(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const std::size_t head_end = buffer_.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        const std::size_t length = ContentLength(buffer_.substr(0, head_end));
        if (buffer_.size() >= head_end + 4 + length) {
          std::string response = buffer_.substr(0, head_end + 4 + length);
          buffer_.erase(0, head_end + 4 + length);
          return response;
        }
      }
      if (closed_ || !Fill(deadline)) return "";
    }
  }

  // True when the server closed the connection (EOF or reset) within `timeout`; data read before
  // the close is kept.
  bool ClosedWithin(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!closed_) {
      if (!Fill(deadline) && !closed_) return false;
    }
    return true;
  }
  const std::string& buffered() const { return buffer_; }

 private:
  static std::size_t ContentLength(const std::string& head) {
    std::string lower = head;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::size_t at = lower.find("\r\ncontent-length:");
    return at == std::string::npos ? 0 : std::strtoul(lower.c_str() + at + 17, nullptr, 10);
  }

  // One read; false on timeout.
  bool Fill(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd waiting{fd_, POLLIN, 0};
    if (poll(&waiting, 1, static_cast<int>(left.count())) <= 0) return false;
    char chunk[4096];
    const ssize_t got = recv(fd_, chunk, sizeof(chunk), 0);
    if (got <= 0) {
      closed_ = true;
      return true;
    }
    buffer_.append(chunk, static_cast<std::size_t>(got));
    return true;
  }

  int fd_;
  std::string buffer_;
  bool closed_ = false;
};

// The server-side socket of `client` when the server runs in this process: the descriptor whose
// local and peer addresses are the client's peer and local ones; -1 when there is none.
inline int AcceptedSocketOf(int client) {
  sockaddr_in local{};
  sockaddr_in peer{};
  socklen_t length = sizeof(local);
  getsockname(client, reinterpret_cast<sockaddr*>(&local), &length);
  length = sizeof(peer);
  getpeername(client, reinterpret_cast<sockaddr*>(&peer), &length);
  DIR* fds = opendir("/proc/self/fd");
  if (fds == nullptr) return -1;
  int found = -1;
  while (const dirent* entry = readdir(fds)) {
    const int fd = std::atoi(entry->d_name);
    if (fd <= 2 || fd == client) continue;
    sockaddr_in their_local{};
    sockaddr_in their_peer{};
    socklen_t a = sizeof(their_local);
    socklen_t b = sizeof(their_peer);
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&their_local), &a) != 0 ||
        getpeername(fd, reinterpret_cast<sockaddr*>(&their_peer), &b) != 0 ||
        their_local.sin_family != AF_INET) {
      continue;
    }
    if (their_local.sin_port == peer.sin_port && their_peer.sin_port == local.sin_port &&
        their_peer.sin_addr.s_addr == local.sin_addr.s_addr) {
      found = fd;
      break;
    }
  }
  closedir(fds);
  return found;
}

}  // namespace signal_gateway::testing
