// Pure parsing of the two payloads the gateway accepts. No I/O; every rejection is a ParseError
// whose message a person can act on, e.g.
// "alerts[2].labels.alertname is missing: every alert needs an alertname label".
#pragma once

#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "signal_gateway/signal.h"

namespace signal_gateway {

// The request is malformed (answered 400 with what() as `error`).
class ParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An AlertManager webhook (version "4"): one Signal per alert, in order, EVERY alert of the batch.
// Resolved alerts come back with firing == false. Throws ParseError on invalid JSON, a missing or
// empty `alerts` array, or an alert without a non-empty alertname label.
std::vector<Signal> ParsePrometheusWebhook(std::string_view body);

// A core/v1 Event. `type: Normal` returns std::nullopt (not a signal); Warning returns the signal.
// Throws ParseError on invalid JSON, a type other than Normal/Warning, a missing reason or a
// missing involvedObject.kind/name.
std::optional<Signal> ParseKubernetesEvent(std::string_view body);

// Event reasons that are critical: OOMKilled, NodeNotReady, FailedScheduling, Evicted,
// FailedMount, NetworkNotReady. Other Warning events are "warning".
bool IsCriticalEventReason(std::string_view reason);

}  // namespace signal_gateway
