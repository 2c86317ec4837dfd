#include "process_runtime.h"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <thread>

#include "process_record.h"
#include "readiness.h"
#include "redis_command_line.h"
#include "redis_testkit/containers/redis_server.h"
#include "subprocess.h"
#include "watchdog.h"

namespace redis_testkit::containers::internal {
namespace {

using std::chrono::milliseconds;

constexpr int kPortAttempts = 3;
constexpr milliseconds kTermGrace{5000};
constexpr milliseconds kExitCheckInterval{0};  // waitpid is cheap: check after every attempt

// Sends SIGTERM, waits up to kTermGrace, then SIGKILL. For a process that is not our child.
void TerminateForeign(const ProcessIdentity& who) {
  if (!IsAlive(who)) return;
  ::kill(who.pid, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + kTermGrace;
  while (IsAlive(who) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  if (IsAlive(who)) ::kill(who.pid, SIGKILL);
}

class ProcessInstance : public Instance {
 public:
  // die_with_us: the server gets PR_SET_PDEATHSIG (it dies with the thread that started it);
  // otherwise it runs in its own session and, unless detached, a watchdog follows its owner.
  ProcessInstance(ProcessRecord record, bool is_child, bool die_with_us)
      : record_(std::move(record)), is_child_(is_child), die_with_us_(die_with_us) {
    endpoint_.host = "127.0.0.1";
    endpoint_.port = record_.port;
  }

  void set_db(int db) { endpoint_.db = db; }
  void set_watchdog(pid_t pid) { watchdog_pid_ = pid; }
  const ProcessRecord& record() const { return record_; }

  const client::Endpoint& endpoint() const override { return endpoint_; }
  const std::string& name() const override { return record_.name; }
  Runtime runtime() const override { return Runtime::kProcess; }

  std::optional<std::string> CheckExited() override {
    if (exit_) return exit_;
    const std::string who = "redis-server (pid " + std::to_string(record_.server.pid) + ")";
    if (is_child_) {
      int status = 0;
      if (::waitpid(record_.server.pid, &status, WNOHANG) == record_.server.pid) {
        exit_ = who + " " + DescribeWaitStatus(status);
      }
    } else if (!IsAlive(record_.server)) {
      exit_ = who + " is gone";
    }
    return exit_;
  }

  std::string Logs(int last_lines) const override {
    std::ifstream file(record_.dir + "/redis.log");
    if (!file) return "";
    std::deque<std::string> lines;
    std::string line;
    while (std::getline(file, line)) {
      lines.push_back(line);
      if (static_cast<int>(lines.size()) > last_lines) lines.pop_front();
    }
    std::string text;
    for (const std::string& kept : lines) text += kept + "\n";
    return text;
  }

  void Stop() noexcept override {
    if (stopped_) return;
    stopped_ = true;
    if (is_child_) {
      // SIGKILL: the data directory goes with the server below, and SIGTERM would cost ~100 ms
      // (Redis acts on it in its next serverCron tick) in every test process.
      if (!CheckExited()) {  // not reaped yet: the pid is still ours to signal
        ::kill(record_.server.pid, SIGKILL);
        WaitForChild(record_.server.pid, kTermGrace);
      }
    } else {
      TerminateForeign(record_.server);
    }
    StopWatchdog(watchdog_pid_);
    record_.Remove();
  }

  void Kill() override {
    if (CheckExited()) return;
    ::kill(record_.server.pid, SIGKILL);
    if (!WaitGone(kTermGrace)) throw std::runtime_error(Who() + " survived SIGKILL");
  }

  void Shutdown(milliseconds timeout) override {
    if (CheckExited()) return;
    ::kill(record_.server.pid, SIGCONT);  // a paused server would never act on SIGTERM
    ::kill(record_.server.pid, SIGTERM);
    if (!WaitGone(timeout)) {
      throw std::runtime_error(Who() + " did not exit within " + std::to_string(timeout.count()) +
                               " ms of SIGTERM (a long save?); Kill() does not wait");
    }
  }

  void Launch() override;

  void Pause() override { Signal(SIGSTOP, "pause"); }
  void Resume() override { Signal(SIGCONT, "resume"); }

  void Revive() override {
    if (CheckExited()) {
      Launch();
    } else {
      ::kill(record_.server.pid, SIGCONT);
    }
  }

 private:
  std::string Who() const {
    return "redis-server " + record_.name + " (pid " + std::to_string(record_.server.pid) + ")";
  }

  void Signal(int signal, const char* what) {
    if (CheckExited()) {
      throw std::runtime_error(std::string("cannot ") + what + " " + Who() +
                               ": it is not running (" + *exit_ + "); Start() it first");
    }
    if (::kill(record_.server.pid, signal) != 0) {
      throw std::runtime_error(std::string("cannot ") + what + " " + Who() + ": " +
                               std::strerror(errno));
    }
  }

  // True once the server has exited (reaped when it is our child).
  bool WaitGone(milliseconds timeout) {
    if (is_child_) {
      int status = 0;
      if (!WaitForChild(record_.server.pid, timeout, &status)) return false;
      exit_ = Who() + " " + DescribeWaitStatus(status);
      return true;
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (IsAlive(record_.server)) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::sleep_for(milliseconds(5));
    }
    exit_ = Who() + " is gone";
    return true;
  }

  ProcessRecord record_;
  bool is_child_;
  bool die_with_us_;
  client::Endpoint endpoint_;
  std::optional<std::string> exit_;
  pid_t watchdog_pid_ = 0;
  bool stopped_ = false;
};

// The same command line, port and directory as before: the data files are where it left them.
void ProcessInstance::Launch() {
  if (stopped_) throw std::runtime_error(Who() + " was removed (Stop()); it cannot start again");
  if (!CheckExited()) throw std::runtime_error(Who() + " is already running");
  if (record_.argv.empty()) {
    throw std::runtime_error(Who() +
                             " has no recorded command line (started by an older redis-testkit)");
  }
  StopWatchdog(watchdog_pid_);
  SpawnOptions spawn;
  spawn.output_path = record_.dir + "/redis.log";
  spawn.working_dir = record_.dir;
  if (die_with_us_) spawn.death_signal = SIGTERM;
  spawn.new_session = !die_with_us_;
  const pid_t pid = Spawn(record_.argv, spawn);
  record_.server = IdentifyProcess(pid).value_or(ProcessIdentity{pid, 0});
  is_child_ = true;
  exit_.reset();
  if (!record_.detached && !die_with_us_) {
    watchdog_pid_ =
        SpawnWatchdog(record_.owner, record_.server,
                      {FindExecutable("kill").value_or("/bin/kill"), "-TERM", std::to_string(pid)});
  }
  record_.Save();
}

}  // namespace

std::unique_ptr<Instance> ProcessRuntime::Start(const LaunchRequest& request) {
  const ServerConfig& config = request.config;
  const std::optional<std::string> binary = FindExecutable(config.redis_server);
  if (!binary) {
    throw StartError("redis-server not found: '" + config.redis_server +
                         "' is not an executable on PATH; install it (apt-get install "
                         "redis-server) or set REDIS_TESTKIT_REDIS_SERVER to its path",
                     "");
  }
  const std::string record_path = ProcessRecord::PathFor(request.name);
  if (const std::optional<ProcessRecord> existing = ProcessRecord::Load(record_path)) {
    if (IsAlive(existing->server)) {
      throw StartError("a redis-server named " + request.name + " already runs (pid " +
                           std::to_string(existing->server.pid) + ", port " +
                           std::to_string(existing->port) +
                           "): stop it (redis-testkit stop) or choose another REDIS_TESTKIT_NAME",
                       "");
    }
    existing->Remove();
  }
  const bool die_with_us = !request.detached && request.owner_is_self;
  for (int attempt = 1;; ++attempt) {
    ProcessRecord record;
    record.name = request.name;
    record.dir = StateDir() + "/" + request.name;
    record.detached = request.detached;
    if (!request.detached) record.owner = request.owner;
    record.port = config.port > 0 ? config.port : PickFreePort();
    std::filesystem::remove_all(record.dir);
    std::filesystem::create_directories(record.dir);

    RedisListenOptions listen;
    listen.port = record.port;
    listen.dir = record.dir;  // the data directory too: removed with the record at Stop()
    listen.identity = request.name;
    std::vector<std::string> argv{*binary};
    const std::vector<std::string> args = RedisServerArguments(config, listen);
    argv.insert(argv.end(), args.begin(), args.end());
    record.argv = argv;
    SpawnOptions spawn;
    spawn.output_path = record.dir + "/redis.log";
    spawn.working_dir = record.dir;
    if (die_with_us) spawn.death_signal = SIGTERM;
    spawn.new_session = !die_with_us;  // detached or owned by another process: leave our group
    pid_t pid = 0;
    try {
      pid = Spawn(argv, spawn);
    } catch (const std::exception& error) {
      record.Remove();
      throw StartError(std::string("cannot start redis-server: ") + error.what(), "");
    }
    // A child that died at once is a zombie without identity; its exit is reported below.
    record.server = IdentifyProcess(pid).value_or(ProcessIdentity{pid, 0});
    auto instance = std::make_unique<ProcessInstance>(record, /*is_child=*/true, die_with_us);
    instance->set_db(config.db);
    try {
      record.Save();
      if (!request.detached && !request.owner_is_self) {
        instance->set_watchdog(SpawnWatchdog(
            request.owner, record.server,
            {FindExecutable("kill").value_or("/bin/kill"), "-TERM", std::to_string(pid)}));
      }
    } catch (const std::exception& error) {
      FailStart(*instance, std::string("cannot record redis-server: ") + error.what());
    }

    ReadinessProbe probe;
    probe.endpoint = instance->endpoint();
    probe.timeout = config.startup_timeout;
    probe.check_exited = [&instance] { return instance->CheckExited(); };
    probe.exit_check_interval = kExitCheckInterval;
    probe.identity = request.name;
    probe.fixed_port = config.port > 0;
    const Readiness readiness = WaitUntilReady(probe);
    if (readiness.ready) return instance;
    const bool port_taken =
        readiness.foreign ||
        (readiness.exited &&
         instance->Logs(kLogLinesOnFailure).find("Address already in use") != std::string::npos);
    if (port_taken && config.port == 0 && attempt < kPortAttempts) {
      instance->Stop();
      continue;  // someone took the port between PickFreePort and redis-server's bind
    }
    FailStart(*instance, readiness.problem);
  }
}

std::unique_ptr<Instance> ProcessRuntime::Find(const std::string& name,
                                               const ServerConfig& config) {
  std::optional<ProcessRecord> record = ProcessRecord::Load(ProcessRecord::PathFor(name));
  if (!record) return nullptr;
  // A server killed by server control (a pool slot's lessee) keeps its record while its owner
  // lives: the next lessee starts it again.
  const bool killed_but_owned = !record->detached && IsAlive(record->owner);
  if (!IsAlive(record->server) && !killed_but_owned) {
    record->Remove();
    return nullptr;
  }
  auto instance =
      std::make_unique<ProcessInstance>(*record, /*is_child=*/false, /*die_with_us=*/false);
  instance->set_db(config.db);
  return instance;
}

std::vector<std::string> ProcessRuntime::SweepStale() {
  std::vector<std::string> swept;
  try {
    for (const std::string& path : ProcessRecord::AllPaths()) {
      const std::optional<ProcessRecord> record = ProcessRecord::Load(path);
      if (!record) continue;
      const bool server_alive = IsAlive(record->server);
      const bool owner_gone = !record->detached && !IsAlive(record->owner);
      if (server_alive && !owner_gone) continue;
      if (!server_alive && !record->detached && !owner_gone) continue;  // its owner cleans up
      if (server_alive) TerminateForeign(record->server);
      record->Remove();
      swept.push_back(record->name);
      spdlog::info("redis-testkit: removed stale redis-server {} ({})", record->name,
                   server_alive ? "its owner is gone" : "it had exited");
    }
  } catch (const std::exception& error) {
    spdlog::warn("redis-testkit: sweep of stale redis-server records failed: {}", error.what());
  }
  return swept;
}

}  // namespace redis_testkit::containers::internal
