// The redis-testkit command line as CLI11 parses it (no server, nothing run): every flag of the
// definitions is in the generated --help, a flag that needs a value never takes the next flag,
// and the invocations the scripts and CMake use parse to the same values as before.
#include "command_line.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace redis_testkit::cli {
namespace {

using Args = std::vector<std::string>;

// The value `flag` of the chosen subcommand got ("" when it was not given).
std::string ValueOf(const CLI::App& app, const std::string& flag) {
  const CLI::App* chosen = &app;
  for (;;) {
    const auto subs = chosen->get_subcommands([](const CLI::App* sub) { return sub->parsed(); });
    if (subs.empty()) break;
    chosen = subs.front();
  }
  const CLI::Option* option = chosen->get_option(flag);
  return option->count() == 0 ? "" : option->results().back();
}

// The message of the usage error `args` raise ("no error" when they parse).
std::string UsageErrorOf(const Args& args) {
  CommandLine command_line;
  try {
    command_line.Parse(args);
  } catch (const CLI::ParseError& error) {
    return error.what();
  }
  return "no error";
}

// Every subcommand, nested ones too ("pool up").
void Collect(const CLI::App& app, const Args& path, std::vector<Args>& out) {
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    Args sub_path = path;
    sub_path.push_back(sub->get_name());
    out.push_back(sub_path);
    Collect(*sub, sub_path, out);
  }
}

TEST(CliCommandLineTest, HelpListsEveryFlagOfTheDefinitions) {
  CommandLine definitions;
  std::vector<Args> commands;
  Collect(definitions.app(), {}, commands);
  ASSERT_GE(commands.size(), 12U);  // 10 commands, pool up and pool down
  int flags = 0;
  for (const Args& command : commands) {
    CommandLine command_line;
    Args args = command;
    args.push_back("--help");
    EXPECT_THROW(command_line.Parse(args), CLI::CallForHelp);
    const std::string help = command_line.Help();
    EXPECT_NE(help.find("Usage: redis-testkit " + command.front()), std::string::npos) << help;
    EXPECT_NE(help.find("Exit codes:"), std::string::npos) << help;
    const CLI::App* sub = &definitions.app();
    for (const std::string& name : command) sub = sub->get_subcommand(name);
    for (const CLI::Option* option : sub->get_options()) {
      const std::string name = option->get_name();
      ++flags;
      // In the flags' list (with its description) and in the usage line.
      EXPECT_NE(
          help.find(name + (option->get_type_size() == 0 ? "" : " " + option->get_type_name())),
          std::string::npos)
          << name << " of " << command.back() << " is missing from its --help:\n"
          << help;
      if (!option->get_description().empty()) {
        EXPECT_NE(help.find(option->get_description().substr(0, 20)), std::string::npos)
            << name << "'s description is missing from --help:\n"
            << help;
      }
    }
  }
  EXPECT_GE(flags, 30);
}

TEST(CliCommandLineTest, OverviewListsEveryCommand) {
  CommandLine command_line;
  EXPECT_THROW(command_line.Parse({"--help"}), CLI::CallForHelp);
  const std::string help = command_line.Help();
  for (const char* name : {"start", "stop", "status", "env", "pool", "merge-reports",
                           "clean-reports", "fill", "load", "audit"}) {
    EXPECT_NE(help.find(std::string("  ") + name + " "), std::string::npos) << name << help;
  }
}

TEST(CliCommandLineTest, AFlagNeedingAValueNeverTakesTheNextFlag) {
  for (const char* command : {"audit", "fill", "load"}) {
    const std::string error = UsageErrorOf({command, "--url", "--json"});
    EXPECT_EQ(error, "--url: needs a value, got the flag --json") << command;
  }
  EXPECT_EQ(UsageErrorOf({"merge-reports", "--dir", "--out", "x"}),
            "--dir: needs a value, got the flag --out");
  EXPECT_EQ(UsageErrorOf({"pool", "up", "--dir", "-h"}), "--dir: needs a value, got the flag -h");
  EXPECT_NE(UsageErrorOf({"fill", "--url"}).find("--url"), std::string::npos);
}

TEST(CliCommandLineTest, UnknownFlagsAndWordsAreUsageErrors) {
  EXPECT_NE(UsageErrorOf({"status", "--json"}).find("--json"), std::string::npos);
  EXPECT_NE(UsageErrorOf({"start", "now"}).find("now"), std::string::npos);
  EXPECT_NE(UsageErrorOf({"pool", "sideways"}).find("sideways"), std::string::npos);
  EXPECT_NE(UsageErrorOf({"audit", "--url", "a", "--url", "b"}).find("--url"), std::string::npos);
}

TEST(CliCommandLineTest, UsageErrorsExitTwoAndHelpExitsZero) {
  EXPECT_EQ(CommandLine().Main({"audit", "--url", "--json"}), kExitUsage);
  EXPECT_EQ(CommandLine().Main({"status", "--bogus"}), kExitUsage);
  EXPECT_EQ(CommandLine().Main({"no-such-command"}), kExitUsage);
  EXPECT_EQ(CommandLine().Main({}), kExitUsage);
  EXPECT_EQ(CommandLine().Main({"pool"}), kExitUsage);  // a UsageError of the command itself
  EXPECT_EQ(CommandLine().Main({"env", "--help"}), kExitOk);
  EXPECT_EQ(CommandLine().Main({"help"}), kExitOk);
}

TEST(CliCommandLineTest, TheInvocationsOfScriptsAndCMakeParseAsBefore) {
  CommandLine command_line;
  command_line.Parse({"pool", "up", "--dir", "/b/pool", "--slots", "4"});
  EXPECT_EQ(command_line.CommandName(), "redis-testkit pool up");
  EXPECT_EQ(ValueOf(command_line.app(), "--dir"), "/b/pool");
  EXPECT_EQ(ValueOf(command_line.app(), "--slots"), "4");

  command_line.Parse({"merge-reports", "--dir", "s1", "--dir=s2", "--out", "m", "--junit", "j"});
  const CLI::App* merge = command_line.app().get_subcommand("merge-reports");
  EXPECT_EQ(merge->get_option("--dir")->results(), (Args{"s1", "s2"}));
  EXPECT_EQ(ValueOf(command_line.app(), "--out"), "m");
  EXPECT_EQ(ValueOf(command_line.app(), "--junit"), "j");

  command_line.Parse({"clean-reports", "--default-out", "/b/redis-testkit"});
  EXPECT_EQ(ValueOf(command_line.app(), "--default-out"), "/b/redis-testkit");

  command_line.Parse({"load", "--url", "redis://h:1", "--rate=max", "--duration", "10s", "--",
                      "SET", "k:{seq}", "--not-a-flag", "-1"});
  EXPECT_EQ(ValueOf(command_line.app(), "--rate"), "max");
  EXPECT_EQ(command_line.app().get_subcommand("load")->get_option("COMMAND")->results(),
            (Args{"SET", "k:{seq}", "--not-a-flag", "-1"}));

  command_line.Parse({"fill", "--url", "redis://h:1", "--to", "90%", "--json"});
  EXPECT_EQ(ValueOf(command_line.app(), "--to"), "90%");
  EXPECT_EQ(command_line.app().get_subcommand("fill")->get_option("--json")->count(), 1U);

  command_line.Parse({"env", "--markdown"});
  EXPECT_EQ(command_line.CommandName(), "redis-testkit env");
}

}  // namespace
}  // namespace redis_testkit::cli
