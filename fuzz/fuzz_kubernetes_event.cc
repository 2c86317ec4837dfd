// ParseKubernetesEvent (gateway/alert_parser.h), the core/v1 Event parser, on any body.
// Invariants:
// - only ParseError (answered 400), with a message;
// - type Normal gives no signal, Warning a signal the gateway can store (fuzz_gateway_signal.h)
//   named after the reason and the involved object, critical exactly for the critical reasons;
// - parsing is deterministic: the same body gives the same fingerprint.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "fuzz_check.h"
#include "fuzz_gateway_signal.h"
#include "signal_gateway/alert_parser.h"

namespace {

using signal_gateway::ParseError;
using signal_gateway::Signal;
namespace fuzz = redis_testkit::fuzz;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  std::optional<Signal> signal;
  try {
    signal = signal_gateway::ParseKubernetesEvent(body);
  } catch (const ParseError& e) {
    fuzz::Check(std::string_view(e.what()).size() > 10, "a rejection says what is wrong");
    return 0;
  } catch (const std::exception& e) {
    fuzz::UndocumentedException("ParseKubernetesEvent", e);
  }
  const nlohmann::json event = nlohmann::json::parse(body.begin(), body.end());
  const std::string type = event.at("type").get<std::string>();
  fuzz::Check(signal.has_value() == (type == "Warning"), "a signal exactly for Warning events",
              type);
  if (!signal) return 0;
  fuzz::CheckSignal(*signal);
  fuzz::Check(signal->source == signal_gateway::SignalSource::kKubernetesEvent, "source event");
  fuzz::Check(signal->alertname == event.at("reason").get<std::string>(), "named after the reason");
  const nlohmann::json& object = event.at("involvedObject");
  fuzz::Check(signal->resource.kind == object.at("kind").get<std::string>() &&
                  signal->resource.name == object.at("name").get<std::string>(),
              "the resource is the involved object");
  fuzz::Check(
      (signal->severity == "critical") == signal_gateway::IsCriticalEventReason(signal->alertname),
      "critical exactly for the critical reasons", signal->alertname);
  fuzz::Check(signal_gateway::ParseKubernetesEvent(body)->fingerprint == signal->fingerprint,
              "parsing is deterministic");
  return 0;
}
