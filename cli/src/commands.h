// The subcommands of redis-testkit; one file each.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "cli_support.h"

namespace redis_testkit::cli {

// Runs a subcommand with the values its flags were given; returns the exit code.
using Action = std::function<int()>;

struct Subcommand {
  const char* name;
  const char* summary;      // one line for the overview
  const char* description;  // --help: what it does (after the usage line, before the options)
  const char* notes;        // --help: after the options (its own exit codes); may be ""
  // Defines the subcommand's flags on `app` (flags.h), bound to values the returned Action reads.
  Action (*define)(CLI::App& app);
};

extern const Subcommand kStartCommand;
extern const Subcommand kStopCommand;
extern const Subcommand kStatusCommand;
extern const Subcommand kEnvCommand;
extern const Subcommand kPoolCommand;
extern const Subcommand kMergeCommand;
extern const Subcommand kCleanCommand;
extern const Subcommand kFillCommand;
extern const Subcommand kLoadCommand;
extern const Subcommand kAuditCommand;

}  // namespace redis_testkit::cli
