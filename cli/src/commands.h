// The subcommands of redis-testkit; one file each.
#pragma once

#include <vector>

#include "cli_support.h"

namespace redis_testkit::cli {

struct Subcommand {
  const char* name;
  const char* summary;  // one line for the overview
  const char* usage;    // the subcommand's --help text
  int (*run)(Arguments& args);
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
