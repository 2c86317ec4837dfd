#include "loading_wait.h"

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "readiness.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/info.h"

namespace redis_testkit::containers::internal {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kPause{5};
constexpr milliseconds kMaxAttemptTimeout{500};

// One look: "" when the server has loaded and answers PING, else what it said. Throws
// std::runtime_error when another Redis answers there.
std::string TryOnce(const client::Endpoint& endpoint, const std::string& identity,
                    milliseconds attempt) {
  try {
    client::ConnectionOptions options;
    options.endpoint = endpoint;
    options.endpoint.db = 0;  // no SELECT: a loading server refuses it
    options.connect_timeout = attempt;
    options.command_timeout = attempt;
    client::Connection connection(options);
    const std::string info = connection.Command({"INFO", "persistence"}).AsString();
    if (!LoadingDone(info)) return "INFO persistence says loading:1";
    connection.Ping();
    if (!identity.empty()) {
      if (std::optional<std::string> foreign = NotTheServerStarted(connection, identity)) {
        throw std::runtime_error(*foreign + " while it was down");
      }
    }
    return "";
  } catch (const client::Error& error) {
    return error.what();
  }
}

}  // namespace

bool LoadingDone(const std::string& info_persistence) {
  const client::Info info = client::ParseInfo(info_persistence);
  const auto section = info.sections.find("persistence");
  if (section == info.sections.end()) return false;
  const auto loading = section->second.find("loading");
  return loading != section->second.end() && loading->second == "0";
}

milliseconds WaitUntilLoaded(const LoadingProbe& probe) {
  const auto started = Clock::now();
  const auto deadline = started + probe.timeout;
  auto last_exit_check = started;
  std::string last = "no attempt";
  while (true) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    last = TryOnce(probe.endpoint, probe.identity,
                   std::clamp(left, milliseconds(1), kMaxAttemptTimeout));
    if (last.empty()) {
      return std::chrono::duration_cast<milliseconds>(Clock::now() - started);
    }
    if (probe.check_exited && Clock::now() - last_exit_check >= probe.exit_check_interval) {
      last_exit_check = Clock::now();
      if (std::optional<std::string> exit = probe.check_exited()) {
        throw std::runtime_error("Redis on " + probe.endpoint.ToString() +
                                 " exited while starting again: " + *exit);
      }
    }
    if (Clock::now() >= deadline) {
      throw std::runtime_error(
          "Redis on " + probe.endpoint.ToString() +
          " did not finish loading and answer PING within " +
          std::to_string(probe.timeout.count()) + " ms (last answer: " + last +
          "); a large data set loads slowly: raise REDIS_TESTKIT_STARTUP_TIMEOUT");
    }
    std::this_thread::sleep_for(kPause);
  }
}

}  // namespace redis_testkit::containers::internal
