// Reading a server's state and evaluating a profile's checks on it (see audit.h).
#include "redis_testkit/ops/audit.h"

#include <optional>
#include <regex>

#include "check_value.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/pipeline.h"
#include "redis_testkit/client/reply.h"

namespace redis_testkit::ops {
namespace {

using Clock = std::chrono::steady_clock;

// A value of the server, or nullopt when it has none.
std::optional<std::string> Lookup(const ServerState& state, CheckSource source,
                                  const std::string& field) {
  if (source == CheckSource::kConfig) {
    const auto found = state.settings.find(field);
    if (found == state.settings.end()) return std::nullopt;
    return found->second;
  }
  if (source == CheckSource::kInfo) return state.info.Get(field);
  // A ratio's terms: an INFO field (used_memory), else a CONFIG parameter.
  if (std::optional<std::string> value = state.info.Get(field)) return value;
  return Lookup(state, CheckSource::kConfig, field);
}

// `value` as a number into `number`; false when absent or not numeric.
bool Number(const std::optional<std::string>& value, double& number) {
  if (!value) return false;
  const std::optional<double> parsed = internal::NumericValue(*value);
  if (!parsed) return false;
  number = *parsed;
  return true;
}

// The ratio numerator/denominator as text, or nullopt with `why_not` set when it is undefined.
std::optional<std::string> Ratio(const ServerState& state, const ProfileCheck& check,
                                 std::string& why_not) {
  const std::optional<std::string> top = Lookup(state, CheckSource::kRatio, check.field);
  const std::optional<std::string> bottom = Lookup(state, CheckSource::kRatio, check.denominator);
  // Plain doubles, not optionals: GCC's -Wmaybe-uninitialized misfires on the latter here.
  double a = 0;
  double b = 0;
  if (!Number(top, a) || !Number(bottom, b)) {
    why_not =
        "(" + (Number(top, a) ? check.denominator : check.field) + " is absent or not a number)";
    return std::nullopt;
  }
  if (b == 0) {
    why_not = "(undefined: " + check.denominator + " is 0)";
    return std::nullopt;
  }
  return internal::FormatNumber(a / b);
}

std::string Expected(const ProfileCheck& check) {
  std::string values;
  for (const std::string& value : check.values) values += (values.empty() ? "" : ", ") + value;
  return values.empty() ? ToString(check.op) : std::string(ToString(check.op)) + " " + values;
}

bool Compare(CheckOperator op, double actual, double expected) {
  switch (op) {
    case CheckOperator::kLe:
      return actual <= expected;
    case CheckOperator::kGe:
      return actual >= expected;
    case CheckOperator::kLt:
      return actual < expected;
    case CheckOperator::kGt:
      return actual > expected;
    default:
      return false;
  }
}

bool AnySame(const std::string& actual, const std::vector<std::string>& values) {
  for (const std::string& value : values) {
    if (internal::SameValue(actual, value)) return true;
  }
  return false;
}

// Whether `actual` (present) satisfies the check's operator.
bool Holds(const ProfileCheck& check, const std::string& actual) {
  switch (check.op) {
    case CheckOperator::kEq:
      return internal::SameValue(actual, check.values.at(0));
    case CheckOperator::kNe:
      return !internal::SameValue(actual, check.values.at(0));
    case CheckOperator::kIn:
      return AnySame(actual, check.values);
    case CheckOperator::kNotIn:
      return !AnySame(actual, check.values);
    case CheckOperator::kPresent:
      return true;
    case CheckOperator::kAbsent:
      return false;
    case CheckOperator::kMatches:
      return std::regex_match(actual, std::regex(check.values.at(0), std::regex::ECMAScript));
    default: {
      const std::optional<double> a = internal::NumericValue(actual);
      const std::optional<double> e = internal::NumericValue(check.values.at(0));
      return a && e && Compare(check.op, *a, *e);
    }
  }
}

CheckResult EvaluateCheck(const ProfileCheck& check, const ServerState& state) {
  CheckResult result;
  result.check = check;
  result.expected = Expected(check);
  std::optional<std::string> actual;
  std::string why_not = "(absent)";
  if (check.source == CheckSource::kRatio) {
    actual = Ratio(state, check, why_not);
  } else {
    actual = Lookup(state, check.source, check.field);
  }
  bool holds = false;
  if (actual) {
    holds = Holds(check, *actual);
    result.actual = internal::ShownValue(check.field, *actual);
  } else {
    holds = check.op == CheckOperator::kAbsent;
    result.actual = why_not;
  }
  if (!holds) {
    result.outcome =
        check.level == CheckLevel::kRequired ? CheckOutcome::kFail : CheckOutcome::kWarn;
  }
  return result;
}

}  // namespace

ServerState ReadServerState(client::Connection& connection) {
  client::Pipeline pipeline = connection.MakePipeline();
  pipeline.Add({"CONFIG", "GET", "*"});
  pipeline.Add({"INFO", "all"});
  const std::vector<client::Reply> replies = pipeline.Execute();
  for (const client::Reply& reply : replies) {
    if (reply.IsError()) {
      throw client::ReplyError("audit of " + connection.endpoint().ToString() + ": " +
                               reply.AsString() +
                               " (the audit needs CONFIG GET and INFO; is CONFIG renamed?)");
    }
  }
  ServerState state;
  state.settings = client::SettingsFromReply(replies.at(0));
  state.info = client::ParseInfo(replies.at(1).AsString());
  return state;
}

AuditReport Evaluate(const Profile& profile, const ServerState& state) {
  const Clock::time_point start = Clock::now();
  AuditReport report;
  report.profile = profile.name;
  report.origin = profile.origin;
  for (const ProfileCheck& check : profile.checks) {
    report.results.push_back(EvaluateCheck(check, state));
  }
  report.evaluate_time =
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  return report;
}

AuditReport Audit(const Profile& profile, client::Connection& connection) {
  const Clock::time_point start = Clock::now();
  const ServerState state = ReadServerState(connection);
  const auto read_time =
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  AuditReport report = Evaluate(profile, state);
  report.read_time = read_time;
  report.server = RedactUrl(connection.endpoint().UrlWithPassword());
  return report;
}

}  // namespace redis_testkit::ops
