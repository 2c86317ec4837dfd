#include "container_runtime.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "free_port.h"
#include "redis_command_line.h"
#include "redis_testkit/containers/redis_server.h"
#include "subprocess.h"
#include "watchdog.h"

namespace redis_testkit::containers::internal {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kQuickCommandTimeout{15000};  // ps, port, inspect, logs, image exists
constexpr milliseconds kRemoveTimeout{30000};
constexpr milliseconds kMinRunTimeout{120000};   // `run` may pull an image
constexpr milliseconds kExitCheckInterval{250};  // each check is an `inspect` call
constexpr int kPortAttempts = 3;

bool Contains(const std::string& text, const char* needle) {
  return text.find(needle) != std::string::npos;
}

// "podman run failed (exit 125): Error: ..." keeping only the engine's "Error:" line when there
// is one (podman prints pull retries as warnings before it).
std::string DescribeEngineFailure(const CommandResult& result) {
  const std::size_t error = result.err.rfind("Error");
  if (result.timed_out || result.argv.size() < 2 || error == std::string::npos) {
    return result.Describe();
  }
  std::string line = result.err.substr(error);
  while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
  return result.argv[0] + " " + result.argv[1] + " failed (exit " +
         std::to_string(result.exit_code) + "): " + line;
}

class ContainerInstance : public Instance {
 public:
  ContainerInstance(ContainerRuntime runtime, std::string name, long long memory_limit)
      : runtime_(std::move(runtime)), name_(std::move(name)), memory_limit_(memory_limit) {}

  void set_endpoint(client::Endpoint endpoint) { endpoint_ = std::move(endpoint); }
  void set_watchdog(pid_t pid) { watchdog_pid_ = pid; }
  void StopWatchdogOnly() { StopWatchdog(watchdog_pid_); }

  const client::Endpoint& endpoint() const override { return endpoint_; }
  const std::string& name() const override { return name_; }
  Runtime runtime() const override { return runtime_.engine(); }
  long long container_memory_limit() const override { return memory_limit_; }

  std::optional<std::string> CheckExited() override {
    const CommandResult state = RunCommand(
        {runtime_.binary(), "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", name_},
        kQuickCommandTimeout);
    if (!state.ok()) {
      if (state.timed_out) return std::nullopt;  // a slow engine is not a dead container
      return "container " + name_ + " is gone (" + state.Describe() + ")";
    }
    std::istringstream fields(state.out);
    std::string status;
    int exit_code = 0;
    fields >> status >> exit_code;
    if (status == "running" || status == "created" || status == "configured" ||
        status == "initialized" || status == "restarting") {
      return std::nullopt;
    }
    return "container " + name_ + " exited with code " + std::to_string(exit_code) + " (" + status +
           ")";
  }

  std::string Logs(int last_lines) const override {
    try {
      const CommandResult logs =
          RunCommand({runtime_.binary(), "logs", "--tail", std::to_string(last_lines), name_},
                     kQuickCommandTimeout);
      if (!logs.ok()) return "(no logs: " + logs.Describe() + ")";
      return logs.out + logs.err;  // Redis logs to stdout (--logfile ''); errors may go to stderr
    } catch (const std::exception& error) {
      return std::string("(no logs: ") + error.what() + ")";
    }
  }

  void Stop() noexcept override {
    if (stopped_) return;
    stopped_ = true;
    try {
      const CommandResult removed = RunCommand(runtime_.RemoveCommand(name_), kRemoveTimeout);
      if (!removed.ok() && !Contains(removed.err, "no such container") &&
          !Contains(removed.err, "No such container")) {
        spdlog::warn("redis-testkit: could not remove container {}: {}", name_, removed.Describe());
      }
    } catch (const std::exception& error) {
      spdlog::warn("redis-testkit: could not remove container {}: {}", name_, error.what());
    }
    StopWatchdog(watchdog_pid_);
  }

  // The container is never run with --rm: killed or stopped, it keeps its /data (the working
  // directory, where the AOF/RDB files go) and its published port until Stop() removes it.
  void Kill() override {
    if (CheckExited()) return;
    Engine({"kill", "--signal", "KILL", name_}, "kill");
    Engine({"wait", name_}, "wait for the exit of");  // gone before Kill() returns
  }
  void Shutdown(milliseconds timeout) override {
    if (CheckExited()) return;
    if (State() == "paused") Engine({"unpause", name_}, "unpause");
    const auto seconds = std::max<long long>(1, timeout.count() / 1000);
    Engine({"stop", "-t", std::to_string(seconds), name_}, "stop", timeout + kQuickCommandTimeout);
  }
  void Launch() override { Engine({"start", name_}, "start"); }
  void Pause() override { Engine({"pause", name_}, "pause"); }
  void Resume() override { Engine({"unpause", name_}, "unpause"); }
  void Revive() override {
    const std::string state = State();
    if (state == "paused") {
      Resume();
    } else if (state != "running") {
      Launch();
    }
  }

 private:
  // `<engine> inspect` State.Status: running, paused, exited, ... ("" when it cannot be read).
  std::string State() const {
    const CommandResult state =
        RunCommand({runtime_.binary(), "inspect", "--format", "{{.State.Status}}", name_},
                   kQuickCommandTimeout);
    std::string status = state.ok() ? state.out : "";
    while (!status.empty() && (status.back() == '\n' || status.back() == ' ')) status.pop_back();
    return status;
  }

  void Engine(std::vector<std::string> args, const char* what,
              milliseconds timeout = kQuickCommandTimeout) const {
    args.insert(args.begin(), runtime_.binary());
    const CommandResult result = RunCommand(args, timeout);
    if (!result.ok()) {
      throw std::runtime_error(std::string("cannot ") + what + " container " + name_ + ": " +
                               DescribeEngineFailure(result));
    }
  }

  ContainerRuntime runtime_;
  std::string name_;
  long long memory_limit_;
  client::Endpoint endpoint_;
  pid_t watchdog_pid_ = 0;
  bool stopped_ = false;
};

// "127.0.0.1:34879\n" (possibly several lines, e.g. an IPv6 one) -> 34879.
std::optional<int> ParsePublishedPort(const std::string& text) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    const std::size_t colon = line.rfind(':');
    if (colon == std::string::npos) continue;
    try {
      const int port = std::stoi(line.substr(colon + 1));
      if (port > 0 && port < 65536) return port;
    } catch (const std::exception&) {
    }
  }
  return std::nullopt;
}

// The value of --port in a container's command (`inspect` {{json .Config.Cmd}}), e.g.
// ["redis-server","--port","41235",...] -> 41235.
std::optional<int> ListeningPort(const std::string& json_command) {
  try {
    const nlohmann::json command = nlohmann::json::parse(json_command);
    for (std::size_t i = 0; i + 1 < command.size(); ++i) {
      if (command[i] == "--port") return std::stoi(command[i + 1].get<std::string>());
    }
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

}  // namespace

ContainerRuntime::ContainerRuntime(Runtime engine)
    : engine_(engine), binary_(engine == Runtime::kDocker ? "docker" : "podman") {}

bool ContainerRuntime::Installed() const { return FindExecutable(binary_).has_value(); }

std::vector<std::string> ContainerRuntime::RemoveCommand(const std::string& name) const {
  const std::string path = FindExecutable(binary_).value_or(binary_);
  // -v: the image's anonymous /data volume (persistence files) goes with the container.
  if (engine_ == Runtime::kDocker) return {path, "rm", "-f", "-v", name};
  return {path, "rm", "-f", "-v", "-t", "0", name};  // podman: no 10 s grace period
}

std::vector<std::string> ContainerRuntime::RunCommandLine(const LaunchRequest& request,
                                                          const std::string& image,
                                                          int host_port) const {
  std::vector<std::string> argv{binary_,          "run", "-d", "--name", request.name, "--label",
                                "redis-testkit=1"};
  if (request.detached) {
    argv.insert(argv.end(), {"--label", "redis-testkit.detached=1"});
  } else {
    argv.insert(argv.end(),
                {"--label", std::string(kOwnerPidLabel) + "=" + std::to_string(request.owner.pid),
                 "--label",
                 std::string(kOwnerStartLabel) + "=" + std::to_string(request.owner.start_time)});
  }
  if (const long long limit = request.config.ContainerMemoryLimit(); limit > 0) {
    // --memory-swap equal to --memory: no swap, so the limit is the limit.
    argv.insert(argv.end(),
                {"--memory", std::to_string(limit), "--memory-swap", std::to_string(limit)});
  }
  // A localhost/ image is one built here (scripts/build-local-image.sh): no registry to pull it
  // from, so no pull attempts (podman retries them for seconds).
  if (image.starts_with("localhost/")) argv.emplace_back("--pull=never");
  RedisListenOptions listen;
  if (request.host_network) {
    // A cluster node: the host's network, so it listens on the host's 127.0.0.1:host_port and
    // the addresses it announces in MOVED / CLUSTER SLOTS are the host's.
    argv.insert(argv.end(), {"--network", "host", image, "redis-server"});
    listen.port = host_port;
  } else {
    argv.insert(argv.end(),
                {"-p", "127.0.0.1:" + std::to_string(host_port) + ":6379", image, "redis-server"});
    listen.port = 6379;
    listen.bind = "0.0.0.0";  // inside the container; the host side is 127.0.0.1 only (above)
    listen.protected_mode = false;
  }
  listen.identity = request.name;
  const std::vector<std::string> args = RedisServerArguments(request.config, listen);
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

std::unique_ptr<Instance> ContainerRuntime::Start(const LaunchRequest& request) {
  if (!Installed()) {
    throw StartError(binary_ + " is not installed: install it (scripts/install-deps.sh) or set " +
                         "REDIS_TESTKIT_RUNTIME=process",
                     "");
  }
  auto instance = std::make_unique<ContainerInstance>(*this, request.name,
                                                      request.config.ContainerMemoryLimit());
  // The watchdog first: if this process is killed during `run`, the container still goes.
  if (!request.detached) {
    instance->set_watchdog(SpawnWatchdog(request.owner, std::nullopt, RemoveCommand(request.name)));
  }
  std::vector<std::string> images;
  if (request.config.image.empty()) {
    images = {kLocalImage, kRegistryImage};
  } else {
    images = {request.config.image};
  }
  const milliseconds run_timeout = std::max(kMinRunTimeout, request.config.startup_timeout);
  std::string failures;
  std::optional<int> host_port;
  milliseconds run_elapsed{0};
  for (std::size_t i = 0; i < images.size() && !host_port; ++i) {
    const std::string& image = images[i];
    for (int attempt = 1;; ++attempt) {
      // An ephemeral port is picked here rather than by the engine: reading the engine's choice
      // back (`port`) costs another 30-110 ms per start. A port taken in between is retried.
      const int port = request.config.port > 0 ? request.config.port : PickFreePort();
      const CommandResult run = RunCommand(RunCommandLine(request, image, port), run_timeout);
      run_elapsed = run.elapsed;
      if (run.ok()) {
        host_port = port;
        break;
      }
      const bool name_taken = Contains(run.err, "name") && Contains(run.err, "already in use");
      if (!name_taken) {
        // A failed run may leave a created container behind; never remove someone else's.
        RunCommand(RemoveCommand(request.name), kRemoveTimeout);
      }
      const bool port_taken = Contains(run.err, "address already in use") ||
                              Contains(run.err, "port is already allocated");
      if (port_taken && request.config.port == 0 && attempt < kPortAttempts) continue;
      if (!failures.empty()) failures += "; then ";
      failures += DescribeEngineFailure(run);
      if (!run.timed_out && !RunCommand({binary_, "image", "inspect", "--format", "{{.Id}}", image},
                                        kQuickCommandTimeout)
                                 .ok()) {
        failures += ". Image '" + image + "' not found locally and could not be pulled";
        break;  // the next candidate image, if any
      }
      if (name_taken) {
        failures += ". A container named " + request.name +
                    " exists already: stop it (redis-testkit stop, or " + binary_ + " rm -f " +
                    request.name + ") or choose another REDIS_TESTKIT_NAME";
      } else if (port_taken) {
        failures += ". Port " + std::to_string(port) +
                    " is taken on 127.0.0.1: choose another REDIS_TESTKIT_PORT, or 0";
      } else if (!run.timed_out) {
        failures += ". " + binary_ + " could not run the container; scripts/install-deps.sh sets " +
                    binary_ + " up on sandboxed hosts, or set REDIS_TESTKIT_RUNTIME=process";
      }
      i = images.size();  // not an image problem: the next image would fail the same way
      break;
    }
  }
  if (!host_port) {
    instance->StopWatchdogOnly();
    if (failures.find("not found locally") != std::string::npos) {
      failures +=
          "; build the local one with scripts/build-local-image.sh or set "
          "REDIS_TESTKIT_IMAGE";
    }
    throw StartError(failures, "");
  }

  client::Endpoint endpoint;
  endpoint.host = "127.0.0.1";
  endpoint.port = *host_port;
  endpoint.db = request.config.db;
  instance->set_endpoint(std::move(endpoint));
  const auto ready_wait = std::chrono::steady_clock::now();
  AwaitReadyOrThrow(*instance, request.config, kExitCheckInterval);
  spdlog::debug(
      "redis-testkit: {} {}: run {} ms, PING after {} ms", binary_, request.name,
      run_elapsed.count(),
      std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - ready_wait)
          .count());
  return instance;
}

std::unique_ptr<Instance> ContainerRuntime::Find(const std::string& name,
                                                 const ServerConfig& config) {
  if (!Installed()) return nullptr;
  const CommandResult exists = RunCommand(
      {binary_, "inspect", "--format", "{{.HostConfig.Memory}}", name}, kQuickCommandTimeout);
  if (!exists.ok()) return nullptr;
  long long memory_limit = 0;  // the running container's own limit, not the config's
  std::istringstream(exists.out) >> memory_limit;
  auto instance = std::make_unique<ContainerInstance>(*this, name, memory_limit);
  const CommandResult port = RunCommand({binary_, "port", name, "6379/tcp"}, kQuickCommandTimeout);
  client::Endpoint endpoint;
  endpoint.port = port.ok() ? ParsePublishedPort(port.out).value_or(0) : 0;
  if (endpoint.port == 0) {  // a cluster node on the host's network: the port it listens on
    const CommandResult command = RunCommand(
        {binary_, "inspect", "--format", "{{json .Config.Cmd}}", name}, kQuickCommandTimeout);
    endpoint.port = command.ok() ? ListeningPort(command.out).value_or(0) : 0;
  }
  endpoint.db = config.db;
  instance->set_endpoint(std::move(endpoint));
  return instance;
}

std::vector<std::string> ContainerRuntime::SweepStale() {
  std::vector<std::string> stale;
  try {
    if (!Installed()) return stale;
    // podman templates index the label map; docker's ps has a .Label method instead.
    const auto label = [&](const char* name) {
      return engine_ == Runtime::kDocker ? "{{.Label \"" + std::string(name) + "\"}}"
                                         : "{{index .Labels \"" + std::string(name) + "\"}}";
    };
    const std::string format =
        "{{.Names}} " + label(kOwnerPidLabel) + " " + label(kOwnerStartLabel);
    const CommandResult listed =
        RunCommand({binary_, "ps", "-a", "--filter", "label=" + std::string(kOwnerPidLabel),
                    "--format", format},
                   kQuickCommandTimeout);
    if (!listed.ok()) return stale;
    std::istringstream lines(listed.out);
    std::string line;
    while (std::getline(lines, line)) {
      std::istringstream fields(line);
      std::string name;
      ProcessIdentity owner;
      if (!(fields >> name >> owner.pid >> owner.start_time)) continue;
      if (!IsAlive(owner)) stale.push_back(name);
    }
    for (const std::string& name : stale) {
      const CommandResult removed = RunCommand(RemoveCommand(name), kRemoveTimeout);
      spdlog::info("redis-testkit: removed stale container {} (its owner is gone){}", name,
                   removed.ok() ? "" : ": " + removed.Describe());
    }
  } catch (const std::exception& error) {
    spdlog::warn("redis-testkit: sweep of stale {} containers failed: {}", binary_, error.what());
  }
  return stale;
}

}  // namespace redis_testkit::containers::internal
