#include "flags.h"

#include "redis_testkit/units/text.h"

namespace redis_testkit::cli {

const CLI::Validator& NotAFlag() {
  static const CLI::Validator validator(
      [](std::string& value) -> std::string {
        if (!units::LooksLikeFlag(value)) return "";
        return "needs a value, got the flag " + value;
      },
      "", "not-a-flag");
  return validator;
}

CLI::Option* AddValue(CLI::App& app, const std::string& flag, std::optional<std::string>& target,
                      const std::string& value_name, const std::string& help) {
  return app
      .add_option_function<std::string>(
          flag, [&target](const std::string& value) { target = value; }, help)
      ->type_name(value_name)
      ->check(NotAFlag());
}

CLI::Option* AddValues(CLI::App& app, const std::string& flag, std::vector<std::string>& target,
                       const std::string& value_name, const std::string& help) {
  return app.add_option(flag, target, help)
      ->type_name(value_name)
      ->allow_extra_args(false)
      ->check(NotAFlag());
}

CLI::Option* AddSwitch(CLI::App& app, const std::string& flag, bool& target,
                       const std::string& help) {
  return app.add_flag(flag, target, help);
}

}  // namespace redis_testkit::cli
