// The podman and docker runtimes: one code path over the engine's CLI, only the binary differs
// (plus two template spellings). A container is
//   <engine> run -d --name N --label redis-testkit=1 --label redis-testkit.owner-pid=PID
//       --label redis-testkit.owner-start=T --memory LIMIT --memory-swap LIMIT
//       -p 127.0.0.1:PORT:6379 IMAGE redis-server <RedisServerArguments, bind 0.0.0.0>
// For an ephemeral port, PORT is a free one picked here (bind 127.0.0.1:0), retried when the
// engine finds it taken: cheaper than letting the engine pick and asking `<engine> port` (one more
// engine call, 30-110 ms on a 2-core host), which only Find() does. Detached containers carry
// redis-testkit.detached=1 instead of the owner labels, so no sweep touches them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "instance.h"

namespace redis_testkit::containers::internal {

class ContainerRuntime {
 public:
  // The local image scripts/build-local-image.sh builds, and the registry image tried after it
  // when ServerConfig::image is empty.
  static constexpr const char* kLocalImage = "localhost/redis-testkit:7.0";
  static constexpr const char* kRegistryImage = "docker.io/library/redis:7-alpine";
  // The labels naming a container's owner process (pid, start time): SweepStale removes the
  // containers whose owner is gone. The tests label their stale containers with these too.
  static constexpr const char* kOwnerPidLabel = "redis-testkit.owner-pid";
  static constexpr const char* kOwnerStartLabel = "redis-testkit.owner-start";

  // engine: Runtime::kPodman or Runtime::kDocker.
  explicit ContainerRuntime(Runtime engine);

  Runtime engine() const { return engine_; }
  const std::string& binary() const { return binary_; }  // "podman" / "docker"
  bool Installed() const;

  // Runs the container and waits until it answers PING; throws StartError.
  std::unique_ptr<Instance> Start(const LaunchRequest& request);
  // The container called `name` (running or not); nullptr when there is none.
  std::unique_ptr<Instance> Find(const std::string& name, const ServerConfig& config);
  // Removes every container labelled redis-testkit.owner-pid whose owner is gone (or whose pid
  // now belongs to another process); returns their names. Never throws.
  std::vector<std::string> SweepStale();

  // `<engine> rm -f ...` argv for `name` (also what the watchdog runs).
  std::vector<std::string> RemoveCommand(const std::string& name) const;

 private:
  std::vector<std::string> RunCommandLine(const LaunchRequest& request, const std::string& image,
                                          int host_port) const;

  Runtime engine_;
  std::string binary_;
};

}  // namespace redis_testkit::containers::internal
