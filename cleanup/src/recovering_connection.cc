// RecoveringConnection: reconnect after a stall or an I/O error (see recovering_connection.h).
#include "redis_testkit/cleanup/recovering_connection.h"

#include <thread>
#include <utility>

#include "redis_testkit/cleanup/format_units.h"
#include "redis_testkit/client/errors.h"

namespace redis_testkit::cleanup {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kRetryPause{50};

double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

RecoveringConnection::RecoveringConnection(client::ConnectionOptions options,
                                           std::chrono::milliseconds recovery_timeout)
    : options_(std::move(options)), recovery_timeout_(recovery_timeout), connection_(options_) {}

void RecoveringConnection::Reconnect(std::string_view what, const std::string& cause) {
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline =
      start + (down_ ? std::chrono::milliseconds(0) : recovery_timeout_);
  std::string last_error = cause;
  for (bool first = true; first || Clock::now() + kRetryPause < deadline; first = false) {
    if (!first) std::this_thread::sleep_for(kRetryPause);
    try {
      client::Connection fresh(options_);
      fresh.Ping();
      connection_ = std::move(fresh);
      down_ = false;
      ++reconnects_;
      return;
    } catch (const client::IoError& error) {
      last_error = error.what();
    }
  }
  down_ = true;
  throw client::IoError("Redis at " + options_.endpoint.ToString() + " did not answer " +
                        std::string(what) + " and could not be reconnected within " +
                        FormatDuration(MillisecondsSince(start)) + " (first error: " + cause +
                        "; last: " + last_error +
                        "). Is the server stalled (CLIENT PAUSE, a long script, DEBUG SLEEP) or "
                        "gone? REDIS_TESTKIT_COMMAND_TIMEOUT bounds each call, "
                        "REDIS_TESTKIT_STARTUP_TIMEOUT the wait for recovery.");
}

void RecoveringConnection::Run(std::string_view what,
                               const std::function<void(client::Connection&)>& step,
                               std::vector<std::string>& notes) {
  if (!connection_.connected()) {
    const Clock::time_point start = Clock::now();
    Reconnect(what, "the connection broke earlier");
    notes.push_back("reconnected to Redis " + std::string(what) +
                    " (the connection broke "
                    "earlier) after " +
                    FormatDuration(MillisecondsSince(start)));
  }
  try {
    step(connection_);
    return;
  } catch (const client::IoError& error) {
    const Clock::time_point start = Clock::now();
    Reconnect(what, error.what());
    notes.push_back("Redis did not answer " + std::string(what) + " (" + error.what() +
                    "); reconnected after " + FormatDuration(MillisecondsSince(start)));
  }
  step(connection_);
}

}  // namespace redis_testkit::cleanup
