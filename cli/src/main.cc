// redis-testkit: start/stop a developer Redis with the kit's configuration, show it, manage the
// ctest pool. Every subcommand answers --help; exit codes are listed there.
#include <spdlog/spdlog.h>

#include <string>
#include <vector>

#include "command_line.h"

int main(int argc, char** argv) {
  spdlog::set_pattern("redis-testkit: %v");
  redis_testkit::cli::CommandLine command_line;
  return command_line.Main(std::vector<std::string>(argv + 1, argv + argc));
}
