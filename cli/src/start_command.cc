// `redis-testkit start`: the developer Redis, detached (it outlives the command), idempotent.
#include <cstdio>

#include "commands.h"
#include "redis_testkit/containers/redis_server.h"
#include "topology_text.h"

namespace redis_testkit::cli {
namespace {

using containers::RedisServer;

void PrintServer(const char* verb, const RedisServer& server, const ServerConfig& config) {
  std::printf("%s: %s\n", verb, server.endpoint().Url().c_str());
  std::printf("  name:    %s\n", server.name().c_str());
  std::printf("  runtime: %s (%s)\n", ToString(server.runtime()), server.runtime_reason().c_str());
  std::printf("  cap:     %s%s\n", DescribeCap(config, server.container_memory_limit()).c_str(),
              server.topology() == Topology::kCluster ? " per node" : "");
  std::printf("  topology: %s\n", DescribeTopology(server).c_str());
  if (server.topology() == Topology::kCluster) {
    const std::vector<client::Endpoint> nodes = server.nodes();
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      std::printf("  node %zu:  %s%s\n", i + 1, nodes[i].ToString().c_str(),
                  i < server.masters().size() ? " (master)" : " (replica)");
    }
    std::printf("  redis-cli -c -p %d reaches every node\n", server.endpoint().port);
  }
  if (server.startup_time().count() > 0) {
    std::printf("  ready in %lld ms\n", static_cast<long long>(server.startup_time().count()));
  }
}

int Run() {
  const LoadedConfig loaded = LoadConfig();
  const ServerConfig config = DeveloperServerConfig(loaded);
  if (config.runtime == Runtime::kExternal) {
    RedisServer server = RedisServer::Start(config);
    std::printf("external Redis %s answers PING; nothing to start (REDIS_TESTKIT_URL is set)\n",
                server.name().c_str());
    return kExitOk;
  }
  if (std::optional<RedisServer> running = RedisServer::Find(config)) {
    if (running->IsRunning()) {
      std::optional<std::string> mismatch = TopologyMismatch(*running, config);
      if (!mismatch) mismatch = running->CheckCap(config);
      if (mismatch) {
        std::fprintf(stderr,
                     "redis-testkit start: %s is already running, but %s.\n"
                     "Fix: ./stop-redis.sh (or redis-testkit stop), then start again with the "
                     "configuration you want.\n",
                     running->name().c_str(), mismatch->c_str());
        return kExitFailed;
      }
      PrintServer("already running", *running, config);
      std::printf("  its topology, maxmemory and policy equal the configuration\n");
      return kExitOk;
    }
    std::printf("removing the stopped instance %s\n", running->name().c_str());
    running->Stop();
  }
  containers::StartOptions options;
  options.detached = true;
  RedisServer server = RedisServer::Start(config, options);
  PrintServer("started", server, config);
  std::printf("  stop it with ./stop-redis.sh (redis-testkit stop)\n");
  return kExitOk;
}

Action Define(CLI::App& /*app*/) { return Run; }  // no flags

}  // namespace

const Subcommand kStartCommand{
    "start", "start the developer Redis (detached; idempotent)",
    "Starts a capped Redis that outlives this command, with the configuration of the\n"
    "REDIS_TESTKIT_* variables (see `redis-testkit env`), except that the name defaults to\n"
    "redis-testkit and the port to 6379 unless REDIS_TESTKIT_NAME / REDIS_TESTKIT_PORT are set.\n"
    "With REDIS_TESTKIT_TOPOLOGY=cluster it starts a Redis Cluster whose first node is on that\n"
    "port (redis-cli -c -p 6379 works) and returns once every node says cluster_state:ok.\n"
    "When it already runs: succeeds if its topology, maxmemory and policy equal the\n"
    "configuration, else fails and says how to fix it. Prints the endpoint, the cap and the "
    "nodes.\n",
    "", Define};

}  // namespace redis_testkit::cli
