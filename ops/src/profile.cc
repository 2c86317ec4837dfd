// Profiles from JSON: ParseProfile, LoadProfile (see profile.h).
#include "redis_testkit/ops/profile.h"

#include <array>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "check_value.h"
#include "profile_builtin.h"

namespace redis_testkit::ops {
namespace {

using nlohmann::json;

struct OperatorName {
  CheckOperator op;
  const char* name;
};

constexpr std::array<OperatorName, 11> kOperators{{
    {CheckOperator::kEq, "eq"},
    {CheckOperator::kNe, "ne"},
    {CheckOperator::kIn, "in"},
    {CheckOperator::kNotIn, "not_in"},
    {CheckOperator::kLe, "le"},
    {CheckOperator::kGe, "ge"},
    {CheckOperator::kLt, "lt"},
    {CheckOperator::kGt, "gt"},
    {CheckOperator::kAbsent, "absent"},
    {CheckOperator::kPresent, "present"},
    {CheckOperator::kMatches, "matches"},
}};

constexpr std::array<std::string_view, 10> kCheckFields{
    "name", "config", "info", "ratio", "op", "value", "values", "level", "why", "comment"};

// Builds the messages of one profile: `profile "<origin>"[, check "<name>"]: <problem>`.
class Problems {
 public:
  explicit Problems(std::string_view origin) : origin_(origin) {}
  void SetCheck(std::string check) { check_ = std::move(check); }
  [[noreturn]] void Fail(const std::string& problem) const {
    std::string where = "profile \"" + origin_ + "\"";
    if (!check_.empty()) where += ", check \"" + check_ + "\"";
    throw ProfileError(where + ": " + problem);
  }

 private:
  std::string origin_;
  std::string check_;
};

std::string Text(const json& value, const std::string& field, const Problems& problems) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  if (value.is_number()) return internal::FormatNumber(value.get<double>());
  if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
  problems.Fail("\"" + field + "\" must be a string or a number, not " + value.dump());
}

std::string RequiredString(const json& object, const std::string& field, const Problems& problems) {
  if (!object.contains(field)) problems.Fail("missing field \"" + field + "\"");
  if (!object[field].is_string() || object[field].get<std::string>().empty()) {
    problems.Fail("\"" + field + "\" must be a non-empty string");
  }
  return object[field].get<std::string>();
}

CheckOperator ParseOperator(const std::string& text, const Problems& problems) {
  for (const OperatorName& entry : kOperators) {
    if (text == entry.name) return entry.op;
  }
  problems.Fail("unknown operator \"" + text +
                "\"; use eq, ne, in, not_in, le, ge, lt, gt, absent, present or matches");
}

CheckLevel ParseLevel(const std::string& text, const Problems& problems) {
  if (text == "required") return CheckLevel::kRequired;
  if (text == "warn") return CheckLevel::kWarn;
  problems.Fail("bad level \"" + text + "\"; use required or warn");
}

// "config" / "info" / "ratio": exactly one of them.
void ParseSource(const json& object, ProfileCheck& check, const Problems& problems) {
  const int given = static_cast<int>(object.contains("config")) +
                    static_cast<int>(object.contains("info")) +
                    static_cast<int>(object.contains("ratio"));
  if (given != 1) {
    problems.Fail(std::string(given == 0 ? "missing field" : "more than one") +
                  " \"config\", \"info\" or \"ratio\" (what the check looks at)");
  }
  if (object.contains("config")) {
    check.source = CheckSource::kConfig;
    check.field = RequiredString(object, "config", problems);
  } else if (object.contains("info")) {
    check.source = CheckSource::kInfo;
    check.field = RequiredString(object, "info", problems);
  } else {
    check.source = CheckSource::kRatio;
    const std::string ratio = RequiredString(object, "ratio", problems);
    const std::size_t slash = ratio.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == ratio.size() ||
        ratio.find('/', slash + 1) != std::string::npos) {
      problems.Fail(
          "\"ratio\" must be \"numerator/denominator\" (e.g. used_memory/maxmemory), "
          "not \"" +
          ratio + "\"");
    }
    check.field = ratio.substr(0, slash);
    check.denominator = ratio.substr(slash + 1);
  }
}

// "value" for one-value operators, "values" (a non-empty array) for in / not_in, none for
// absent / present; numeric operators need a number or a memory size, matches a valid regex.
void ParseValues(const json& object, ProfileCheck& check, const Problems& problems) {
  const std::string op = ToString(check.op);
  if (check.op == CheckOperator::kAbsent || check.op == CheckOperator::kPresent) {
    if (object.contains("value") || object.contains("values")) {
      problems.Fail("operator \"" + op + "\" takes no \"value\"");
    }
    return;
  }
  if (check.op == CheckOperator::kIn || check.op == CheckOperator::kNotIn) {
    if (!object.contains("values")) problems.Fail("missing field \"values\" (operator " + op + ")");
    const json& values = object["values"];
    if (!values.is_array() || values.empty()) {
      problems.Fail("\"values\" must be a non-empty array");
    }
    for (const json& value : values) check.values.push_back(Text(value, "values", problems));
    return;
  }
  if (!object.contains("value")) problems.Fail("missing field \"value\" (operator " + op + ")");
  check.values.push_back(Text(object["value"], "value", problems));
  const bool numeric = check.op == CheckOperator::kLe || check.op == CheckOperator::kGe ||
                       check.op == CheckOperator::kLt || check.op == CheckOperator::kGt;
  if (numeric && !internal::NumericValue(check.values[0])) {
    problems.Fail("operator \"" + op +
                  "\" needs a number or a memory size (0.8, 100, 2gb), not \"" + check.values[0] +
                  "\"");
  }
  if (check.op == CheckOperator::kMatches) {
    try {
      std::regex(check.values[0], std::regex::ECMAScript);
    } catch (const std::regex_error& error) {
      problems.Fail("\"value\" is not a regular expression: " + std::string(error.what()));
    }
  }
}

ProfileCheck ParseCheck(const json& object, std::size_t index, Problems& problems) {
  problems.SetCheck("#" + std::to_string(index + 1));
  if (!object.is_object()) problems.Fail("a check must be a JSON object");
  ProfileCheck check;
  check.name = RequiredString(object, "name", problems);
  problems.SetCheck(check.name);
  for (const auto& [key, value] : object.items()) {
    if (std::find(kCheckFields.begin(), kCheckFields.end(), key) == kCheckFields.end()) {
      problems.Fail("unknown field \"" + key +
                    "\"; a check has name, config|info|ratio, op, value|values, level, why");
    }
  }
  ParseSource(object, check, problems);
  check.op = ParseOperator(RequiredString(object, "op", problems), problems);
  ParseValues(object, check, problems);
  check.level = ParseLevel(RequiredString(object, "level", problems), problems);
  check.why = RequiredString(object, "why", problems);
  return check;
}

}  // namespace

const char* ToString(CheckOperator op) {
  for (const OperatorName& entry : kOperators) {
    if (entry.op == op) return entry.name;
  }
  return "?";
}

const char* ToString(CheckLevel level) {
  return level == CheckLevel::kRequired ? "required" : "warn";
}

Profile ParseProfile(std::string_view json_text, std::string_view origin) {
  Problems problems(origin);
  json document;
  try {
    document = json::parse(json_text);
  } catch (const json::exception& error) {  // out_of_range too: a number like 1e999
    problems.Fail(std::string("not valid JSON: ") + error.what());
  }
  if (!document.is_object()) problems.Fail("must be a JSON object with \"checks\"");
  Profile profile;
  profile.origin = std::string(origin);
  profile.name = document.contains("name") ? RequiredString(document, "name", problems)
                                           : std::filesystem::path(origin).stem().string();
  if (document.contains("description")) {
    profile.description = RequiredString(document, "description", problems);
  }
  if (!document.contains("checks")) problems.Fail("missing field \"checks\"");
  const json& checks = document["checks"];
  if (!checks.is_array() || checks.empty()) problems.Fail("\"checks\" must be a non-empty array");
  std::set<std::string> names;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    ProfileCheck check = ParseCheck(checks[i], i, problems);
    if (!names.insert(check.name).second) problems.Fail("a second check with the same name");
    profile.checks.push_back(std::move(check));
  }
  return profile;
}

Profile LoadProfile(std::string_view name_or_file) {
  if (const std::optional<std::string_view> text = internal::BuiltinProfileText(name_or_file)) {
    Profile profile = ParseProfile(*text, name_or_file);
    profile.origin = "built-in";
    return profile;
  }
  const std::filesystem::path path(name_or_file);
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    std::string names;
    for (const std::string& name : BuiltinProfileNames())
      names += (names.empty() ? "" : ", ") + name;
    throw ProfileError("profile \"" + std::string(name_or_file) +
                       "\" is neither a built-in profile (" + names + ") nor a readable JSON file");
  }
  std::ifstream in(path);
  if (!in.is_open()) throw ProfileError("profile \"" + path.string() + "\": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  return ParseProfile(text.str(), path.string());
}

}  // namespace redis_testkit::ops
