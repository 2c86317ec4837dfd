#include "signal_gateway/remediation_request.h"

#include <ctime>
#include <string>

#include "signal_gateway/sink.h"

namespace signal_gateway {

nlohmann::json RemediationRequest::ToJson() const {
  nlohmann::json doc = {
      {"name", name},
      {"namespace", ns},
      {"fingerprint", fingerprint},
      {"alertname", alertname},
      {"source", source},
      {"severity", severity},
      {"priority", priority},
      {"environment", environment},
      {"resource", {{"kind", resource.kind}, {"name", resource.name}, {"namespace", resource.ns}}},
      {"message", message},
      {"first_seen", FormatTimestamp(first_seen_ms)},
      {"last_seen", FormatTimestamp(last_seen_ms)},
      {"occurrence_count", occurrence_count},
  };
  if (storm) {
    doc["storm"] = {{"pattern", storm->pattern},
                    {"alert_count", storm->alert_count},
                    {"affected_resources", storm->affected_resources},
                    {"dropped_resources", storm->dropped_resources}};
  }
  return doc;
}

std::string FormatTimestamp(std::int64_t epoch_ms) {
  const std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[40];
  const std::size_t n = std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%S", &utc);
  std::string out(buffer, n);
  const auto millis = static_cast<int>(epoch_ms % 1000);
  char frac[8];
  std::snprintf(frac, sizeof(frac), ".%03dZ", millis < 0 ? 0 : millis);
  return out + frac;
}

std::string Base36(std::int64_t value) {
  if (value <= 0) return "0";
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out;
  while (value > 0) {
    out.insert(out.begin(), kDigits[value % 36]);
    value /= 36;
  }
  return out;
}

std::string RemediationRequestName(std::string_view fingerprint, std::int64_t first_seen_ms) {
  return "rr-" + std::string(fingerprint.substr(0, 12)) + "-" + Base36(first_seen_ms);
}

std::string StormRequestName(std::string_view storm_tag, std::int64_t storm_first_seen_ms) {
  return "rr-storm-" + std::string(storm_tag) + "-" + Base36(storm_first_seen_ms);
}

const char* ActionName(SinkAction action) {
  return action == SinkAction::kCreated ? "created" : "updated";
}

}  // namespace signal_gateway
