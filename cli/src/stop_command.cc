// `redis-testkit stop`: stops the developer Redis; succeeds when nothing runs.
#include <cstdio>

#include "commands.h"
#include "redis_testkit/containers/redis_server.h"

namespace redis_testkit::cli {
namespace {

int Run() {
  const ServerConfig config = DeveloperServerConfig(LoadConfig());
  if (config.runtime == Runtime::kExternal) {
    std::printf("REDIS_TESTKIT_URL is set: an external Redis is never stopped by the kit\n");
    return kExitOk;
  }
  std::optional<containers::RedisServer> server = containers::RedisServer::Find(config);
  if (!server) {
    std::printf("nothing to stop: no instance named %s\n", config.name.c_str());
    return kExitOk;
  }
  server->Stop();
  if (server->IsRunning()) {
    std::fprintf(stderr, "redis-testkit stop: %s is still running after stop\n",
                 server->name().c_str());
    return kExitFailed;
  }
  if (server->topology() == Topology::kCluster) {
    std::printf("stopped the cluster %s: %zu nodes (%s)\n", server->name().c_str(),
                server->nodes().size(), ToString(server->runtime()));
    return kExitOk;
  }
  std::printf("stopped %s (%s)\n", server->name().c_str(), ToString(server->runtime()));
  return kExitOk;
}

Action Define(CLI::App& /*app*/) { return Run; }  // no flags

}  // namespace

const Subcommand kStopCommand{
    "stop", "stop the developer Redis (succeeds when none runs)",
    "Stops and removes the instance `redis-testkit start` started (name redis-testkit, or\n"
    "REDIS_TESTKIT_NAME): its container, or its redis-server process and files; a cluster\n"
    "(REDIS_TESTKIT_TOPOLOGY=cluster) with every node, whatever the topology now configured.\n"
    "Succeeds when nothing runs.\n",
    "", Define};

}  // namespace redis_testkit::cli
