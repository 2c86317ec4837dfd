// hiredis err/errno and error replies -> the exception hierarchy of errors.h.
#include "error_translation.h"

#include <hiredis/hiredis.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>

#include "redis_testkit/client/errors.h"

namespace redis_testkit::client::internal {
namespace {

constexpr std::size_t kMaxNameLength = 32;

// Commands whose second argument is a subcommand name rather than data.
constexpr std::array<std::string_view, 16> kContainerCommands{
    "ACL",    "CLIENT", "CLUSTER", "COMMAND", "CONFIG", "DEBUG",   "FUNCTION", "LATENCY",
    "MEMORY", "MODULE", "OBJECT",  "PUBSUB",  "SCRIPT", "SLOWLOG", "XGROUP",   "XINFO",
};

std::string UpperToken(std::string_view text) {
  std::string token;
  for (char c : text.substr(0, kMaxNameLength)) {
    const auto u = static_cast<unsigned char>(c);
    token += std::isgraph(u) ? static_cast<char>(std::toupper(u)) : '?';
  }
  return token;
}

bool IsTimeout(int hiredis_err, std::string_view errstr, int saved_errno) {
  if (hiredis_err != REDIS_ERR_IO) return false;
  if (saved_errno == EAGAIN || saved_errno == EWOULDBLOCK || saved_errno == ETIMEDOUT) {
    return true;
  }
  // errno may have been overwritten since; hiredis wrote strerror() of the original into errstr.
  return errstr.find("timed out") != std::string_view::npos ||
         errstr.find("temporarily unavailable") != std::string_view::npos;
}

std::string Where(const FailureContext& failure) {
  if (failure.operation == "connect") return "connect to " + failure.endpoint.ToString();
  return std::string(failure.operation) + " on " + failure.endpoint.ToString();
}

}  // namespace

std::string CommandName(std::string_view first, std::string_view second) {
  if (first.empty()) return "(empty command)";
  std::string name = UpperToken(first);
  if (!second.empty() && std::find(kContainerCommands.begin(), kContainerCommands.end(), name) !=
                             kContainerCommands.end()) {
    name += ' ';  // not `" " + ...`: GCC 12 -O2 reports a false -Wrestrict on that
    name += UpperToken(second);
  }
  return name;
}

void ThrowIoError(int hiredis_err, std::string_view errstr, int saved_errno,
                  const FailureContext& failure) {
  const bool connecting = failure.operation == "connect";
  const std::string where = Where(failure);
  const std::string ms = std::to_string(failure.timeout.count()) + " ms";
  if (IsTimeout(hiredis_err, errstr, saved_errno)) {
    if (connecting) {
      throw TimeoutError(where + " timed out after " + ms +
                         " (is the host reachable and Redis running? check REDIS_TESTKIT_URL / "
                         "the server logs)");
    }
    throw TimeoutError(where + " timed out after " + ms +
                       " (is the server blocked, paused or overloaded? raise "
                       "REDIS_TESTKIT_COMMAND_TIMEOUT if the command is legitimately slow)");
  }
  if (hiredis_err == REDIS_ERR_EOF) {
    throw ClosedError(where +
                      ": the server closed the connection (CLIENT KILL, idle timeout, maxclients "
                      "or the server stopped; see the server logs)");
  }
  const std::string reason =
      errstr.empty() ? "unknown hiredis error " + std::to_string(hiredis_err) : std::string(errstr);
  if (connecting) {
    throw IoError(where + " failed: " + reason +
                  " (is Redis running? check REDIS_TESTKIT_URL / the server logs)");
  }
  throw IoError(where + " failed: " + reason);
}

void ThrowReplyError(std::string_view reply_text, const FailureContext& failure) {
  const std::string message = Where(failure) + ": " + std::string(reply_text);
  if (reply_text.starts_with("OOM ")) throw OomError(message);
  if (reply_text.starts_with("NOSCRIPT ")) throw NoScriptError(message);
  throw ReplyError(message);
}

}  // namespace redis_testkit::client::internal
