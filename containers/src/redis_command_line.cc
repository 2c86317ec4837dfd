#include "redis_command_line.h"

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
  return args;
}

}  // namespace redis_testkit::containers::internal
