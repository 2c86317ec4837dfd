#include "readiness.h"

#include <algorithm>
#include <thread>

#include "redis_command_line.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/reply.h"

namespace redis_testkit::containers::internal {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A refused connection costs microseconds: poll every 2 ms for the first half second (a
// server usually listens within it), then back off to 20 ms.
constexpr milliseconds kFirstPause{2};
constexpr milliseconds kFastPhase{500};
constexpr milliseconds kMaxPause{20};
constexpr milliseconds kMaxAttemptTimeout{250};

}  // namespace

std::optional<std::string> NotTheServerStarted(client::Connection& connection,
                                               const std::string& identity) {
  const std::string expected = ProcTitleTemplate(identity);
  std::string found;
  try {
    const client::Reply reply = connection.Command({"CONFIG", "GET", "proc-title-template"});
    const auto& items = reply.AsArray();
    found = items.size() == 2 ? items[1].AsString() : "no proc-title-template";
  } catch (const client::ReplyError& error) {
    found = error.what();  // CONFIG refused or renamed: not a server the kit started
  }
  if (found == expected) return std::nullopt;
  return std::string(kAnotherRedisAnswers) + connection.endpoint().ToString() +
         ", not the one the kit started as " + identity + " (its proc-title-template is '" + found +
         "'): the port was taken between the kit's pick and the server's bind";
}

Readiness WaitUntilReady(const ReadinessProbe& probe) {
  const auto started = Clock::now();
  const auto deadline = started + probe.timeout;
  auto last_exit_check = started;
  auto pause = kFirstPause;
  std::string last_error = "no attempt";
  Readiness result;
  while (true) {
    const auto now = Clock::now();
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - now);
    const milliseconds attempt = std::clamp(left, milliseconds(1), kMaxAttemptTimeout);
    try {
      client::ConnectionOptions options;
      options.endpoint = probe.endpoint;
      options.endpoint.db = 0;  // PING needs no SELECT
      options.connect_timeout = attempt;
      options.command_timeout = attempt;
      client::Connection connection(options);
      connection.Ping();
      if (!probe.identity.empty()) {
        if (std::optional<std::string> foreign = NotTheServerStarted(connection, probe.identity)) {
          result.foreign = true;
          result.problem = *foreign;
          if (probe.fixed_port) result.problem += "; choose another REDIS_TESTKIT_PORT, or 0";
          break;
        }
      }
      result.ready = true;
      break;
    } catch (const client::Error& error) {
      last_error = error.what();
    }
    if (probe.check_exited && Clock::now() - last_exit_check >= probe.exit_check_interval) {
      last_exit_check = Clock::now();
      if (std::optional<std::string> exit = probe.check_exited()) {
        result.exited = true;
        result.problem = *exit;
        break;
      }
    }
    if (Clock::now() >= deadline) {
      // One last look: a server that died just now is more useful than "no PONG".
      if (probe.check_exited) {
        if (std::optional<std::string> exit = probe.check_exited()) {
          result.exited = true;
          result.problem = *exit;
          break;
        }
      }
      result.problem = "Redis did not answer PING within " + std::to_string(probe.timeout.count()) +
                       " ms on " + probe.endpoint.ToString() + " (last attempt: " + last_error +
                       ")";
      break;
    }
    std::this_thread::sleep_for(std::min(pause, std::max(left, milliseconds(0))));
    if (Clock::now() - started > kFastPhase) pause = std::min(pause * 2, kMaxPause);
  }
  result.waited = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
  return result;
}

}  // namespace redis_testkit::containers::internal
