// Socket helpers of the HTTP front (Linux): a non-blocking listening socket, non-blocking sends
// with a deadline, the peer's address.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace signal_gateway {

// A non-blocking, close-on-exec TCP socket listening on host:port (port 0: an ephemeral port),
// SO_REUSEADDR only (no SO_REUSEPORT: a second gateway on the same port is an error). Returns the
// descriptor and sets `bound_port`; throws std::runtime_error naming the address.
int ListenTcp(const std::string& host, int port, int& bound_port);

// Prepares an accepted connection: TCP_NODELAY (an answer is one send(); nothing waits for an
// ACK to be sent). Returns false when the option cannot be set.
bool SetNoDelay(int fd);

// Sends all of `data` on a non-blocking socket, waiting for room at most `timeout` in total.
// False when the peer is gone or the time ran out.
bool SendAll(int fd, std::string_view data, std::chrono::milliseconds timeout);

// One non-blocking send of what fits (short answers from the event loop: errors, 100 Continue).
void SendNow(int fd, std::string_view data);

// "127.0.0.1", "::1"; "" when unknown.
std::string PeerAddress(int fd);

}  // namespace signal_gateway
