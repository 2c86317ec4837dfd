// `redis-testkit env`: every REDIS_TESTKIT_* variable with its current and default value.
#include <cstdio>
#include <cstdlib>
#include <map>

#include "commands.h"
#include "flags.h"

namespace redis_testkit::cli {
namespace {

// The README's configuration table (scripts/check-readme.sh compares the two).
int PrintMarkdown() {
  std::printf("| variable | default | meaning |\n|---|---|---|\n");
  for (const VariableDoc& variable : Variables()) {
    std::printf("| `%.*s` | %.*s | %.*s |\n", static_cast<int>(variable.name.size()),
                variable.name.data(), static_cast<int>(variable.default_value.size()),
                variable.default_value.data(), static_cast<int>(variable.description.size()),
                variable.description.data());
  }
  return kExitOk;
}

int Run(bool markdown) {
  if (markdown) return PrintMarkdown();
  // Config reads the variables through this lookup; the CLI only keeps what it saw, to show it.
  std::map<std::string, std::string, std::less<>> current;
  std::string problem;
  try {
    Config::FromLookup([&current](std::string_view name) -> std::optional<std::string> {
      const char* value = std::getenv(std::string(name).c_str());
      if (value == nullptr) return std::nullopt;
      current.emplace(std::string(name), value);
      return std::string(value);
    });
  } catch (const ConfigError& error) {
    problem = error.what();
  }
  std::vector<std::string> unknown;
  try {
    unknown = Config::FromEnvironment().unknown_variables;
  } catch (const ConfigError&) {
  }
  for (const VariableDoc& variable : Variables()) {
    const auto it = current.find(variable.name);
    std::string value = it == current.end() ? "(unset)" : it->second;
    if (variable.name == "REDIS_TESTKIT_URL" && it != current.end()) value = RedactUrl(value);
    std::printf("%.*s=%s\n    default: %.*s\n    %.*s\n", static_cast<int>(variable.name.size()),
                variable.name.data(), value.c_str(),
                static_cast<int>(variable.default_value.size()), variable.default_value.data(),
                static_cast<int>(variable.description.size()), variable.description.data());
  }
  for (const std::string& name : unknown) {
    std::printf("warning: %s is set but is not a redis-testkit variable (a typo?)\n", name.c_str());
  }
  if (!problem.empty()) {
    std::fprintf(stderr, "configuration error: %s\n", problem.c_str());
    return kExitConfig;
  }
  return kExitOk;
}

Action Define(CLI::App& app) {
  auto markdown = std::make_shared<bool>(false);
  AddSwitch(app, "--markdown", *markdown, "print the README's documentation table instead");
  return [markdown] { return Run(*markdown); };
}

}  // namespace

const Subcommand kEnvCommand{
    "env", "list every REDIS_TESTKIT_* variable: current value, default, meaning",
    "Prints every variable the kit reads with its current value (or \"(unset)\"), its default\n"
    "and its meaning; URLs are printed without their password. Warns about REDIS_TESTKIT_*\n"
    "variables it does not know and fails (exit 3) when a value is invalid.\n",
    "", Define};

}  // namespace redis_testkit::cli
