#include "fault_proxy_socket.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <system_error>

namespace redis_testkit::ops::internal {

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    Close();
    fd_ = other.Release();
  }
  return *this;
}

int Fd::Release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

void Fd::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void Fd::CloseWithReset() {
  if (fd_ < 0) return;
  const linger abort_on_close{.l_onoff = 1, .l_linger = 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof(abort_on_close));
  Close();
}

UpstreamAddress ResolveUpstream(const client::Endpoint& upstream) {
  if (!upstream.unix_socket.empty()) {
    throw std::invalid_argument("FaultProxy: the upstream " + upstream.ToString() +
                                " is a unix socket; the proxy forwards TCP only: give it the "
                                "server's TCP host and port");
  }
  if (upstream.port <= 0 || upstream.port > 65535) {
    throw std::invalid_argument("FaultProxy: the upstream port " + std::to_string(upstream.port) +
                                " is not a TCP port (1-65535)");
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(upstream.port);
  const std::string host = upstream.host.empty() ? "127.0.0.1" : upstream.host;
  const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found);
  if (rc != 0 || found == nullptr) {
    throw std::invalid_argument("FaultProxy: the upstream host '" + host +
                                "' does not resolve: " + ::gai_strerror(rc));
  }
  const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owner(found, &::freeaddrinfo);
  UpstreamAddress result;
  std::memcpy(&result.address, found->ai_addr, found->ai_addrlen);
  result.length = found->ai_addrlen;
  result.text = host + ":" + port;
  return result;
}

Fd ListenOnLoopback(int& port) {
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) throw std::system_error(errno, std::generic_category(), "FaultProxy: socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  auto* generic = reinterpret_cast<sockaddr*>(&address);
  if (::bind(fd.get(), generic, sizeof(address)) != 0 || ::listen(fd.get(), SOMAXCONN) != 0 ||
      ::getsockname(fd.get(), generic, &length) != 0) {
    throw std::system_error(errno, std::generic_category(), "FaultProxy: listen on 127.0.0.1:0");
  }
  port = ntohs(address.sin_port);
  return fd;
}

namespace {

void SetNoDelay(int fd) {
  const int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
}

}  // namespace

Fd StartConnect(const UpstreamAddress& upstream) {
  Fd fd(::socket(upstream.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return fd;
  SetNoDelay(fd.get());
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&upstream.address), upstream.length) !=
          0 &&
      errno != EINPROGRESS) {
    const int error = errno;
    fd.Close();
    errno = error;
  }
  return fd;
}

int ConnectError(int fd) {
  int error = 0;
  socklen_t length = sizeof(error);
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) return errno;
  return error;
}

Fd AcceptClient(int listen_fd) {
  Fd fd(::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
  if (fd.valid()) SetNoDelay(fd.get());
  return fd;
}

Fd MakeWakeFd() {
  Fd fd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (!fd.valid()) throw std::system_error(errno, std::generic_category(), "FaultProxy: eventfd");
  return fd;
}

void Wake(int wake_fd) {
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t written = ::write(wake_fd, &one, sizeof(one));
}

void DrainWake(int wake_fd) {
  std::uint64_t count = 0;
  [[maybe_unused]] const ssize_t got = ::read(wake_fd, &count, sizeof(count));
}

}  // namespace redis_testkit::ops::internal
