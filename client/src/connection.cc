// Connection: one hiredis context, its timeouts, and the command round trip.
#include "redis_testkit/client/connection.h"

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "error_translation.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/pipeline.h"

namespace redis_testkit::client {
namespace {

timeval ToTimeval(std::chrono::milliseconds timeout) {
  const long long ms = std::max<long long>(timeout.count(), 1);  // 0 would mean "block forever"
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms % 1000) * 1000);
  return tv;
}

// hiredis writes with write(2): a peer that closed its end raises SIGPIPE, which kills the process
// by default. Block SIGPIPE in this thread while we talk to the server, swallow the one we caused,
// and leave the process-wide disposition alone (a library must not change it).
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&sigpipe_);
    sigaddset(&sigpipe_, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &sigpipe_, &old_mask_);
  }
  ~SigpipeGuard() {
    if (!was_pending_) {
      sigset_t pending;
      sigemptyset(&pending);
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        const timespec no_wait{};
        sigtimedwait(&sigpipe_, nullptr, &no_wait);
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t sigpipe_;
  sigset_t old_mask_;
  bool was_pending_ = false;
};

Reply Convert(const redisReply& r) {
  switch (r.type) {
    case REDIS_REPLY_STRING:
      return Reply::String(std::string(r.str, r.len));
    case REDIS_REPLY_STATUS:
      return Reply::Status(std::string(r.str, r.len));
    case REDIS_REPLY_ERROR:
      return Reply::Error(std::string(r.str, r.len));
    case REDIS_REPLY_INTEGER:
      return Reply::Integer(r.integer);
    case REDIS_REPLY_ARRAY: {
      std::vector<Reply> elements;
      elements.reserve(r.elements);
      for (std::size_t i = 0; i < r.elements; ++i) elements.push_back(Convert(*r.element[i]));
      return Reply::Array(std::move(elements));
    }
    default:
      return Reply::Nil();
  }
}

std::string NameOf(const std::vector<std::string_view>& args) {
  if (args.empty()) return internal::CommandName({});
  return internal::CommandName(args[0], args.size() > 1 ? args[1] : std::string_view());
}

}  // namespace

void Connection::ContextDeleter::operator()(redisContext* ctx) const { redisFree(ctx); }

Connection::Connection(ConnectionOptions options) : options_(std::move(options)) {
  const Endpoint& endpoint = options_.endpoint;
  const internal::FailureContext connecting{"connect", endpoint, options_.connect_timeout};
  const timeval connect_tv = ToTimeval(options_.connect_timeout);
  errno = 0;
  redisContext* raw =
      endpoint.unix_socket.empty()
          ? redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, connect_tv)
          : redisConnectUnixWithTimeout(endpoint.unix_socket.c_str(), connect_tv);
  const int saved_errno = errno;
  std::unique_ptr<redisContext, ContextDeleter> ctx(raw);
  if (!ctx) {
    throw IoError("connect to " + endpoint.ToString() + " failed: out of memory for the context");
  }
  if (ctx->err != 0) internal::ThrowIoError(ctx->err, ctx->errstr, saved_errno, connecting);
  if (redisSetTimeout(ctx.get(), ToTimeval(options_.command_timeout)) != REDIS_OK) {
    internal::ThrowIoError(REDIS_ERR_IO, std::strerror(errno), errno, connecting);
  }
  ctx_ = std::move(ctx);

  if (!endpoint.password.empty()) {
    if (endpoint.user.empty()) {
      Command({"AUTH", endpoint.password});
    } else {
      Command({"AUTH", endpoint.user, endpoint.password});
    }
  }
  if (endpoint.db != 0) Command({"SELECT", std::to_string(endpoint.db)});
}

Connection::~Connection() = default;
Connection::Connection(Connection&& other) noexcept = default;
Connection& Connection::operator=(Connection&& other) noexcept = default;

Reply Connection::Command(std::initializer_list<std::string_view> args) {
  return Command(std::vector<std::string_view>(args));
}

Reply Connection::Command(const std::vector<std::string>& args) {
  return Command(std::vector<std::string_view>(args.begin(), args.end()));
}

Reply Connection::Command(const std::vector<std::string_view>& args) {
  Reply reply = Roundtrip(args);
  if (reply.IsError()) {
    internal::ThrowReplyError(reply.AsString(),
                              {NameOf(args), endpoint(), options_.command_timeout});
  }
  return reply;
}

Pipeline Connection::MakePipeline() { return Pipeline(*this); }

void Connection::Ping() {
  const Reply reply = Command({"PING"});
  if (reply.type() != Reply::Type::kStatus || reply.AsString() != "PONG") {
    throw Error("PING on " + endpoint().ToString() + ": expected PONG, got " + reply.ToString());
  }
}

std::string Connection::Info(std::string_view section) {
  const Reply reply = section.empty() ? Command({"INFO"}) : Command({"INFO", section});
  if (reply.type() != Reply::Type::kString) {
    throw Error("INFO on " + endpoint().ToString() + ": expected a bulk string, got " +
                std::string(TypeName(reply.type())));
  }
  return reply.AsString();
}

void Connection::SetCommandTimeout(std::chrono::milliseconds timeout) {
  options_.command_timeout = timeout;
  if (ctx_ && redisSetTimeout(ctx_.get(), ToTimeval(timeout)) != REDIS_OK) {
    FailIo("(set timeout)", errno);
  }
}

redisContext* Connection::Context(std::string_view command) {
  if (ctx_) return ctx_.get();
  const std::string where = std::string(command) + " on " + endpoint().ToString();
  if (broken_reason_.empty()) {
    throw ClosedError(where + ": no connection (the Connection was moved from)");
  }
  throw ClosedError(where + ": connection closed after an earlier error (" + broken_reason_ +
                    "); open a new Connection");
}

void Connection::FailIo(std::string_view command, int saved_errno) {
  const int err = ctx_->err;
  const std::string errstr = ctx_->errstr;
  ctx_.reset();  // after an I/O error or a timeout the stream is out of sync: never reuse it
  try {
    internal::ThrowIoError(err, errstr, saved_errno,
                           {command, options_.endpoint, options_.command_timeout});
  } catch (const Error& e) {
    broken_reason_ = e.what();
    throw;
  }
}

void Connection::Append(const std::vector<std::string_view>& args) {
  const std::string name = NameOf(args);
  redisContext* ctx = Context(name);
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (std::string_view arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  if (redisAppendCommandArgv(ctx, static_cast<int>(args.size()), argv.data(), lengths.data()) !=
      REDIS_OK) {
    FailIo(name, errno);
  }
}

Reply Connection::ReadReply(std::string_view command) {
  redisContext* ctx = Context(command);
  SigpipeGuard guard;
  void* raw = nullptr;
  errno = 0;
  if (redisGetReply(ctx, &raw) != REDIS_OK || raw == nullptr) FailIo(command, errno);
  std::unique_ptr<redisReply, void (*)(void*)> reply(static_cast<redisReply*>(raw),
                                                     freeReplyObject);
  return Convert(*reply);
}

std::vector<Reply> Connection::ReadReplies(std::size_t count, std::string_view what) {
  std::vector<Reply> replies;
  replies.reserve(count);
  SigpipeGuard guard;
  for (std::size_t i = 0; i < count; ++i) {
    redisContext* ctx = Context(what);
    void* raw = nullptr;
    errno = 0;
    if (redisGetReply(ctx, &raw) != REDIS_OK || raw == nullptr) FailIo(what, errno);
    std::unique_ptr<redisReply, void (*)(void*)> reply(static_cast<redisReply*>(raw),
                                                       freeReplyObject);
    replies.push_back(Convert(*reply));
  }
  return replies;
}

Reply Connection::Roundtrip(const std::vector<std::string_view>& args) {
  Append(args);
  return ReadReply(NameOf(args));
}

}  // namespace redis_testkit::client
