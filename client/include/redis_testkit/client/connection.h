// A move-only RAII connection to one Redis server over hiredis, with connect and command timeouts.
// Every failure is thrown as one of errors.h; nothing here can block past its timeout.
#pragma once

#include <chrono>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/client/reply.h"

struct redisContext;  // hiredis, kept out of the public headers

namespace redis_testkit::client {

struct ConnectionOptions {
  Endpoint endpoint;
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds command_timeout{2000};
};

class Pipeline;

class Connection {
 public:
  // Connects, then AUTH (when a password is set) and SELECT (when db != 0).
  // Throws IoError / TimeoutError naming the endpoint.
  explicit Connection(ConnectionOptions options);
  ~Connection();
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Sends one command and waits for its reply (binary-safe arguments).
  // Error replies are thrown (ReplyError / OomError / NoScriptError); nil is a Reply of kNil.
  Reply Command(std::initializer_list<std::string_view> args);
  Reply Command(const std::vector<std::string>& args);
  Reply Command(const std::vector<std::string_view>& args);

  // Starts a pipeline on this connection (see pipeline.h).
  Pipeline MakePipeline();

  // Shortcuts.
  void Ping();                                      // throws unless PONG
  std::string Info(std::string_view section = "");  // raw INFO text; parse with ParseInfo

  void SetCommandTimeout(std::chrono::milliseconds timeout);
  const ConnectionOptions& options() const { return options_; }
  const Endpoint& endpoint() const { return options_.endpoint; }
  bool connected() const { return ctx_ != nullptr; }

 private:
  friend class Pipeline;
  struct ContextDeleter {
    void operator()(redisContext* ctx) const;
  };
  void Append(const std::vector<std::string_view>& args);
  Reply ReadReply(std::string_view command);  // raw reply; error replies returned as kError
  // `count` raw replies in a row (one SIGPIPE guard for all of them); `what` names them in errors.
  std::vector<Reply> ReadReplies(std::size_t count, std::string_view what);
  Reply Roundtrip(const std::vector<std::string_view>& args);
  redisContext* Context(std::string_view command);  // throws ClosedError when there is none
  // Frees the (unusable) context after an I/O error and throws the translated error.
  [[noreturn]] void FailIo(std::string_view command, int saved_errno);

  ConnectionOptions options_;
  std::unique_ptr<redisContext, ContextDeleter> ctx_;
  std::string broken_reason_;  // the I/O error that freed ctx_ (empty: moved from)
};

}  // namespace redis_testkit::client
