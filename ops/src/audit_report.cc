// An audit's result as text and JSON (see audit.h).
#include <nlohmann/json.hpp>

#include "check_value.h"
#include "redis_testkit/ops/audit.h"

namespace redis_testkit::ops {
namespace {

const char* SourceName(CheckSource source) {
  switch (source) {
    case CheckSource::kConfig:
      return "config";
    case CheckSource::kInfo:
      return "info";
    case CheckSource::kRatio:
      return "ratio";
  }
  return "?";
}

// "maxmemory-policy", "INFO aof_last_write_status", "used_memory/maxmemory".
std::string Subject(const ProfileCheck& check) {
  if (check.source == CheckSource::kInfo) return "INFO " + check.field;
  if (check.source == CheckSource::kRatio) return check.field + "/" + check.denominator;
  return check.field;
}

double Milliseconds(std::chrono::microseconds time) {
  return static_cast<double>(time.count()) / 1000.0;
}

}  // namespace

const char* ToString(CheckOutcome outcome) {
  switch (outcome) {
    case CheckOutcome::kPass:
      return "PASS";
    case CheckOutcome::kFail:
      return "FAIL";
    case CheckOutcome::kWarn:
      return "WARN";
  }
  return "?";
}

bool AuditReport::Passed() const { return Count(CheckOutcome::kFail) == 0; }

int AuditReport::Count(CheckOutcome outcome) const {
  int count = 0;
  for (const CheckResult& result : results) count += result.outcome == outcome ? 1 : 0;
  return count;
}

std::string AuditReport::ToText() const {
  std::string out;
  for (const CheckResult& result : results) {
    out += std::string(ToString(result.outcome)) + " " + result.check.name + ": " +
           Subject(result.check) + " is " + result.actual + ", expected " + result.expected;
    if (result.outcome != CheckOutcome::kPass) out += " - " + result.check.why;
    out += "\n";
  }
  out += "profile " + profile + " (" + origin + ")";
  if (!server.empty()) out += " on " + server;
  out += ": " + std::to_string(Count(CheckOutcome::kPass)) + " passed, " +
         std::to_string(Count(CheckOutcome::kFail)) + " required failed, " +
         std::to_string(Count(CheckOutcome::kWarn)) + " warned (read in " +
         internal::FormatNumber(Milliseconds(read_time)) + " ms)\n";
  return out;
}

std::string AuditReport::ToJson() const {
  nlohmann::json checks = nlohmann::json::array();
  for (const CheckResult& result : results) {
    checks.push_back({
        {"name", result.check.name},
        {"status", ToString(result.outcome)},
        {"level", ToString(result.check.level)},
        {"source", SourceName(result.check.source)},
        {"field", Subject(result.check)},
        {"actual", result.actual},
        {"expected", result.expected},
        {"why", result.check.why},
    });
  }
  const nlohmann::json document{
      {"profile", profile},
      {"origin", origin},
      {"server", server},
      {"passed", Passed()},
      {"failed", Count(CheckOutcome::kFail)},
      {"warned", Count(CheckOutcome::kWarn)},
      {"read_ms", Milliseconds(read_time)},
      {"evaluate_ms", Milliseconds(evaluate_time)},
      {"checks", checks},
  };
  return document.dump(2) + "\n";
}

}  // namespace redis_testkit::ops
