// The flags of the subcommands, defined once with CLI11: the parsing and the --help text both come
// from these definitions. A flag that needs a value never takes the next flag as its value.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace redis_testkit::cli {

// --flag VALUE or --flag=VALUE into `target` (unset when not given). `value_name` is shown in
// --help (URL, DIR, N...). Given twice: a usage error.
CLI::Option* AddValue(CLI::App& app, const std::string& flag, std::optional<std::string>& target,
                      const std::string& value_name, const std::string& help);

// A repeatable --flag VALUE: every occurrence, in order, one value each.
CLI::Option* AddValues(CLI::App& app, const std::string& flag, std::vector<std::string>& target,
                       const std::string& value_name, const std::string& help);

// --flag without a value: `target` becomes true when given.
CLI::Option* AddSwitch(CLI::App& app, const std::string& flag, bool& target,
                       const std::string& help);

// Refuses a value that is a flag ("--json", "-h"): what a value flag sees when its value was
// forgotten. "-" (stdin/stdout) and negative numbers pass.
const CLI::Validator& NotAFlag();

}  // namespace redis_testkit::cli
