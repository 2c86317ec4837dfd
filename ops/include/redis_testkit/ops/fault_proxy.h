// An in-process TCP proxy on loopback between the code under test and Redis, with faults that a
// test switches on and off at any time: added latency, a bandwidth cap, a blackhole (connections
// are accepted and read, never answered), dropped replies (the server executes, the client never
// hears back: the case that breaks idempotency), and a reset of every open connection (RST).
// No extra dependency: POSIX sockets, poll(2) and one thread per proxy.
//
//   redis_testkit::FaultProxy proxy(server_endpoint);   // listens on 127.0.0.1:<ephemeral>
//   client::Connection c({.endpoint = proxy.endpoint(), .command_timeout = 200ms});
//   proxy.SetLatency(50ms);          // every reply arrives 50 ms later (order kept)
//   proxy.SetDropReplies();          // INCR runs on the server; the client gets a TimeoutError
//   proxy.Clear();                   // back to a clean pass-through
//
// Every setter is thread-safe and synchronous: when it returns, the proxy's thread applies the
// fault to every byte it reads from then on (no race with the command the test sends next).
// Nothing blocks: the thread waits in poll() with a bounded timeout and is woken through an
// eventfd; the destructor stops it and closes every connection, however many are open.
#pragma once

#include <chrono>
#include <memory>

#include "redis_testkit/client/endpoint.h"

namespace redis_testkit::ops {

// Which way a fault applies. Round-trip latency is the sum of both directions.
enum class FaultDirection {
  kToServer,  // requests, client -> Redis
  kToClient,  // replies, Redis -> client
  kBoth,
};

// What went through the proxy since it was built (Clear() does not reset them).
struct FaultProxyCounters {
  long long connections_accepted = 0;  // client connections accepted
  long long connections_open = 0;      // client connections open now
  long long connections_reset = 0;     // closed with RST by ResetConnections()
  long long bytes_from_client = 0;     // read from clients (also while blackholed)
  long long bytes_to_server = 0;       // written to Redis
  long long bytes_from_server = 0;     // read from Redis
  long long bytes_to_client = 0;       // written to clients
  long long bytes_dropped = 0;         // read but discarded (blackhole, dropped replies)
};

class FaultProxy {
 public:
  // Listens on 127.0.0.1:<ephemeral port> and starts the proxy's thread; each accepted client
  // gets its own connection to `upstream` (TCP host:port; a numeric address or a name such as
  // "localhost"). Throws std::invalid_argument for a unix-socket upstream or a host that does
  // not resolve, std::system_error when the listening socket or the thread cannot be made.
  explicit FaultProxy(const client::Endpoint& upstream);
  ~FaultProxy();  // stops the thread, closes every connection; never blocks beyond ~100 ms
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  // What the code under test connects to: the upstream's db, user and password, the proxy's
  // host (127.0.0.1) and port.
  client::Endpoint endpoint() const;
  const client::Endpoint& upstream() const;

  // Every chunk read in `direction` is forwarded `latency` later, in order. The default delays
  // replies only, so SetLatency(50ms) adds 50 ms per round trip (kBoth adds it twice).
  // 0 ms removes the latency of that direction. Throws std::invalid_argument when negative or
  // longer than an hour.
  void SetLatency(std::chrono::milliseconds latency,
                  FaultDirection direction = FaultDirection::kToClient);
  // At most `bytes_per_second` are written in `direction`, per connection. Throws
  // std::invalid_argument when not positive (Clear() or ClearBandwidth() removes the cap).
  void SetBandwidth(long long bytes_per_second, FaultDirection direction = FaultDirection::kBoth);
  void ClearBandwidth(FaultDirection direction = FaultDirection::kBoth);
  // New and existing connections stay open, everything they send is read and discarded, nothing
  // is ever answered (nor forwarded): the client times out. false restores forwarding.
  void SetBlackhole(bool on = true);
  // Requests still reach Redis, which executes them; every reply is discarded.
  void SetDropReplies(bool on = true);
  // Closes every open connection on both sides with RST (SO_LINGER 0): the client's next command
  // fails with an I/O error; connections made afterwards work (unless another fault is on).
  void ResetConnections();
  // Back to a clean pass-through: no latency, no cap, no blackhole, replies delivered.
  void Clear();

  FaultProxyCounters counters() const;

 private:
  struct State;  // what the proxy's thread shares with this object (src/fault_proxy.cc)
  client::Endpoint upstream_;
  int port_ = 0;
  std::unique_ptr<State> state_;
};

}  // namespace redis_testkit::ops

namespace redis_testkit {
// The name the issue gives it: redis_testkit::FaultProxy.
using ops::FaultDirection;
using ops::FaultProxy;
using ops::FaultProxyCounters;
}  // namespace redis_testkit
