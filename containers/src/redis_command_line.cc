#include "redis_command_line.h"

#include <stdexcept>

namespace redis_testkit::containers::internal {

std::vector<std::string> PersistenceArguments(Persistence persistence) {
  switch (persistence) {
    case Persistence::kAofEverysec:
      return {"--save", "", "--appendonly", "yes", "--appendfsync", "everysec"};
    case Persistence::kAofAlways:
      return {"--save", "", "--appendonly", "yes", "--appendfsync", "always"};
    case Persistence::kRdb:
      return {"--save", "1 1", "--appendonly", "no"};
    case Persistence::kNone:
      break;
  }
  return {"--save", "", "--appendonly", "no"};
}

std::string ProcTitleTemplate(const std::string& identity) {
  // {title} {listen-addr} {server-mode} is Redis' default; the kit's name follows.
  return "{title} {listen-addr} {server-mode} redis-testkit:" + identity;
}

std::vector<std::string> RedisServerArguments(const ServerConfig& config,
                                              const RedisListenOptions& listen) {
  std::vector<std::string> args{
      "--port",
      std::to_string(listen.port),
      "--bind",
      listen.bind,
      "--protected-mode",
      listen.protected_mode ? "yes" : "no",
      "--maxmemory",
      std::to_string(config.maxmemory_bytes),
      "--maxmemory-policy",
      config.maxmemory_policy,
      "--daemonize",
      "no",
      "--logfile",
      "",
      // The kit lists each test's slow commands (SLOWLOG): REDIS_TESTKIT_SLOWLOG_THRESHOLD.
      "--slowlog-log-slower-than",
      std::to_string(config.slowlog_threshold_us),
  };
  const std::vector<std::string> persistence = PersistenceArguments(config.persistence);
  args.insert(args.end(), persistence.begin(), persistence.end());
  if (!listen.unix_socket.empty()) {
    args.insert(args.end(), {"--unixsocket", listen.unix_socket, "--unixsocketperm", "700"});
  }
  if (!listen.dir.empty()) args.insert(args.end(), {"--dir", listen.dir});
  // A profile's settings (REDIS_TESTKIT_PROFILE) last: a later directive wins over the defaults.
  for (const auto& [name, value] : config.settings) args.insert(args.end(), {"--" + name, value});
  if (!listen.identity.empty()) {
    args.insert(args.end(), {"--proc-title-template", ProcTitleTemplate(listen.identity)});
  }
  return args;
}

std::vector<std::pair<std::string, std::string>> ClusterNodeSettings(
    const ClusterNodeOptions& options) {
  if (options.bus_port <= 0 || options.bus_port > 65535) {
    throw std::invalid_argument("cluster bus port " + std::to_string(options.bus_port) +
                                " is not a TCP port (1..65535)");
  }
  std::vector<std::pair<std::string, std::string>> settings{
      {"cluster-enabled", "yes"},
      {"cluster-config-file", "nodes.conf"},
      {"cluster-port", std::to_string(options.bus_port)},
      {"cluster-node-timeout", std::to_string(options.node_timeout.count())},
      {"cluster-announce-ip", options.announce_ip},
      {"cluster-announce-bus-port",
       std::to_string(options.announce_bus_port > 0 ? options.announce_bus_port
                                                    : options.bus_port)},
  };
  if (options.announce_port > 0) {
    settings.emplace_back("cluster-announce-port", std::to_string(options.announce_port));
  }
  return settings;
}

}  // namespace redis_testkit::containers::internal
