// gateway-server's command line (ParseCommandLine, UsageText in gateway_config.h), defined with
// CLI11 from the table of settings (gateway_settings.h): one flag per setting plus --config, the
// parsing and --help both from those definitions.
#include <CLI/CLI.hpp>
#include <map>
#include <memory>
#include <sstream>

#include "gateway_settings.h"
#include "redis_testkit/units/text.h"
#include "signal_gateway/gateway_config.h"

namespace signal_gateway {
namespace {

constexpr const char* kDescription = R"(
Receives Prometheus AlertManager webhooks and Kubernetes Warning events, deduplicates them,
detects alert storms and writes remediation requests (JSON lines) to --rr-file.

Routes: POST /api/v1/signals/prometheus, POST /api/v1/signals/kubernetes-event,
        GET /health, GET /ready, GET /metrics)";

constexpr const char* kFlags =
    "Flags (also settable in the --config JSON file, with '_' for '-'; flags win)";
constexpr std::size_t kHelpWidth = 100;
constexpr std::size_t kFlagColumn = 32;

constexpr const char* kFooter =
    R"(DUR: milliseconds (1500) or with a unit (1500ms, 30s, 5m, 1h). SIZE: bytes or with a unit as in
redis.conf, case-insensitive: 100k = 100000, 100kb = 100KiB = 102400, 1mb = 1MiB = 1048576.
The JSON file may also map namespaces to environments:
  {"namespace_environments": {"payments": "production"}})";

// The usage line first, then the description, the flags (descriptions wrapped) and the footer.
class UsageFirst : public CLI::Formatter {
 public:
  UsageFirst() { column_width(kFlagColumn); }
  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override {
    return make_usage(app, name) + make_description(app) + make_groups(app, mode) + "\n" +
           make_footer(app);
  }
  std::string make_usage(const CLI::App* /*app*/, std::string name) const override {
    return "Usage: " + name + " [flags]\n";
  }
  std::string make_option_desc(const CLI::Option* option) const override {
    std::string wrapped;
    std::size_t line = 0;
    std::istringstream words(option->get_description());
    for (std::string word; words >> word;) {
      if (line > 0 && line + 1 + word.size() > kHelpWidth - kFlagColumn) {
        wrapped += "\n";
        line = 0;
      }
      wrapped += (line > 0 ? " " : "") + word;
      line += (line > 0 ? 1 : 0) + word.size();
    }
    return wrapped;
  }
};

// A value that is a flag ("--listen") is what a flag sees when its own value was forgotten.
const CLI::Validator& NotAFlag() {
  static const CLI::Validator validator(
      [](std::string& value) -> std::string {
        return redis_testkit::units::LooksLikeFlag(value) ? "needs a value, got the flag " + value
                                                          : "";
      },
      "", "not-a-flag");
  return validator;
}

// Every flag: --config FILE and one per setting, each taking one value (repeated: the last wins).
void DefineFlags(CLI::App& app, std::string& config_file) {
  app.formatter(std::make_shared<UsageFirst>());
  app.footer(kFooter);
  app.allow_extras();
  app.option_defaults()->group(kFlags);
  app.set_help_flag("-h,--help", "this text");
  app.add_option("--config", config_file,
                 R"(JSON file of settings, e.g. {"redis_url": "redis://10.0.0.5:6379"})")
      ->type_name("FILE")
      ->check(NotAFlag());
  for (const Setting& setting : Settings()) {
    app.add_option(setting.Flag())
        ->description(setting.Help())
        ->type_name(setting.value_name)
        ->check(NotAFlag())
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  }
}

// (setting, value) of every flag given, in command-line order.
std::vector<std::pair<std::string, std::string>> GivenSettings(const CLI::App& app) {
  std::vector<std::pair<std::string, std::string>> given;
  std::map<const CLI::Option*, std::size_t> seen;
  for (const CLI::Option* option : app.parse_order()) {
    const std::size_t index = seen[option]++;
    for (const Setting& setting : Settings()) {
      if (option->check_lname(setting.Flag().substr(2))) {
        given.emplace_back(setting.name, option->results().at(index));
      }
    }
  }
  return given;
}

// A ConfigError in the gateway's words for what CLI11 refused.
ConfigError UsageError(const CLI::ParseError& error, const std::vector<std::string>& args) {
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr && !args.empty() &&
      args.back().starts_with("--")) {
    return ConfigError(args.back() + " needs a value (see --help)");
  }
  return ConfigError(std::string(error.what()) + " (see --help)");
}

// The first word CLI11 did not take: an unknown flag or a stray argument.
void RejectLeftovers(const CLI::App& app) {
  const std::vector<std::string> left = app.remaining();
  if (left.empty()) return;
  const std::string& word = left.front();
  if (word.starts_with("-")) {
    throw ConfigError("unknown flag " + word.substr(0, word.find('=')) + " (see --help)");
  }
  throw ConfigError("unexpected argument \"" + word + "\" (flags start with --; see --help)");
}

}  // namespace

CommandLine ParseCommandLine(const std::vector<std::string>& args) {
  CommandLine result;
  CLI::App app;
  std::string config_file;
  DefineFlags(app, config_file);
  try {
    app.parse(std::vector<std::string>(args.rbegin(), args.rend()));  // CLI11 takes them reversed
  } catch (const CLI::CallForHelp&) {
    result.help = true;
    return result;
  } catch (const CLI::ParseError& error) {
    throw UsageError(error, args);
  }
  RejectLeftovers(app);
  // The file first, so that the flags win over it.
  if (!config_file.empty()) ApplyConfigFile(result.config, config_file);
  ApplySettings(result.config, GivenSettings(app));
  result.config.Validate();
  return result;
}

std::string UsageText(std::string_view program) {
  CLI::App app(kDescription, std::string(program));
  std::string config_file;
  DefineFlags(app, config_file);
  return app.help();
}

}  // namespace signal_gateway
