#include "instance.h"

#include "readiness.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/reply.h"
#include "redis_testkit/containers/redis_server.h"

namespace redis_testkit::containers::internal {

void FailStart(Instance& instance, const std::string& problem) {
  std::string logs = instance.Logs(kLogLinesOnFailure);
  instance.Stop();
  throw StartError(problem, std::move(logs));
}

bool PortWasTaken(const StartError& error) {
  return error.server_logs().find("Address already in use") != std::string::npos ||
         error.problem().starts_with(kAnotherRedisAnswers);
}

void AwaitReadyOrThrow(Instance& instance, const ServerConfig& config,
                       std::chrono::milliseconds exit_check_interval) {
  ReadinessProbe probe;
  probe.endpoint = instance.endpoint();
  probe.timeout = config.startup_timeout;
  probe.check_exited = [&instance] { return instance.CheckExited(); };
  probe.exit_check_interval = exit_check_interval;
  probe.identity = instance.name();
  probe.fixed_port = config.port > 0;
  const Readiness readiness = WaitUntilReady(probe);
  if (!readiness.ready) FailStart(instance, readiness.problem);
}

std::optional<std::string> CheckCap(const client::Endpoint& endpoint, const ServerConfig& config) {
  client::ConnectionOptions options;
  options.endpoint = endpoint;
  options.connect_timeout = config.command_timeout;
  options.command_timeout = config.command_timeout;
  client::Connection connection(options);
  const client::Reply reply =
      connection.Command({"CONFIG", "GET", "maxmemory*"});  // maxmemory, -policy, -samples, ...
  std::string maxmemory, policy;
  const auto& items = reply.AsArray();
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    if (items[i].AsString() == "maxmemory") maxmemory = items[i + 1].AsString();
    if (items[i].AsString() == "maxmemory-policy") policy = items[i + 1].AsString();
  }
  std::string problem;
  if (maxmemory != std::to_string(config.maxmemory_bytes)) {
    problem = "maxmemory is " + maxmemory + " bytes but the config asks for " +
              std::to_string(config.maxmemory_bytes) + " (" +
              FormatMemorySize(config.maxmemory_bytes) + ")";
  }
  if (policy != config.maxmemory_policy) {
    if (!problem.empty()) problem += "; ";
    problem +=
        "maxmemory-policy is " + policy + " but the config asks for " + config.maxmemory_policy;
  }
  if (problem.empty()) return std::nullopt;
  return "Redis on " + endpoint.ToString() + ": " + problem;
}

namespace {

[[noreturn]] void NotOwned(const Instance& instance, const char* what) {
  throw NotOwnedError(std::string("redis-testkit cannot ") + what + " " + instance.name() +
                      ": the kit does not own this server (REDIS_TESTKIT_URL, runtime " +
                      ToString(instance.runtime()) +
                      "); server control needs a server the kit started: unset REDIS_TESTKIT_URL "
                      "and choose REDIS_TESTKIT_RUNTIME=process, podman or docker");
}

}  // namespace

void Instance::Kill() { NotOwned(*this, "kill"); }
void Instance::Shutdown(std::chrono::milliseconds) { NotOwned(*this, "stop"); }
void Instance::Launch() { NotOwned(*this, "start"); }
void Instance::Pause() { NotOwned(*this, "pause"); }
void Instance::Resume() { NotOwned(*this, "resume"); }
void Instance::Revive() { NotOwned(*this, "revive"); }

}  // namespace redis_testkit::containers::internal
