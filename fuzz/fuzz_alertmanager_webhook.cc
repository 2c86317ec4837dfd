// ParsePrometheusWebhook (gateway/alert_parser.h), the AlertManager webhook parser, on any body.
// Invariants:
// - only ParseError (answered 400), with a message;
// - one signal per alert of the `alerts` array, in order, each a signal the gateway can store
//   (fuzz_gateway_signal.h); a resolved alert is not firing;
// - parsing is deterministic: the same body gives the same fingerprints.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "fuzz_gateway_signal.h"
#include "signal_gateway/alert_parser.h"

namespace {

using signal_gateway::ParseError;
using signal_gateway::Signal;
namespace fuzz = redis_testkit::fuzz;

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  std::vector<Signal> signals;
  try {
    signals = signal_gateway::ParsePrometheusWebhook(body);
  } catch (const ParseError& e) {
    fuzz::Check(std::string_view(e.what()).size() > 10, "a rejection says what is wrong");
    return 0;
  } catch (const std::exception& e) {
    fuzz::UndocumentedException("ParsePrometheusWebhook", e);
  }
  const nlohmann::json alerts = nlohmann::json::parse(body.begin(), body.end()).at("alerts");
  fuzz::Check(!signals.empty() && signals.size() == alerts.size(), "one signal per alert");
  for (std::size_t i = 0; i < signals.size(); ++i) {
    const Signal& signal = signals[i];
    fuzz::CheckSignal(signal);
    fuzz::Check(signal.source == signal_gateway::SignalSource::kPrometheus, "source prometheus");
    fuzz::Check(signal.alertname == alerts[i]["labels"]["alertname"].get<std::string>(),
                "signals come in the alerts' order");
    const nlohmann::json& status = alerts[i].contains("status") ? alerts[i]["status"] : nullptr;
    const bool resolved = status.is_string() && Lower(status.get<std::string>()) == "resolved";
    fuzz::Check(signal.firing != resolved, "a resolved alert is not firing, any other is");
  }
  const std::vector<Signal> again = signal_gateway::ParsePrometheusWebhook(body);
  for (std::size_t i = 0; i < signals.size(); ++i) {
    fuzz::Check(again.at(i).fingerprint == signals[i].fingerprint, "parsing is deterministic");
  }
  return 0;
}
