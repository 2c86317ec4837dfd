#include "load_run.h"

#include <poll.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <string>

#include "redis_testkit/client/errors.h"

namespace redis_testkit::ops::internal {
namespace {

constexpr std::int64_t kSecondNs = 1'000'000'000;
constexpr std::int64_t kMsNs = 1'000'000;
constexpr std::int64_t kMaxSleepNs = 10 * kMsNs;  // timeouts are looked at this often
constexpr std::int64_t kReopenDelayNs = 100 * kMsNs;
constexpr int kOpenLoopMaxInFlight = 100'000;

std::int64_t ToNs(std::chrono::milliseconds ms) { return ms.count() * kMsNs; }

}  // namespace

LoadRun::LoadRun(const LoadOptions& options)
    : options_(options),
      template_(options.command, options.seed),
      duration_ns_(ToNs(options.duration)) {
  const int in_flight = options.max_in_flight > 0 ? options.max_in_flight
                        : options.unthrottled     ? 1
                                                  : kOpenLoopMaxInFlight;
  max_in_flight_ = static_cast<std::size_t>(in_flight);
  total_ = options.unthrottled
               ? 0
               : std::llround(options.rate * static_cast<double>(options.duration.count()) / 1e3);
  for (int i = 0; i < options.connections; ++i) {
    connections_.push_back(std::make_unique<LoadConnection>());
  }
  reopen_after_ns_.assign(connections_.size(), 0);
}

void LoadRun::Connect() {
  for (std::size_t i = 0; i < connections_.size(); ++i) {
    const std::string why =
        connections_[i]->Open(options_.endpoint, options_.connect_timeout.count());
    if (!why.empty()) {
      throw client::IoError("load: connection " + std::to_string(i + 1) + " of " +
                            std::to_string(connections_.size()) + " to " +
                            options_.endpoint.ToString() + ": " + why);
    }
  }
}

std::chrono::steady_clock::time_point LoadRun::Start() {
  start_ = std::chrono::steady_clock::now();
  return start_;
}

std::int64_t LoadRun::NowNs() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                              start_)
      .count();
}

std::int64_t LoadRun::DueNs(std::int64_t seq) const {
  return static_cast<std::int64_t>(static_cast<double>(seq) * 1e9 / options_.rate);
}

LoadWindow* LoadRun::WindowAt(std::int64_t at_ns, LoadResult& result) {
  if (at_ns < 0 || at_ns >= duration_ns_) return nullptr;  // the drain is in no window
  const auto index = static_cast<std::size_t>(at_ns / kSecondNs);
  return index < result.windows.size() ? &result.windows[index] : nullptr;
}

void LoadRun::CountError(std::string_view kind, std::int64_t now_ns, LoadResult& result) {
  ++result.errors[std::string(kind)];
  if (LoadWindow* window = WindowAt(now_ns, result)) ++window->errors;
}

bool LoadRun::Reopen(std::size_t index, std::int64_t now_ns) {
  if (now_ns < reopen_after_ns_[index]) return false;
  if (connections_[index]->Open(options_.endpoint, options_.connect_timeout.count()).empty()) {
    return true;
  }
  reopen_after_ns_[index] = NowNs() + kReopenDelayNs;
  return false;
}

void LoadRun::Fail(std::size_t index, std::string_view kind, std::int64_t now_ns,
                   LoadResult& result) {
  LoadConnection& connection = *connections_[index];
  connection.FailAll([&](const InFlight& /*request*/) { CountError(kind, now_ns, result); });
  connection.Close();
  reopen_after_ns_[index] = kind == "timeout" ? now_ns : now_ns + kReopenDelayNs;
}

void LoadRun::Deal(std::int64_t now_ns, LoadResult& result) {
  blocked_ = false;
  if (options_.unthrottled) {
    if (now_ns >= duration_ns_) return;
    for (std::size_t i = 0; i < connections_.size(); ++i) {
      LoadConnection& connection = *connections_[i];
      if (!connection.open() && !Reopen(i, now_ns)) continue;
      while (connection.in_flight() < max_in_flight_) {
        template_.AppendResp(connection.output(), next_seq_++);
        connection.Queued(now_ns);
      }
    }
    return;
  }
  const std::size_t count = connections_.size();
  while (next_seq_ < total_ && DueNs(next_seq_) <= now_ns) {
    const auto index = static_cast<std::size_t>(next_seq_ % static_cast<std::int64_t>(count));
    LoadConnection& connection = *connections_[index];
    if (!connection.open() && !Reopen(index, now_ns)) {  // due on a dead connection: failed
      CountError("io", now_ns, result);
      ++next_seq_;
      continue;
    }
    if (connection.in_flight() >= max_in_flight_) {  // waits for room; its due time stays
      blocked_ = true;
      return;
    }
    template_.AppendResp(connection.output(), next_seq_);
    connection.Queued(DueNs(next_seq_));
    ++next_seq_;
  }
}

void LoadRun::FlushAll(std::int64_t now_ns, LoadResult& result) {
  for (std::size_t i = 0; i < connections_.size(); ++i) {
    LoadConnection& connection = *connections_[i];
    if (!connection.open() || !connection.WantsWrite()) continue;
    const int stamped = connection.Flush(now_ns);
    if (stamped < 0) {
      Fail(i, "io", now_ns, result);
      continue;
    }
    result.sent += stamped;
    if (LoadWindow* window = WindowAt(now_ns, result)) window->sent += stamped;
  }
}

void LoadRun::ExpireTimeouts(std::int64_t now_ns, LoadResult& result) {
  const std::int64_t timeout_ns = ToNs(options_.request_timeout);
  for (std::size_t i = 0; i < connections_.size(); ++i) {
    const LoadConnection& connection = *connections_[i];
    if (connection.in_flight() > 0 && now_ns - connection.OldestSinceNs() > timeout_ns) {
      Fail(i, "timeout", now_ns, result);
    }
  }
}

bool LoadRun::Finished(std::int64_t now_ns) const {
  const bool dealt = options_.unthrottled ? now_ns >= duration_ns_ : next_seq_ >= total_;
  if (!dealt) return false;
  return std::none_of(connections_.begin(), connections_.end(),
                      [](const auto& connection) { return connection->in_flight() > 0; });
}

void LoadRun::Wait(std::int64_t now_ns, std::int64_t until_ns, LoadResult& result) {
  std::vector<pollfd> fds;
  std::vector<std::size_t> owners;
  for (std::size_t i = 0; i < connections_.size(); ++i) {
    const LoadConnection& connection = *connections_[i];
    if (!connection.open()) continue;
    const short events = static_cast<short>(POLLIN | (connection.WantsWrite() ? POLLOUT : 0));
    fds.push_back({connection.fd(), events, 0});
    owners.push_back(i);
  }
  const std::int64_t sleep_ns = std::clamp<std::int64_t>(until_ns - now_ns, 0, kMaxSleepNs);
  const timespec timeout{0, static_cast<long>(sleep_ns)};
  if (ppoll(fds.data(), fds.size(), &timeout, nullptr) <= 0) return;
  const std::int64_t at_ns = NowNs();
  const LoadConnection::ReplyHandler on_reply = [&](const InFlight& request,
                                                    std::string_view error_kind) {
    result.intended_histogram.Record(at_ns - request.intended_ns);
    result.actual_histogram.Record(at_ns - request.actual_ns);
    ++result.completed;
    if (at_ns <= duration_ns_) ++result.in_schedule;
    if (LoadWindow* window = WindowAt(at_ns, result)) ++window->completed;
    if (!error_kind.empty()) CountError(error_kind, at_ns, result);
  };
  for (std::size_t k = 0; k < fds.size(); ++k) {
    if ((fds[k].revents & (POLLIN | POLLERR | POLLHUP)) == 0) continue;
    std::string why;
    if (!connections_[owners[k]]->Read(on_reply, why)) Fail(owners[k], "io", at_ns, result);
  }
}

void LoadRun::Run(LoadResult& result) {
  const std::int64_t end_ns = duration_ns_ + ToNs(options_.drain);
  const std::int64_t window_count = (duration_ns_ + kSecondNs - 1) / kSecondNs;
  for (std::int64_t i = 0; i < window_count; ++i) {
    LoadWindow window;
    window.start_s = static_cast<double>(i);
    window.length_s = static_cast<double>(std::min(kSecondNs, duration_ns_ - i * kSecondNs)) / 1e9;
    result.windows.push_back(window);
  }
  while (true) {
    const std::int64_t now_ns = NowNs();
    if (now_ns >= end_ns) break;
    Deal(now_ns, result);
    FlushAll(now_ns, result);
    ExpireTimeouts(now_ns, result);
    if (Finished(now_ns)) break;
    std::int64_t until_ns = now_ns >= duration_ns_ ? end_ns : duration_ns_;
    if (!options_.unthrottled && next_seq_ < total_ && !blocked_) until_ns = DueNs(next_seq_);
    Wait(now_ns, std::min(until_ns, end_ns), result);
  }
  // The end: whatever is still unanswered, or was due and never sent, timed out.
  const std::int64_t now_ns = NowNs();
  for (std::size_t i = 0; i < connections_.size(); ++i) {
    if (connections_[i]->in_flight() > 0) Fail(i, "timeout", now_ns, result);
    connections_[i]->Close();
  }
  if (!options_.unthrottled && next_seq_ < total_) result.errors["timeout"] += total_ - next_seq_;
  result.scheduled = options_.unthrottled ? next_seq_ : total_;
  for (LoadWindow& window : result.windows) {
    window.rate = window.length_s > 0 ? static_cast<double>(window.completed) / window.length_s : 0;
  }
}

}  // namespace redis_testkit::ops::internal
