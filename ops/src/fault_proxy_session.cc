#include "fault_proxy_session.h"

#include <algorithm>
#include <utility>

namespace redis_testkit::ops::internal {

namespace {

std::optional<ProxySession::Clock::time_point> Earliest(
    std::optional<ProxySession::Clock::time_point> a,
    std::optional<ProxySession::Clock::time_point> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

}  // namespace

ProxySession::ProxySession(Fd client, Fd upstream, ProxyCounters& counters)
    : client_(std::move(client)),
      upstream_(std::move(upstream)),
      to_server_({.read = &counters.bytes_from_client,
                  .written = &counters.bytes_to_server,
                  .dropped = &counters.bytes_dropped}),
      to_client_({.read = &counters.bytes_from_server,
                  .written = &counters.bytes_to_client,
                  .dropped = &counters.bytes_dropped}) {}

ProxyFlow::Rules ProxySession::ToServer(const Faults& faults) const {
  return {.latency = faults.latency_to_server,
          .bytes_per_second = faults.bandwidth_to_server,
          .discard = faults.blackhole};
}

ProxyFlow::Rules ProxySession::ToClient(const Faults& faults) const {
  return {.latency = faults.latency_to_client,
          .bytes_per_second = faults.bandwidth_to_client,
          .discard = faults.blackhole || faults.drop_replies};
}

pollfd ProxySession::ClientPoll(Clock::time_point now, const Faults& faults) {
  pollfd entry{.fd = -1, .events = 0, .revents = 0};
  if (!client_.valid() || client_eof_) return entry;
  entry.fd = client_.get();
  if (to_server_.WantsRead()) entry.events |= POLLIN;
  if (to_client_.WantsWrite(now, ToClient(faults))) entry.events |= POLLOUT;
  return entry;
}

pollfd ProxySession::UpstreamPoll(Clock::time_point now, const Faults& faults) {
  pollfd entry{.fd = -1, .events = 0, .revents = 0};
  if (!upstream_.valid() || upstream_eof_) return entry;
  entry.fd = upstream_.get();
  if (connecting_) {
    entry.events = POLLOUT;
    return entry;
  }
  if (to_client_.WantsRead()) entry.events |= POLLIN;
  if (to_server_.WantsWrite(now, ToServer(faults))) entry.events |= POLLOUT;
  return entry;
}

void ProxySession::Handle(const pollfd& client, const pollfd& upstream, Clock::time_point now,
                          const Faults& faults) {
  if (connecting_ && upstream.revents != 0) FinishConnect();
  HandleClient(client.revents, now, faults);
  HandleUpstream(connecting_ ? short{0} : upstream.revents, now, faults);
  // Forward at once what became due: a chunk read now with no latency leaves in this same turn.
  if (!connecting_ && upstream_.valid() && !upstream_eof_ &&
      to_server_.WriteTo(upstream_.get(), now, ToServer(faults)) == ProxyFlow::Status::kError) {
    Reset();
  }
  if (client_.valid() && !client_eof_ &&
      to_client_.WriteTo(client_.get(), now, ToClient(faults)) == ProxyFlow::Status::kError) {
    Reset();
  }
  CloseWhenFlushed();
}

void ProxySession::HandleClient(short revents, Clock::time_point now, const Faults& faults) {
  if (!client_.valid() || client_eof_ || revents == 0) return;
  if ((revents & POLLERR) != 0) {
    Reset();
    return;
  }
  if ((revents & (POLLIN | POLLHUP)) == 0) return;
  switch (to_server_.ReadFrom(client_.get(), now, ToServer(faults))) {
    case ProxyFlow::Status::kOk:
      break;
    case ProxyFlow::Status::kEof:
      client_eof_ = true;
      break;
    case ProxyFlow::Status::kError:
      Reset();
      break;
  }
}

void ProxySession::HandleUpstream(short revents, Clock::time_point now, const Faults& faults) {
  if (!upstream_.valid() || upstream_eof_ || revents == 0) return;
  if ((revents & POLLERR) != 0) {
    Reset();  // Redis reset the connection: so does the proxy, towards the client
    return;
  }
  if ((revents & (POLLIN | POLLHUP)) == 0) return;
  switch (to_client_.ReadFrom(upstream_.get(), now, ToClient(faults))) {
    case ProxyFlow::Status::kOk:
      break;
    case ProxyFlow::Status::kEof:
      upstream_eof_ = true;
      break;
    case ProxyFlow::Status::kError:
      Reset();
      break;
  }
}

void ProxySession::FinishConnect() {
  if (ConnectError(upstream_.get()) != 0) {
    // Redis is not there: the client sees its connection reset, as without the proxy it would
    // have seen the connect refused.
    upstream_.Close();
    client_.CloseWithReset();
    return;
  }
  connecting_ = false;
}

void ProxySession::CloseWhenFlushed() {
  const bool client_done = client_eof_ && (to_server_.empty() || !upstream_.valid());
  const bool upstream_done = upstream_eof_ && (to_client_.empty() || !client_.valid());
  if (client_done || upstream_done) {
    client_.Close();
    upstream_.Close();
  }
}

std::optional<ProxySession::Clock::time_point> ProxySession::NextWake(Clock::time_point now,
                                                                      const Faults& faults) {
  std::optional<Clock::time_point> wake;
  if (upstream_.valid() && !connecting_) wake = to_server_.NextWake(now, ToServer(faults));
  if (client_.valid()) wake = Earliest(wake, to_client_.NextWake(now, ToClient(faults)));
  return wake;
}

void ProxySession::Reset() {
  client_.CloseWithReset();
  upstream_.CloseWithReset();
}

}  // namespace redis_testkit::ops::internal
