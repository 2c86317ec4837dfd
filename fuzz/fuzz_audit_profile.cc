// ParseProfile (ops/profile.h), the audit profile parser, on any text. Invariants:
// - only ProfileError, whose message starts with `profile "<origin>"`;
// - a parsed profile is usable: at least one check, unique non-empty names, a field and a why per
//   check, a denominator exactly for ratios, the number of values its operator takes;
// - it round-trips: the profile written back as JSON parses to the same profile;
// - StartupSettings never throws and names every setting.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "redis_testkit/ops/profile.h"

namespace {

using nlohmann::json;
using redis_testkit::ops::CheckOperator;
using redis_testkit::ops::CheckSource;
using redis_testkit::ops::ParseProfile;
using redis_testkit::ops::Profile;
using redis_testkit::ops::ProfileCheck;
using redis_testkit::ops::ProfileError;
namespace fuzz = redis_testkit::fuzz;

constexpr std::string_view kOrigin = "fuzz.json";

json CheckToJson(const ProfileCheck& check) {
  json object = {{"name", check.name},
                 {"op", redis_testkit::ops::ToString(check.op)},
                 {"level", redis_testkit::ops::ToString(check.level)},
                 {"why", check.why}};
  switch (check.source) {
    case CheckSource::kConfig:
      object["config"] = check.field;
      break;
    case CheckSource::kInfo:
      object["info"] = check.field;
      break;
    case CheckSource::kRatio:
      object["ratio"] = check.field + "/" + check.denominator;
      break;
  }
  if (check.op == CheckOperator::kIn || check.op == CheckOperator::kNotIn) {
    object["values"] = check.values;
  } else if (!check.values.empty()) {
    object["value"] = check.values.front();
  }
  return object;
}

std::string ProfileToJson(const Profile& profile) {
  json document = {{"name", profile.name}, {"checks", json::array()}};
  if (!profile.description.empty()) document["description"] = profile.description;
  for (const ProfileCheck& check : profile.checks) document["checks"].push_back(CheckToJson(check));
  return document.dump();
}

std::size_t ValuesTaken(CheckOperator op, std::size_t given) {
  if (op == CheckOperator::kAbsent || op == CheckOperator::kPresent) return 0;
  if (op == CheckOperator::kIn || op == CheckOperator::kNotIn) return given == 0 ? 1 : given;
  return 1;
}

void CheckUsable(const Profile& profile) {
  fuzz::Check(!profile.checks.empty(), "a profile has checks");
  fuzz::Check(!profile.name.empty(), "a profile has a name");
  std::set<std::string> names;
  for (const ProfileCheck& check : profile.checks) {
    fuzz::Check(names.insert(check.name).second, "check names are unique", check.name);
    fuzz::Check(!check.name.empty() && !check.field.empty() && !check.why.empty(),
                "a check has a name, a field and a why", check.name);
    fuzz::Check((check.source == CheckSource::kRatio) == !check.denominator.empty(),
                "a denominator exactly for ratios", check.name);
    fuzz::Check(check.values.size() == ValuesTaken(check.op, check.values.size()),
                "as many values as the operator takes", check.name);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Profile profile;
  try {
    profile = ParseProfile(text, kOrigin);
  } catch (const ProfileError& e) {
    const std::string_view message = e.what();
    fuzz::Check(message.starts_with("profile \"" + std::string(kOrigin) + "\""),
                "the error names the profile", message);
    return 0;
  } catch (const std::exception& e) {
    fuzz::UndocumentedException("ParseProfile", e);
  }
  CheckUsable(profile);
  const std::string written = ProfileToJson(profile);
  Profile again;
  try {
    again = ParseProfile(written, kOrigin);
  } catch (const std::exception& e) {
    fuzz::Fail("the profile written back parses", e.what());
  }
  fuzz::Check(again.name == profile.name && again.description == profile.description,
              "name and description round-trip", written);
  fuzz::Check(again.checks.size() == profile.checks.size(), "every check round-trips", written);
  for (std::size_t i = 0; i < profile.checks.size(); ++i) {
    const ProfileCheck& a = profile.checks[i];
    const ProfileCheck& b = again.checks[i];
    fuzz::Check(a.name == b.name && a.source == b.source && a.field == b.field &&
                    a.denominator == b.denominator && a.op == b.op && a.values == b.values &&
                    a.level == b.level && a.why == b.why,
                "a check round-trips", a.name);
  }
  try {
    for (const auto& [name, value] : redis_testkit::ops::StartupSettings(profile)) {
      fuzz::Check(!name.empty(), "every startup setting has a name");
    }
  } catch (const std::exception& e) {
    fuzz::UndocumentedException("StartupSettings", e);
  }
  return 0;
}
