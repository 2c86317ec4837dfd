#include "redis_testkit/ops/fault_proxy.h"

#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

#include "fault_proxy_control.h"
#include "fault_proxy_loop.h"
#include "fault_proxy_socket.h"

namespace redis_testkit::ops {

// What the proxy's thread shares with the FaultProxy. Members are destroyed in reverse order:
// the thread is joined (by ~FaultProxy) before the loop, the control and the eventfd go.
struct FaultProxy::State {
  internal::Fd wake;
  internal::ProxyCounters counters;
  internal::FaultControl control;
  internal::ProxyLoop loop;
  std::thread thread;

  State(internal::Fd listener, internal::Fd wake_fd, internal::UpstreamAddress upstream)
      : wake(std::move(wake_fd)),
        control(wake.get()),
        loop(std::move(listener), wake.get(), std::move(upstream), control, counters) {}
};

namespace {

constexpr std::chrono::hours kMaxLatency{1};

bool ToServer(FaultDirection direction) { return direction != FaultDirection::kToClient; }
bool ToClient(FaultDirection direction) { return direction != FaultDirection::kToServer; }

}  // namespace

FaultProxy::FaultProxy(const client::Endpoint& upstream) : upstream_(upstream) {
  internal::UpstreamAddress address = internal::ResolveUpstream(upstream);
  internal::Fd listener = internal::ListenOnLoopback(port_);
  state_ = std::make_unique<State>(std::move(listener), internal::MakeWakeFd(), std::move(address));
  State& state = *state_;
  state.thread = std::thread([&state] { state.loop.Run(); });
}

FaultProxy::~FaultProxy() {
  if (!state_) return;
  state_->control.RequestStop();
  if (state_->thread.joinable()) state_->thread.join();
}

client::Endpoint FaultProxy::endpoint() const {
  client::Endpoint proxied = upstream_;
  proxied.host = "127.0.0.1";
  proxied.port = port_;
  proxied.unix_socket.clear();
  return proxied;
}

const client::Endpoint& FaultProxy::upstream() const { return upstream_; }

void FaultProxy::SetLatency(std::chrono::milliseconds latency, FaultDirection direction) {
  if (latency.count() < 0 || latency > kMaxLatency) {
    throw std::invalid_argument("FaultProxy::SetLatency: " + std::to_string(latency.count()) +
                                " ms is out of range: give 0 ms (no latency) up to 1 hour");
  }
  state_->control.Change([&](internal::Faults& faults) {
    if (ToServer(direction)) faults.latency_to_server = latency;
    if (ToClient(direction)) faults.latency_to_client = latency;
  });
}

void FaultProxy::SetBandwidth(long long bytes_per_second, FaultDirection direction) {
  if (bytes_per_second <= 0) {
    throw std::invalid_argument("FaultProxy::SetBandwidth: " + std::to_string(bytes_per_second) +
                                " bytes/s is not a cap: give a positive number of bytes per "
                                "second (ClearBandwidth() or Clear() removes the cap)");
  }
  state_->control.Change([&](internal::Faults& faults) {
    if (ToServer(direction)) faults.bandwidth_to_server = bytes_per_second;
    if (ToClient(direction)) faults.bandwidth_to_client = bytes_per_second;
  });
}

void FaultProxy::ClearBandwidth(FaultDirection direction) {
  state_->control.Change([&](internal::Faults& faults) {
    if (ToServer(direction)) faults.bandwidth_to_server = 0;
    if (ToClient(direction)) faults.bandwidth_to_client = 0;
  });
}

void FaultProxy::SetBlackhole(bool on) {
  state_->control.Change([&](internal::Faults& faults) { faults.blackhole = on; });
}

void FaultProxy::SetDropReplies(bool on) {
  state_->control.Change([&](internal::Faults& faults) { faults.drop_replies = on; });
}

void FaultProxy::ResetConnections() {
  state_->control.Change([](internal::Faults&) {}, /*reset=*/true);
}

void FaultProxy::Clear() {
  state_->control.Change([](internal::Faults& faults) { faults = internal::Faults{}; });
}

FaultProxyCounters FaultProxy::counters() const { return state_->counters.Read(); }

}  // namespace redis_testkit::ops
