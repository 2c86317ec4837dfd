// The command line of redis-testkit: one CLI11 app with a subcommand per command (commands.h),
// each defining its flags once; parsing, --help and usage errors all come from those definitions.
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <string>
#include <vector>

#include "commands.h"

namespace redis_testkit::cli {

class CommandLine {
 public:
  CommandLine();  // defines every subcommand and its flags
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;

  // Parses, prints the help or the usage error, runs the command: the process's exit code
  // (kExitUsage for a bad command line: the message names the flag and points to --help).
  int Main(const std::vector<std::string>& args);

  // Only parses `args` (without the program name); throws CLI::ParseError (CLI::CallForHelp on
  // --help) and leaves the values in the subcommands' flags.
  void Parse(const std::vector<std::string>& args);
  // "redis-testkit pool up": the program and the subcommands the last Parse chose.
  std::string CommandName() const;
  // The help text of the chosen subcommand (the overview when none was chosen).
  std::string Help() const;
  const CLI::App& app() const { return app_; }

 private:
  int RunChosen();  // the chosen subcommand's Action, its exceptions turned into exit codes
  void PrintUsageError(const std::string& message) const;

  CLI::App app_;
  std::map<const CLI::App*, Action> actions_;  // per subcommand of app_
};

}  // namespace redis_testkit::cli
