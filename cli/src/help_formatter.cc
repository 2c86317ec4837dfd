#include "help_formatter.h"

#include <sstream>

namespace redis_testkit::cli {
namespace {

constexpr std::size_t kUsageWidth = 100;

// "[--url URL]", "[--dir DIR]...", "[--json]", "-- COMMAND ARGS..." (a positional: after --).
std::string UsageOf(const CLI::Option& option) {
  const std::string& type = option.get_type_name();
  if (option.get_positional()) return "-- " + option.get_name() + " " + type + "...";
  std::string text = "[" + option.get_name() + (type.empty() ? "" : " " + type) + "]";
  if (option.get_expected_max() > 1 ||
      option.get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll) {
    text += "...";
  }
  return text;
}

// Appends `word` to `line`, starting a new line indented by `indent` past kUsageWidth.
void Append(std::string& text, std::size_t& line_start, const std::string& word,
            std::size_t indent) {
  if (text.size() - line_start + 1 + word.size() > kUsageWidth) {
    text += "\n";
    line_start = text.size();
    text += std::string(indent, ' ') + word;
  } else {
    text += " " + word;
  }
}

}  // namespace

HelpFormatter::HelpFormatter() { column_width(28); }

std::string HelpFormatter::make_help(const CLI::App* app, std::string name,
                                     CLI::AppFormatMode mode) const {
  if (mode == CLI::AppFormatMode::Sub) return make_expanded(app);
  std::ostringstream out;
  out << make_usage(app, name) << "\n" << make_description(app);
  out << make_positionals(app) << make_groups(app, mode) << make_subcommands(app, mode);
  out << "\n" << make_footer(app);
  return out.str();
}

std::string HelpFormatter::make_usage(const CLI::App* app, std::string name) const {
  std::string text = "Usage: " + name;
  std::size_t line_start = 0;
  const std::size_t indent = text.size() + 1;
  const auto subcommands = app->get_subcommands([](const CLI::App*) { return true; });
  if (!subcommands.empty()) {
    std::string names;
    for (const CLI::App* subcommand : subcommands) {
      names += (names.empty() ? "" : "|") + subcommand->get_name();
    }
    Append(text, line_start, subcommands.size() > 4 ? "COMMAND" : names, indent);
  }
  const CLI::Option* help = app->get_help_ptr();
  for (const CLI::Option* option : app->get_options()) {
    if (option != help && !option->get_group().empty()) {
      Append(text, line_start, UsageOf(*option), indent);
    }
  }
  return text + "\n";
}

std::string HelpFormatter::make_subcommand(const CLI::App* sub) const {
  const std::string& description = sub->get_description();
  const std::string summary = description.substr(0, description.find('\n'));
  std::ostringstream out;
  CLI::detail::format_help(out, sub->get_display_name(true), summary, get_column_width());
  return out.str();
}

}  // namespace redis_testkit::cli
