// `redis-testkit status`: is the developer Redis running, where, with which cap and memory.
#include <cstdio>

#include "commands.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/info.h"
#include "redis_testkit/containers/redis_server.h"
#include "redis_testkit/units/byte_size.h"
#include "topology_text.h"

namespace redis_testkit::cli {
namespace {

int Run() {
  const ServerConfig config = DeveloperServerConfig(LoadConfig());
  std::optional<containers::RedisServer> server;
  if (config.runtime == Runtime::kExternal) {
    server = containers::RedisServer::Start(config);  // only checks PING
  } else {
    server = containers::RedisServer::Find(config);
  }
  if (!server) {
    std::printf("not running: no instance named %s (start it with ./start-redis.sh)\n",
                config.name.c_str());
    return kExitNotRunning;
  }
  if (!server->IsRunning()) {
    std::printf("not running: %s exists but has stopped; last log lines:\n%s",
                server->name().c_str(), server->Logs(10).c_str());
    return kExitNotRunning;
  }
  std::printf("running: %s\n", server->endpoint().Url().c_str());
  std::printf("  name:    %s\n", server->name().c_str());
  std::printf("  runtime: %s (%s)\n", ToString(server->runtime()),
              server->runtime_reason().c_str());
  std::printf("  topology: %s\n", DescribeTopology(*server).c_str());
  if (server->container_memory_limit() > 0) {
    std::printf("  cgroup:  container memory limit %s\n",
                units::FormatBytes(server->container_memory_limit()).c_str());
  }
  try {
    client::Connection connection(
        {server->endpoint(), config.command_timeout, config.command_timeout});
    const client::Info info = client::ParseInfo(connection.Info());
    std::printf("  redis:   %s, up %lld s\n", info.server.redis_version.c_str(),
                info.server.uptime_in_seconds);
    std::printf("  memory:  used %s of maxmemory %s (%s); %lld keys\n",
                units::FormatBytes(info.memory.used_memory).c_str(),
                units::FormatBytes(info.memory.maxmemory).c_str(),
                info.memory.maxmemory_policy.c_str(), info.TotalKeys());
    if (std::optional<std::string> mismatch = TopologyMismatch(*server, config)) {
      std::printf("  note:    %s (the configuration differs from the running server)\n",
                  mismatch->c_str());
    }
    if (std::optional<std::string> mismatch = server->CheckCap(config)) {
      std::printf("  note:    %s (the configuration differs from the running server)\n",
                  mismatch->c_str());
    }
  } catch (const client::Error& error) {
    std::printf("  but it does not answer: %s\n", error.what());
    return kExitFailed;
  }
  PrintNodes(*server, config);
  return kExitOk;
}

Action Define(CLI::App& /*app*/) { return Run; }  // no flags

}  // namespace

const Subcommand kStatusCommand{
    "status", "show whether the developer Redis runs, its endpoint, cap and memory",
    "Shows the instance `redis-testkit start` starts (name redis-testkit, or REDIS_TESTKIT_NAME):\n"
    "endpoint, runtime, topology, Redis version, used memory against maxmemory, key count, and\n"
    "whether the running topology or cap differs from the configuration; for a cluster, each\n"
    "node with its role, memory, keys and cluster_state. Exit code 4 when it is not running.\n",
    "", Define};

}  // namespace redis_testkit::cli
