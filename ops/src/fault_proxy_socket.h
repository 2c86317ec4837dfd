// Socket plumbing of the fault proxy: an owning file descriptor, the loopback listener, the
// upstream address and a non-blocking connect, the RST close. POSIX only; nothing here blocks.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <string>

#include "redis_testkit/client/endpoint.h"

namespace redis_testkit::ops::internal {

// Owns one file descriptor; closes it on destruction. Move-only.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { Close(); }
  Fd(Fd&& other) noexcept : fd_(other.Release()) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int Release();
  void Close();
  // Closes with SO_LINGER {on, 0 s}: the peer gets an RST instead of a FIN.
  void CloseWithReset();

 private:
  int fd_ = -1;
};

// Where the proxy connects for each client: the upstream's resolved TCP address.
struct UpstreamAddress {
  sockaddr_storage address{};
  socklen_t length = 0;
  std::string text;  // "127.0.0.1:6379" for messages
};

// Resolves the upstream's host (numeric first, then getaddrinfo). Throws std::invalid_argument
// for a unix-socket endpoint or a host that does not resolve.
UpstreamAddress ResolveUpstream(const client::Endpoint& upstream);

// A non-blocking listening socket on 127.0.0.1:<ephemeral>; `port` receives the kernel's pick.
// Throws std::system_error.
Fd ListenOnLoopback(int& port);

// Starts a non-blocking connect; the result is known when the socket is writable (ConnectError).
// Returns an invalid Fd when the connect failed at once (errno is kept).
Fd StartConnect(const UpstreamAddress& upstream);
// 0 once a started connect succeeded, else the errno it failed with.
int ConnectError(int fd);

// accept4 (non-blocking, close-on-exec); an invalid Fd when nothing is pending or on error.
Fd AcceptClient(int listen_fd);

// An eventfd that wakes a poll() from another thread. Throws std::system_error.
Fd MakeWakeFd();
void Wake(int wake_fd);
void DrainWake(int wake_fd);

}  // namespace redis_testkit::ops::internal
