#include "command_line.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>

#include "help_formatter.h"

namespace redis_testkit::cli {
namespace {

constexpr std::array<const Subcommand*, 10> kSubcommands{
    &kStartCommand, &kStopCommand,  &kStatusCommand, &kEnvCommand,  &kPoolCommand,
    &kMergeCommand, &kCleanCommand, &kFillCommand,   &kLoadCommand, &kAuditCommand};

constexpr const char* kOverview =
    "A real, memory-capped Redis for tests, configured by REDIS_TESTKIT_* variables\n"
    "(`redis-testkit env` lists them). redis-testkit COMMAND --help shows a command's flags.";

// The innermost subcommand chosen on the command line (app itself when none).
const CLI::App* Chosen(const CLI::App& app) {
  const CLI::App* chosen = &app;
  for (;;) {
    const std::vector<const CLI::App*> subs =
        chosen->get_subcommands([](const CLI::App* sub) { return sub->parsed(); });
    if (subs.empty()) return chosen;
    chosen = subs.front();
  }
}

}  // namespace

CommandLine::CommandLine() : app_(kOverview, "redis-testkit") {
  app_.formatter(std::make_shared<HelpFormatter>());
  app_.footer(kExitCodesHelp);
  app_.require_subcommand(0, 1);
  for (const Subcommand* command : kSubcommands) {
    CLI::App* sub = app_.add_subcommand(command->name, command->summary);
    sub->group("Commands");
    std::string description = command->description;
    if (description.ends_with('\n')) description.pop_back();
    sub->description(std::string(command->summary) + "\n\n" + description);
    sub->footer(std::string(command->notes) + (*command->notes != '\0' ? "\n" : "") +
                kExitCodesHelp);
    actions_.emplace(sub, command->define(*sub));
  }
}

void CommandLine::Parse(const std::vector<std::string>& args) {
  app_.clear();
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them reversed
  app_.parse(reversed);
}

std::string CommandLine::CommandName() const {
  std::string name = app_.get_name();
  for (const CLI::App* sub = &app_; sub != Chosen(app_);) {
    sub = sub->get_subcommands([](const CLI::App* s) { return s->parsed(); }).front();
    name += " " + sub->get_name();
  }
  return name;
}

std::string CommandLine::Help() const { return app_.help(); }

void CommandLine::PrintUsageError(const std::string& message) const {
  const std::string name = CommandName();
  std::fprintf(stderr, "%s: %s\nRun `%s --help` for the flags.\n", name.c_str(), message.c_str(),
               name.c_str());
}

int CommandLine::Main(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::fputs(Help().c_str(), stderr);
    return kExitUsage;
  }
  if (args.front() == "help") {
    std::fputs(Help().c_str(), stdout);
    return kExitOk;
  }
  try {
    Parse(args);
  } catch (const CLI::CallForHelp&) {
    std::fputs(Help().c_str(), stdout);
    return kExitOk;
  } catch (const CLI::ParseError& error) {
    if (Chosen(app_) == &app_ && dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
      std::fprintf(stderr, "redis-testkit: unknown command '%s'\n\n%s", args.front().c_str(),
                   Help().c_str());
    } else {
      PrintUsageError(error.what());
    }
    return kExitUsage;
  }
  return RunChosen();
}

int CommandLine::RunChosen() {
  const auto subs = app_.get_subcommands([](const CLI::App* sub) { return sub->parsed(); });
  if (subs.empty()) {
    std::fputs(Help().c_str(), stderr);
    return kExitUsage;
  }
  const std::string name = CommandName();
  try {
    return actions_.at(subs.front())();
  } catch (const UsageError& error) {
    PrintUsageError(error.what());
    return kExitUsage;
  } catch (const ConfigError& error) {
    std::fprintf(stderr, "%s: configuration error: %s\n", name.c_str(), error.what());
    return kExitConfig;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), error.what());
    return kExitFailed;
  }
}

}  // namespace redis_testkit::cli
