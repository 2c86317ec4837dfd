#include "fault_proxy_loop.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>

namespace redis_testkit::ops::internal {

namespace {

using Clock = ProxySession::Clock;
constexpr std::chrono::milliseconds kMaxPollWait{100};

}  // namespace

ProxyLoop::ProxyLoop(Fd listener, int wake_fd, UpstreamAddress upstream, FaultControl& control,
                     ProxyCounters& counters)
    : listener_(std::move(listener)),
      wake_fd_(wake_fd),
      upstream_(std::move(upstream)),
      control_(control),
      counters_(counters) {}

void ProxyLoop::Run() noexcept {
  std::string reason = "the proxy was destroyed";
  try {
    while (!stop_) Turn();
  } catch (const std::exception& error) {
    reason = error.what();
  } catch (...) {
    reason = "unknown error";
  }
  control_.MarkStopped(reason);
  sessions_.clear();  // closes every socket (FIN; RST where unread bytes remain)
  counters_.connections_open = 0;
  listener_.Close();
}

void ProxyLoop::Turn() {
  const FaultControl::Taken taken = control_.Take();
  if (taken.stop) {
    stop_ = true;
    return;
  }
  if (taken.reset) {
    counters_.connections_reset += static_cast<long long>(sessions_.size());
    ResetAll();
  }
  faults_ = taken.faults;
  control_.Acknowledge(taken.generation);

  Clock::time_point now = Clock::now();
  polls_.clear();
  polls_.push_back({.fd = wake_fd_, .events = POLLIN, .revents = 0});
  polls_.push_back({.fd = listener_.get(), .events = POLLIN, .revents = 0});
  for (const auto& session : sessions_) {
    polls_.push_back(session->ClientPoll(now, faults_));
    polls_.push_back(session->UpstreamPoll(now, faults_));
  }
  const int ready = ::poll(polls_.data(), polls_.size(), PollTimeoutMs(now));
  if (ready < 0 && errno != EINTR) {
    throw std::runtime_error(std::string("poll failed: ") + std::strerror(errno));
  }
  if ((polls_[0].revents & POLLIN) != 0) DrainWake(wake_fd_);
  now = Clock::now();
  // Sessions first (their poll entries follow the two fixed ones), then new clients.
  for (std::size_t i = 0; i < sessions_.size(); ++i) {
    sessions_[i]->Handle(polls_[2 + 2 * i], polls_[3 + 2 * i], now, faults_);
  }
  std::erase_if(sessions_, [](const auto& session) { return session->finished(); });
  if ((polls_[1].revents & POLLIN) != 0) AcceptAll();
  counters_.connections_open = static_cast<long long>(sessions_.size());
}

int ProxyLoop::PollTimeoutMs(Clock::time_point now) {
  Clock::time_point wake = now + kMaxPollWait;
  for (const auto& session : sessions_) {
    if (const auto next = session->NextWake(now, faults_)) wake = std::min(wake, *next);
  }
  if (wake <= now) return 0;
  return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(wake - now).count());
}

void ProxyLoop::AcceptAll() {
  while (true) {
    Fd client = AcceptClient(listener_.get());
    if (!client.valid()) return;  // EAGAIN: no more pending (or a transient accept error)
    ++counters_.connections_accepted;
    Fd upstream = StartConnect(upstream_);
    if (!upstream.valid()) {
      client.CloseWithReset();  // no socket to Redis: the client sees its connection reset
      continue;
    }
    sessions_.push_back(
        std::make_unique<ProxySession>(std::move(client), std::move(upstream), counters_));
  }
}

void ProxyLoop::ResetAll() {
  for (const auto& session : sessions_) session->Reset();
  sessions_.clear();
  counters_.connections_open = 0;
}

}  // namespace redis_testkit::ops::internal
