#include "redis_command_line.h"

namespace redis_testkit::containers::internal {

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
      "--save",
      "",
      "--appendonly",
      "no",
      "--daemonize",
      "no",
      "--logfile",
      "",
  };
  if (!listen.unix_socket.empty()) {
    args.insert(args.end(), {"--unixsocket", listen.unix_socket, "--unixsocketperm", "700"});
  }
  if (!listen.dir.empty()) args.insert(args.end(), {"--dir", listen.dir});
  // A profile's settings (REDIS_TESTKIT_PROFILE) last: a later directive wins over the defaults.
  for (const auto& [name, value] : config.settings) args.insert(args.end(), {"--" + name, value});
  return args;
}

}  // namespace redis_testkit::containers::internal
