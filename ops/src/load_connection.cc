#include "load_connection.h"

#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace redis_testkit::ops::internal {
namespace {

constexpr std::size_t kReadChunk = std::size_t{64} * 1024;

timeval ToTimeval(long long ms) {
  ms = ms < 1 ? 1 : ms;
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms % 1000) * 1000);
  return tv;
}

// The first word of an error reply: "WRONGTYPE Operation against..." -> "WRONGTYPE".
std::string_view ErrorKind(const redisReply& reply) {
  const std::string_view text(reply.str, reply.len);
  const std::string_view kind = text.substr(0, text.find(' '));
  return kind.empty() ? std::string_view("ERR") : kind;
}

// A blocking setup command (AUTH, SELECT) on the fresh context; "" when it succeeded.
std::string SetupCommand(redisContext* ctx, int argc, const char** argv, const char* name) {
  auto* reply = static_cast<redisReply*>(redisCommandArgv(ctx, argc, argv, nullptr));
  if (reply == nullptr) return std::string(name) + " failed: " + ctx->errstr;
  std::string why;
  if (reply->type == REDIS_REPLY_ERROR) why = std::string(name) + " refused: " + reply->str;
  freeReplyObject(reply);
  return why;
}

}  // namespace

LoadConnection::~LoadConnection() { Close(); }

void LoadConnection::Close() {
  if (reader_ != nullptr) redisReaderFree(reader_);
  if (ctx_ != nullptr) redisFree(ctx_);  // closes fd_
  reader_ = nullptr;
  ctx_ = nullptr;
  fd_ = -1;
  out_.clear();
  out_base_ = written_ = 0;
}

std::string LoadConnection::Open(const client::Endpoint& endpoint, long long timeout_ms) {
  Close();
  const timeval tv = ToTimeval(timeout_ms);
  ctx_ = endpoint.unix_socket.empty()
             ? redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, tv)
             : redisConnectUnixWithTimeout(endpoint.unix_socket.c_str(), tv);
  if (ctx_ == nullptr) return "out of memory for a hiredis context";
  std::string why;
  if (ctx_->err != 0) why = std::string("connect failed: ") + ctx_->errstr;
  if (why.empty() && redisSetTimeout(ctx_, tv) != REDIS_OK) why = "cannot set socket timeouts";
  if (why.empty() && !endpoint.password.empty()) {
    const char* with_user[] = {"AUTH", endpoint.user.c_str(), endpoint.password.c_str()};
    const char* without_user[] = {"AUTH", endpoint.password.c_str()};
    why = endpoint.user.empty() ? SetupCommand(ctx_, 2, without_user, "AUTH")
                                : SetupCommand(ctx_, 3, with_user, "AUTH");
  }
  if (why.empty() && endpoint.db != 0) {
    const std::string db = std::to_string(endpoint.db);
    const char* select[] = {"SELECT", db.c_str()};
    why = SetupCommand(ctx_, 2, select, "SELECT");
  }
  const int flags = why.empty() ? fcntl(ctx_->fd, F_GETFL) : -1;
  if (why.empty() && (flags < 0 || fcntl(ctx_->fd, F_SETFL, flags | O_NONBLOCK) < 0)) {
    why = std::string("cannot make the socket non-blocking: ") + std::strerror(errno);
  }
  if (!why.empty()) {
    Close();
    return why;
  }
  fd_ = ctx_->fd;
  reader_ = redisReaderCreate();
  return "";
}

void LoadConnection::Queued(std::int64_t intended_ns) {
  in_flight_.push_back({intended_ns, -1, out_base_ + out_.size()});
}

int LoadConnection::Flush(std::int64_t now_ns) {
  while (WantsWrite()) {
    const std::size_t start = written_ - out_base_;
    const ssize_t n = send(fd_, out_.data() + start, out_.size() - start, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      return -1;
    }
    written_ += static_cast<std::uint64_t>(n);
  }
  if (!WantsWrite()) {  // everything went: start the buffer over
    out_base_ = written_;
    out_.clear();
  } else if (written_ - out_base_ > kReadChunk) {  // drop the written front now and then
    out_.erase(0, written_ - out_base_);
    out_base_ = written_;
  }
  int stamped = 0;
  while (unstamped_ < in_flight_.size() && in_flight_[unstamped_].end_offset <= written_) {
    in_flight_[unstamped_++].actual_ns = now_ns;
    ++stamped;
  }
  return stamped;
}

bool LoadConnection::Read(const ReplyHandler& handler, std::string& why) {
  char buffer[kReadChunk];
  while (true) {
    const ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
    if (n == 0) {
      why = "the server closed the connection";
      return false;
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
      why = std::string("read failed: ") + std::strerror(errno);
      return false;
    }
    redisReaderFeed(reader_, buffer, static_cast<std::size_t>(n));
    void* raw = nullptr;
    while (true) {
      if (redisReaderGetReply(reader_, &raw) != REDIS_OK) {
        why = std::string("protocol error: ") + reader_->errstr;
        return false;
      }
      if (raw == nullptr) break;
      auto* reply = static_cast<redisReply*>(raw);
      if (in_flight_.empty()) {
        freeReplyObject(reply);
        why = "a reply nothing was waiting for";
        return false;
      }
      const InFlight request = in_flight_.front();
      in_flight_.pop_front();
      if (unstamped_ > 0) --unstamped_;
      handler(request, reply->type == REDIS_REPLY_ERROR ? ErrorKind(*reply) : std::string_view());
      freeReplyObject(reply);
    }
    if (static_cast<std::size_t>(n) < sizeof(buffer)) return true;
  }
}

void LoadConnection::FailAll(const std::function<void(const InFlight&)>& fail) {
  for (const InFlight& request : in_flight_) fail(request);
  in_flight_.clear();
  unstamped_ = 0;
}

std::int64_t LoadConnection::OldestSinceNs() const {
  const InFlight& oldest = in_flight_.front();
  return oldest.actual_ns >= 0 ? oldest.actual_ns : oldest.intended_ns;
}

}  // namespace redis_testkit::ops::internal
