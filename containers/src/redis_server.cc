#include "redis_testkit/containers/redis_server.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <new>
#include <system_error>
#include <thread>

#include "container_runtime.h"
#include "external_runtime.h"
#include "instance.h"
#include "loading_wait.h"
#include "process_identity.h"
#include "process_runtime.h"
#include "redis_testkit/client/errors.h"
#include "runtime_selection.h"

namespace redis_testkit::containers {
namespace {

using internal::Instance;

std::string WithLogs(const std::string& problem, const std::string& logs) {
  if (logs.empty()) return problem;
  return problem + "; last log lines:\n" + logs;
}

// Values Config::FromEnvironment validates too; a ServerConfig built in code gets the same checks.
void Validate(const ServerConfig& config) {
  if (config.maxmemory_bytes < 0) {
    throw ConfigError("REDIS_TESTKIT_MAXMEMORY=" + std::to_string(config.maxmemory_bytes) +
                      " is negative; use a size such as 512mb, or 0 for no cap");
  }
  if (config.container_memory_bytes < 0) {
    throw ConfigError(
        "REDIS_TESTKIT_CONTAINER_MEMORY=" + std::to_string(config.container_memory_bytes) +
        " is negative; use a size such as 640mb, or unset it");
  }
  if (config.port < 0 || config.port > 65535) {
    throw ConfigError("REDIS_TESTKIT_PORT=" + std::to_string(config.port) +
                      " is not a TCP port; use 1..65535, or 0 for an ephemeral port");
  }
  if (config.startup_timeout.count() <= 0) {
    throw ConfigError("REDIS_TESTKIT_STARTUP_TIMEOUT must be longer than 0 ms");
  }
  if (config.maxmemory_policy.empty()) {
    throw ConfigError("REDIS_TESTKIT_MAXMEMORY_POLICY is empty; use e.g. noeviction");
  }
  if (config.runtime == Runtime::kExternal && config.url.empty()) {
    throw ConfigError("REDIS_TESTKIT_RUNTIME=external needs REDIS_TESTKIT_URL");
  }
}

// "redis-testkit-<pid>" for the first server of this process, then "redis-testkit-<pid>-2", ...
std::string DefaultName() {
  static std::atomic<int> counter{0};
  const int n = ++counter;
  std::string name = "redis-testkit-";
  name += std::to_string(::getpid());
  if (n > 1) {
    name += '-';
    name += std::to_string(n);
  }
  return name;
}

// The runtime's instance, started, ready and checked against the cap.
std::unique_ptr<Instance> StartInstance(const ServerConfig& config, const StartOptions& options,
                                        const internal::RuntimeChoice& choice,
                                        const std::string& name) {
  std::unique_ptr<Instance> instance;
  if (choice.runtime == Runtime::kExternal) {
    instance = internal::ExternalRuntime().Start(config);
  } else {
    internal::LaunchRequest request;
    request.config = config;
    request.name = name;
    request.detached = options.detached;
    const pid_t owner = options.owner.value_or(::getpid());
    request.owner_is_self = owner == ::getpid();
    const std::optional<internal::ProcessIdentity> identity = internal::IdentifyProcess(owner);
    if (!identity) {
      throw StartError("the owner process " + std::to_string(owner) +
                           " does not exist; a server owned by it would be swept at once",
                       "");
    }
    request.owner = *identity;
    if (choice.runtime == Runtime::kProcess) {
      internal::ProcessRuntime runtime;
      runtime.SweepStale();
      instance = runtime.Start(request);
    } else {
      internal::ContainerRuntime runtime(choice.runtime);
      // The sweep (`<engine> ps` + `rm`) runs beside `run`, off the start-up path; it never
      // throws, and the jthread joins before Start returns or throws.
      std::jthread sweeper([runtime] { internal::ContainerRuntime(runtime).SweepStale(); });
      instance = runtime.Start(request);
    }
    try {
      if (std::optional<std::string> problem = internal::CheckCap(instance->endpoint(), config)) {
        internal::FailStart(*instance, *problem);
      }
    } catch (const client::Error& error) {
      internal::FailStart(*instance,
                          std::string("Redis answered PING but not CONFIG GET: ") + error.what());
    }
  }
  return instance;
}

// Start's contract is ConfigError or StartError: anything else a runtime lets escape (the file
// system, a system call, a library) becomes a StartError saying what failed and where to look.
[[noreturn]] void ThrowAsStartError(const ServerConfig& config, const std::string& name,
                                    const std::exception& error) {
  std::string problem = "could not start Redis (runtime ";
  problem += ToString(config.runtime);
  if (!name.empty()) problem += ", instance " + name;
  problem += "): ";
  problem += error.what();
  if (dynamic_cast<const std::filesystem::filesystem_error*>(&error) != nullptr) {
    std::string state_dir = "/tmp/redis-testkit-" + std::to_string(::getuid());
    try {
      state_dir = internal::StateDir();
    } catch (const std::exception&) {  // the default path is the best there is to show
    }
    problem += " (the kit keeps its state in " + state_dir +
               "; check that it is writable and not full, and that REDIS_TESTKIT_NAME is a short "
               "name)";
  } else if (dynamic_cast<const std::system_error*>(&error) != nullptr) {
    problem += " (a system call failed: out of processes, file descriptors or ports?)";
  }
  throw StartError(problem, "");
}

// Until loading:0 and PONG; a server that exits meanwhile is reported at once.
void WaitLoaded(Instance& instance, std::chrono::milliseconds timeout) {
  internal::LoadingProbe probe;
  probe.endpoint = instance.endpoint();
  probe.timeout = timeout;
  probe.check_exited = [&instance] { return instance.CheckExited(); };
  internal::WaitUntilLoaded(probe);
}

}  // namespace

StartError::StartError(const std::string& problem, std::string server_logs)
    : std::runtime_error(WithLogs(problem, server_logs)),
      problem_(problem),
      server_logs_(std::move(server_logs)) {}

RedisServer::RedisServer(std::unique_ptr<Instance> instance, std::string runtime_reason,
                         bool detached)
    : instance_(std::move(instance)),
      runtime_reason_(std::move(runtime_reason)),
      detached_(detached) {}

RedisServer::RedisServer(RedisServer&& other) noexcept = default;

RedisServer& RedisServer::operator=(RedisServer&& other) noexcept {
  if (this != &other) {
    if (!detached_) Stop();
    instance_ = std::move(other.instance_);
    runtime_reason_ = std::move(other.runtime_reason_);
    detached_ = other.detached_;
    startup_time_ = other.startup_time_;
  }
  return *this;
}

RedisServer::~RedisServer() {
  if (!detached_) Stop();
}

RedisServer RedisServer::Start(const ServerConfig& config, StartOptions options) {
  Validate(config);
  const auto started = std::chrono::steady_clock::now();
  internal::RuntimeChoice choice;
  std::unique_ptr<Instance> instance;
  const std::string name =
      config.runtime == Runtime::kExternal || !config.name.empty() ? config.name : DefaultName();
  try {
    choice = internal::ChooseRuntime(config);
    instance = StartInstance(config, options, choice, name);
  } catch (const ConfigError&) {
    throw;
  } catch (const StartError&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& error) {
    ThrowAsStartError(config, name, error);
  }
  RedisServer server(std::move(instance), choice.reason, options.detached);
  server.startup_time_ = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  return server;
}

std::optional<RedisServer> RedisServer::Find(const ServerConfig& config) {
  if (config.name.empty()) {
    throw ConfigError("REDIS_TESTKIT_NAME is empty: Find() needs the name of the instance");
  }
  if (config.runtime == Runtime::kAuto || config.runtime == Runtime::kProcess) {
    if (auto instance = internal::ProcessRuntime().Find(config.name, config)) {
      return RedisServer(std::move(instance), "found: process record " + config.name, true);
    }
  }
  std::optional<Runtime> engine;
  std::string reason;
  if (config.runtime == Runtime::kPodman || config.runtime == Runtime::kDocker) {
    engine = config.runtime;
    reason = std::string("configured: REDIS_TESTKIT_RUNTIME=") + ToString(config.runtime);
  } else if (config.runtime == Runtime::kAuto) {
    const internal::RuntimeChoice choice = internal::ChooseRuntime(config);
    if (choice.runtime == Runtime::kPodman || choice.runtime == Runtime::kDocker) {
      engine = choice.runtime;
      reason = choice.reason;
    }
  }
  if (engine) {
    internal::ContainerRuntime runtime(*engine);
    if (auto instance = runtime.Find(config.name, config)) {
      return RedisServer(std::move(instance),
                         "found: container " + config.name + " (" + reason + ")", true);
    }
  }
  return std::nullopt;
}

const client::Endpoint& RedisServer::endpoint() const { return instance_->endpoint(); }
Runtime RedisServer::runtime() const { return instance_->runtime(); }
bool RedisServer::owned() const { return instance_->owned(); }
const std::string& RedisServer::name() const { return instance_->name(); }
long long RedisServer::container_memory_limit() const {
  return instance_->container_memory_limit();
}

bool RedisServer::IsRunning() const {
  return instance_ != nullptr && !instance_->CheckExited().has_value();
}

std::string RedisServer::Logs(int last_lines) const {
  if (!instance_) return "";
  try {
    return instance_->Logs(last_lines);
  } catch (const std::exception& error) {
    return std::string("(no logs: ") + error.what() + ")";
  }
}

void RedisServer::Stop() noexcept {
  if (instance_) instance_->Stop();
}

void RedisServer::Release() noexcept { instance_.reset(); }

void RedisServer::Kill() { instance_->Kill(); }

void RedisServer::Shutdown(std::chrono::milliseconds timeout) { instance_->Shutdown(timeout); }

std::chrono::milliseconds RedisServer::Relaunch(std::chrono::milliseconds timeout) {
  const auto started = std::chrono::steady_clock::now();
  instance_->Launch();
  WaitLoaded(*instance_, timeout);
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               started);
}

void RedisServer::Pause() { instance_->Pause(); }

void RedisServer::Resume() { instance_->Resume(); }

std::chrono::milliseconds RedisServer::Revive(std::chrono::milliseconds timeout) {
  const auto started = std::chrono::steady_clock::now();
  instance_->Revive();
  WaitLoaded(*instance_, timeout);
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               started);
}

std::optional<std::string> RedisServer::CheckCap(const ServerConfig& config) const {
  return internal::CheckCap(instance_->endpoint(), config);
}

}  // namespace redis_testkit::containers
