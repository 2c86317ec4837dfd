// Helpers shared by the containers integration tests: configs, engine checks, polling.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>

#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/config.h"

namespace redis_testkit::containers::testing {

// A small capped server on an ephemeral port, for `runtime`.
ServerConfig SmallConfig(Runtime runtime);

// std::nullopt when `binary` (podman / docker) can run containers of the local image here; else
// the reason to skip. Told by EngineSilent, not by the runtime selection under test.
std::optional<std::string> EngineUnusable(const std::string& binary);

// std::nullopt when an engine answers `binary`, asked in its own terms (docker: the server
// version; podman: `info`'s host name); else why not ("docker: not installed", "docker: no engine
// answers (`docker version`: Cannot connect ...)").
std::optional<std::string> EngineSilent(const std::string& binary);
// The server version `<binary> version` reports ("20.10.24+dfsg1"), or "".
std::string EngineVersion(const std::string& binary);

// Sets an environment variable for a scope and restores it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// `CONFIG GET name` on the endpoint.
std::string ConfigGet(const client::Endpoint& endpoint, const std::string& name);
// INFO server process_id.
pid_t ServerPid(const client::Endpoint& endpoint);

// Whether `<binary> ps -a` lists a container called exactly `name`.
bool ContainerExists(const std::string& binary, const std::string& name);
// `<binary> inspect --format FORMAT name`, trimmed.
std::string Inspect(const std::string& binary, const std::string& name, const std::string& format);

// Polls `condition` every 50 ms until it holds or `timeout` passes; returns its last value.
bool Eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds timeout = std::chrono::seconds(10));

// A pid that is certainly dead (a reaped child).
pid_t DeadPid();

// Forks a child that runs `body` (which starts a server and reports through `report_fd`) and then
// sleeps; returns the child's pid. The child never returns into the test.
pid_t ForkOwner(const std::function<void(int report_fd)>& body, int& read_fd);
// Reads one line the child wrote (up to `timeout`); empty on EOF/timeout.
std::string ReadLine(int fd, std::chrono::milliseconds timeout);

// Forks an owner (ForkOwner) that starts a server with `config` and holds it until it is killed.
// Returns the owner's pid; `name` gets the server's name, or "ERROR <why>" when the start failed,
// or "" when nothing came within `timeout`.
pid_t ForkServerOwner(const ServerConfig& config, std::chrono::milliseconds timeout,
                      std::string& name);

}  // namespace redis_testkit::containers::testing
