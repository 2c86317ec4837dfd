// One proxied connection: the accepted client socket, the proxy's own connection to Redis, and a
// ProxyFlow each way. Driven by the proxy's poll loop: it says what to poll for, handles what
// poll reported, and says when it next needs a wake-up (a delayed chunk, the bandwidth cap).
#pragma once

#include <poll.h>

#include <optional>

#include "fault_proxy_control.h"
#include "fault_proxy_flow.h"
#include "fault_proxy_socket.h"

namespace redis_testkit::ops::internal {

class ProxySession {
 public:
  using Clock = ProxyFlow::Clock;

  // `upstream` is a connect in progress (StartConnect).
  ProxySession(Fd client, Fd upstream, ProxyCounters& counters);

  // The two poll entries (client, upstream) for the faults in force.
  pollfd ClientPoll(Clock::time_point now, const Faults& faults);
  pollfd UpstreamPoll(Clock::time_point now, const Faults& faults);
  // Reads, writes and state changes for what poll() reported.
  void Handle(const pollfd& client, const pollfd& upstream, Clock::time_point now,
              const Faults& faults);
  std::optional<Clock::time_point> NextWake(Clock::time_point now, const Faults& faults);

  // Both sockets closed (by either peer, an error, or Reset()); the loop forgets the session.
  bool finished() const { return !client_.valid() && !upstream_.valid(); }
  // Closes both sides with RST.
  void Reset();

 private:
  ProxyFlow::Rules ToServer(const Faults& faults) const;
  ProxyFlow::Rules ToClient(const Faults& faults) const;
  void FinishConnect();
  // One side hung up: flush what goes to the other side, then close it (FIN).
  void CloseWhenFlushed();
  void HandleClient(short revents, Clock::time_point now, const Faults& faults);
  void HandleUpstream(short revents, Clock::time_point now, const Faults& faults);

  Fd client_;
  Fd upstream_;
  bool connecting_ = true;
  bool client_eof_ = false;
  bool upstream_eof_ = false;
  ProxyFlow to_server_;
  ProxyFlow to_client_;
};

}  // namespace redis_testkit::ops::internal
