// redis-testkit: start/stop a developer Redis with the kit's configuration, show it, manage the
// ctest pool. Every subcommand answers --help; exit codes are listed there.
#include <spdlog/spdlog.h>

#include <array>
#include <cstdio>
#include <iostream>
#include <string>

#include "commands.h"

namespace redis_testkit::cli {
namespace {

constexpr std::array<const Subcommand*, 10> kSubcommands{
    &kStartCommand, &kStopCommand,  &kStatusCommand, &kEnvCommand,  &kPoolCommand,
    &kMergeCommand, &kCleanCommand, &kFillCommand,   &kLoadCommand, &kAuditCommand};

void PrintOverview(std::FILE* out) {
  std::fprintf(out,
               "Usage: redis-testkit <command> [options]\n\n"
               "A real, memory-capped Redis for tests, configured by REDIS_TESTKIT_* variables\n"
               "(`redis-testkit env` lists them).\n\nCommands:\n");
  for (const Subcommand* command : kSubcommands) {
    std::fprintf(out, "  %-13s %s\n", command->name, command->summary);
  }
  std::fprintf(out, "\nredis-testkit <command> --help shows a command's options.\n\n%s",
               kExitCodesHelp);
}

int Main(int argc, char** argv) {
  spdlog::set_pattern("redis-testkit: %v");
  if (argc < 2) {
    PrintOverview(stderr);
    return kExitUsage;
  }
  const std::string name = argv[1];
  if (name == "-h" || name == "--help" || name == "help") {
    PrintOverview(stdout);
    return kExitOk;
  }
  for (const Subcommand* command : kSubcommands) {
    if (name != command->name) continue;
    Arguments args(std::vector<std::string>(argv + 2, argv + argc));
    if (args.Help()) {
      std::printf("%s\n%s", command->usage, kExitCodesHelp);
      return kExitOk;
    }
    try {
      return command->run(args);
    } catch (const UsageError& error) {
      std::fprintf(stderr, "redis-testkit %s: %s\n\n%s\n", command->name, error.what(),
                   command->usage);
      return kExitUsage;
    } catch (const ConfigError& error) {
      std::fprintf(stderr, "redis-testkit %s: configuration error: %s\n", command->name,
                   error.what());
      return kExitConfig;
    } catch (const std::exception& error) {
      std::fprintf(stderr, "redis-testkit %s: %s\n", command->name, error.what());
      return kExitFailed;
    }
  }
  std::fprintf(stderr, "redis-testkit: unknown command '%s'\n\n", name.c_str());
  PrintOverview(stderr);
  return kExitUsage;
}

}  // namespace
}  // namespace redis_testkit::cli

int main(int argc, char** argv) { return redis_testkit::cli::Main(argc, argv); }
