// The fault proxy's thread: one poll() over the wake-up eventfd, the listening socket and every
// session's two sockets, with a timeout of at most 100 ms (the next delayed chunk or bandwidth
// refill, sooner). Takes each change of faults from FaultControl before it polls again.
#pragma once

#include <memory>
#include <vector>

#include "fault_proxy_control.h"
#include "fault_proxy_session.h"
#include "fault_proxy_socket.h"

namespace redis_testkit::ops::internal {

class ProxyLoop {
 public:
  // Owns `listener`; `wake_fd` and the rest are the proxy's and outlive the loop.
  ProxyLoop(Fd listener, int wake_fd, UpstreamAddress upstream, FaultControl& control,
            ProxyCounters& counters);

  // Runs until FaultControl::RequestStop(); then closes every socket. Never throws: an
  // unexpected error stops the loop and is reported through FaultControl::MarkStopped().
  void Run() noexcept;

 private:
  void Turn();  // one poll() and what it reported
  void AcceptAll();
  void ResetAll();
  int PollTimeoutMs(ProxySession::Clock::time_point now);

  Fd listener_;
  int wake_fd_;
  UpstreamAddress upstream_;
  FaultControl& control_;
  ProxyCounters& counters_;
  Faults faults_;
  bool stop_ = false;
  std::vector<std::unique_ptr<ProxySession>> sessions_;
  std::vector<pollfd> polls_;
};

}  // namespace redis_testkit::ops::internal
