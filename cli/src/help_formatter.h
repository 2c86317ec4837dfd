// The --help layout of redis-testkit and its subcommands, generated from their CLI11 definitions:
// the usage line (every flag, with its value name), the description, the flags, the notes.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace redis_testkit::cli {

class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter();
  // Usage line first, then the description, the flags, the subcommands and the footer.
  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override;
  // "Usage: redis-testkit fill [--url URL] [--to LEVEL] [--json]": every flag but --help.
  std::string make_usage(const CLI::App* app, std::string name) const override;
  // One line of the overview: the name and the first line of the description (the summary).
  std::string make_subcommand(const CLI::App* sub) const override;
};

}  // namespace redis_testkit::cli
