#include "fault_proxy_control.h"

#include <stdexcept>

#include "fault_proxy_socket.h"

namespace redis_testkit::ops::internal {

FaultProxyCounters ProxyCounters::Read() const {
  FaultProxyCounters out;
  out.connections_accepted = connections_accepted.load();
  out.connections_open = connections_open.load();
  out.connections_reset = connections_reset.load();
  out.bytes_from_client = bytes_from_client.load();
  out.bytes_to_server = bytes_to_server.load();
  out.bytes_from_server = bytes_from_server.load();
  out.bytes_to_client = bytes_to_client.load();
  out.bytes_dropped = bytes_dropped.load();
  return out;
}

void FaultControl::Change(const std::function<void(Faults&)>& change, bool reset) {
  std::unique_lock lock(mutex_);
  if (stopped_)
    throw std::runtime_error("FaultProxy: the proxy's thread has stopped: " + stopped_reason_);
  change(faults_);
  reset_ = reset_ || reset;
  const std::uint64_t generation = ++requested_;
  Wake(wake_fd_);
  const bool taken = acknowledged_.wait_for(lock, std::chrono::seconds(5),
                                            [&] { return applied_ >= generation || stopped_; });
  if (applied_ >= generation) return;
  if (stopped_)
    throw std::runtime_error("FaultProxy: the proxy's thread has stopped: " + stopped_reason_);
  static_cast<void>(taken);
  throw std::runtime_error("FaultProxy: the proxy's thread did not take the change within 5 s");
}

void FaultControl::RequestStop() {
  const std::lock_guard lock(mutex_);
  stop_ = true;
  Wake(wake_fd_);
}

FaultControl::Taken FaultControl::Take() {
  const std::lock_guard lock(mutex_);
  Taken taken{.faults = faults_, .reset = reset_, .stop = stop_, .generation = requested_};
  reset_ = false;
  return taken;
}

void FaultControl::Acknowledge(std::uint64_t generation) {
  {
    const std::lock_guard lock(mutex_);
    if (generation > applied_) applied_ = generation;
  }
  acknowledged_.notify_all();
}

void FaultControl::MarkStopped(const std::string& reason) {
  {
    const std::lock_guard lock(mutex_);
    stopped_ = true;
    stopped_reason_ = reason;
  }
  acknowledged_.notify_all();
}

}  // namespace redis_testkit::ops::internal
