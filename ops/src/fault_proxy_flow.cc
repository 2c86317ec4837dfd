#include "fault_proxy_flow.h"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <limits>

namespace redis_testkit::ops::internal {

namespace {

// The bucket holds at most 20 ms of the cap (at least one byte): a short burst, never a second's.
double BucketSize(long long bytes_per_second) {
  return std::max(1.0, static_cast<double>(bytes_per_second) / 50.0);
}

}  // namespace

std::size_t ProxyFlow::Allowance(Clock::time_point now, long long bytes_per_second) {
  if (bytes_per_second <= 0) {
    rate_ = 0;
    return std::numeric_limits<std::size_t>::max();
  }
  if (bytes_per_second != rate_) {  // a new cap starts from an empty bucket
    rate_ = bytes_per_second;
    tokens_ = 0;
    refilled_ = now;
  }
  const double seconds = std::chrono::duration<double>(now - refilled_).count();
  tokens_ = std::min(BucketSize(rate_), tokens_ + seconds * static_cast<double>(rate_));
  refilled_ = now;
  return static_cast<std::size_t>(tokens_);
}

bool ProxyFlow::WantsWrite(Clock::time_point now, const Rules& rules) {
  if (chunks_.empty()) return false;
  if (rules.discard) return true;  // WriteTo drops the queue
  return chunks_.front().due <= now && Allowance(now, rules.bytes_per_second) > 0;
}

ProxyFlow::Status ProxyFlow::ReadFrom(int fd, Clock::time_point now, const Rules& rules) {
  std::string buffer(kReadSize, '\0');
  const ssize_t got = ::recv(fd, buffer.data(), buffer.size(), 0);
  if (got == 0) return Status::kEof;
  if (got < 0) {
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? Status::kOk : Status::kError;
  }
  *tally_.read += got;
  if (rules.discard) {
    *tally_.dropped += got;
    return Status::kOk;
  }
  buffer.resize(static_cast<std::size_t>(got));
  queued_ += buffer.size();
  chunks_.push_back(Chunk{.due = now + rules.latency, .bytes = std::move(buffer), .offset = 0});
  return Status::kOk;
}

void ProxyFlow::DropAll() {
  for (const Chunk& chunk : chunks_) {
    *tally_.dropped += static_cast<long long>(chunk.bytes.size() - chunk.offset);
  }
  chunks_.clear();
  queued_ = 0;
}

ProxyFlow::Status ProxyFlow::WriteTo(int fd, Clock::time_point now, const Rules& rules) {
  if (rules.discard) {
    DropAll();
    return Status::kOk;
  }
  while (!chunks_.empty() && chunks_.front().due <= now) {
    Chunk& head = chunks_.front();
    const std::size_t allowed = Allowance(now, rules.bytes_per_second);
    const std::size_t size = std::min(head.bytes.size() - head.offset, allowed);
    if (size == 0) return Status::kOk;  // the cap: NextWake says when
    const ssize_t sent = ::send(fd, head.bytes.data() + head.offset, size, MSG_NOSIGNAL);
    if (sent < 0) {
      return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? Status::kOk
                                                                       : Status::kError;
    }
    *tally_.written += sent;
    if (rate_ > 0) tokens_ -= static_cast<double>(sent);
    head.offset += static_cast<std::size_t>(sent);
    if (head.offset < head.bytes.size()) return Status::kOk;  // the socket is full
    queued_ -= head.bytes.size();
    chunks_.pop_front();
  }
  return Status::kOk;
}

std::optional<ProxyFlow::Clock::time_point> ProxyFlow::NextWake(Clock::time_point now,
                                                                const Rules& rules) {
  if (chunks_.empty() || rules.discard) return std::nullopt;
  const Clock::time_point due = chunks_.front().due;
  if (due > now) return due;
  if (Allowance(now, rules.bytes_per_second) > 0) return std::nullopt;
  const double missing = 1.0 - tokens_;
  const auto wait = std::chrono::duration<double>(missing / static_cast<double>(rate_));
  return now + std::chrono::ceil<Clock::duration>(wait);
}

}  // namespace redis_testkit::ops::internal
