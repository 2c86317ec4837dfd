#include "redis_testkit/containers/redis_server.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <new>
#include <system_error>
#include <thread>

#include "cluster_instance.h"
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

// The cluster topology's counts, and what it cannot be.
void ValidateCluster(const ServerConfig& config) {
  if (config.cluster_masters < 1) {
    throw ConfigError("REDIS_TESTKIT_CLUSTER_MASTERS=" + std::to_string(config.cluster_masters) +
                      " is not a number of masters; use a whole number from 1 to 64");
  }
  if (config.cluster_replicas < 0) {
    throw ConfigError("REDIS_TESTKIT_CLUSTER_REPLICAS=" + std::to_string(config.cluster_replicas) +
                      " is not a number of replicas per master; use a whole number from 0 to 4");
  }
  if (config.runtime == Runtime::kExternal) {
    throw ConfigError(
        "REDIS_TESTKIT_TOPOLOGY=cluster needs a runtime that starts the nodes (process, podman, "
        "docker or auto), not an external server (REDIS_TESTKIT_URL)");
  }
  if (config.db != 0) {
    throw ConfigError("REDIS_TESTKIT_DB=" + std::to_string(config.db) +
                      " with REDIS_TESTKIT_TOPOLOGY=cluster: Redis Cluster has database 0 only");
  }
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
  if (config.topology == Topology::kCluster) ValidateCluster(config);
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

// The request every runtime's Start() gets. Throws StartError when the owner does not exist.
internal::LaunchRequest MakeRequest(const ServerConfig& config, const StartOptions& options,
                                    const std::string& name) {
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
  return request;
}

// One server of a process or container runtime, ready and checked against the cap.
std::unique_ptr<Instance> LaunchChecked(const internal::LaunchRequest& request, Runtime runtime) {
  std::unique_ptr<Instance> instance = runtime == Runtime::kProcess
                                           ? internal::ProcessRuntime().Start(request)
                                           : internal::ContainerRuntime(runtime).Start(request);
  try {
    if (std::optional<std::string> problem =
            internal::CheckCap(instance->endpoint(), request.config)) {
      internal::FailStart(*instance, *problem);
    }
  } catch (const client::Error& error) {
    internal::FailStart(*instance,
                        std::string("Redis answered PING but not CONFIG GET: ") + error.what());
  }
  return instance;
}

// The standalone server, or the nodes of the cluster topology (each started as LaunchChecked).
std::unique_ptr<Instance> Launch(const internal::LaunchRequest& request, Runtime runtime) {
  if (request.config.topology == Topology::kStandalone) return LaunchChecked(request, runtime);
  internal::ClusterInstance::Request cluster;
  cluster.config = request.config;
  cluster.name = request.name;
  // The process runtime's death signal follows the thread that started the server: only
  // containers may start from threads.
  cluster.parallel = runtime != Runtime::kProcess;
  cluster.start_node = [&request, runtime](const ServerConfig& node_config,
                                           const std::string& node_name) {
    internal::LaunchRequest node = request;
    node.config = node_config;
    node.name = node_name;
    node.host_network = true;
    return LaunchChecked(node, runtime);
  };
  return internal::ClusterInstance::Start(cluster);
}

// The runtime's instance, started, ready and checked against the cap.
std::unique_ptr<Instance> StartInstance(const ServerConfig& config, const StartOptions& options,
                                        const internal::RuntimeChoice& choice,
                                        const std::string& name) {
  if (choice.runtime == Runtime::kExternal) return internal::ExternalRuntime().Start(config);
  const internal::LaunchRequest request = MakeRequest(config, options, name);
  if (choice.runtime == Runtime::kProcess) {
    internal::ProcessRuntime().SweepStale();
    return Launch(request, choice.runtime);
  }
  // The sweep (`<engine> ps` + `rm`) runs beside `run`, off the start-up path; it never throws,
  // and the jthread joins before Start returns or throws.
  std::jthread sweeper(
      [engine = choice.runtime] { internal::ContainerRuntime(engine).SweepStale(); });
  return Launch(request, choice.runtime);
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
  probe.identity = instance.name();
  internal::WaitUntilLoaded(probe);
}

// The standalone server called config.name, else the cluster whose nodes are named after it.
template <typename Runtime>
std::unique_ptr<Instance> FindIn(Runtime runtime, const ServerConfig& config) {
  if (auto instance = runtime.Find(config.name, config)) return instance;
  return internal::ClusterInstance::Find(config.name, config,
                                         [&runtime, &config](const std::string& node_name) {
                                           return runtime.Find(node_name, config);
                                         });
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
    if (auto instance = FindIn(internal::ProcessRuntime(), config)) {
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
    if (auto instance = FindIn(internal::ContainerRuntime(*engine), config)) {
      return RedisServer(std::move(instance),
                         "found: container " + config.name + " (" + reason + ")", true);
    }
  }
  return std::nullopt;
}

const client::Endpoint& RedisServer::endpoint() const { return instance_->endpoint(); }
Runtime RedisServer::runtime() const { return instance_->runtime(); }
bool RedisServer::owned() const { return instance_->owned(); }
Topology RedisServer::topology() const { return instance_->topology(); }
std::vector<client::Endpoint> RedisServer::nodes() const { return instance_->nodes(); }
std::vector<client::Endpoint> RedisServer::masters() const {
  std::vector<client::Endpoint> all = instance_->nodes();
  all.resize(std::min(all.size(), static_cast<std::size_t>(instance_->master_count())));
  return all;
}
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
  for (const client::Endpoint& node : instance_->nodes()) {
    if (std::optional<std::string> problem = internal::CheckCap(node, config)) return problem;
  }
  return std::nullopt;
}

}  // namespace redis_testkit::containers
