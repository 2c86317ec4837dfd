// What the two gateway parser targets check of every Signal a parser returns (header-only, for
// fuzz_alertmanager_webhook.cc and fuzz_kubernetes_event.cc).
#pragma once

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "fuzz_check.h"
#include "signal_gateway/fingerprint.h"
#include "signal_gateway/signal.h"

namespace redis_testkit::fuzz {

// A signal the gateway can store and write: the names its Redis keys and its remediation request
// are built from are there, the fingerprint is the one ComputeFingerprint gives, a Node has no
// namespace, the severity is lower case, and the JSON-lines sink can write every field.
inline void CheckSignal(const signal_gateway::Signal& signal) {
  Check(!signal.alertname.empty(), "a signal has an alertname");
  Check(!signal.ns.empty(), "a signal has a namespace (default: \"default\")");
  Check(!signal.resource.kind.empty() && !signal.resource.name.empty(),
        "a signal's resource has a kind and a name", signal.resource.KindName());
  Check(signal.resource.ns == (signal.resource.kind == "Node" ? "" : signal.ns),
        "a resource's namespace is the signal's, none for a Node", signal.resource.KindName());
  Check(!signal.severity.empty(), "a signal has a severity (default: \"unknown\")");
  Check(std::none_of(signal.severity.begin(), signal.severity.end(),
                     [](char c) { return c >= 'A' && c <= 'Z'; }),
        "the severity is lower case", signal.severity);
  Check(signal.fingerprint == signal_gateway::ComputeFingerprint(signal.alertname, signal.resource),
        "the fingerprint is ComputeFingerprint(alertname, resource)");
  Check(signal.fingerprint.size() == 64 &&
            std::all_of(signal.fingerprint.begin(), signal.fingerprint.end(),
                        [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }),
        "the fingerprint is 64 lower-case hex digits", signal.fingerprint);
  try {
    const nlohmann::json line = {{"alertname", signal.alertname},
                                 {"namespace", signal.ns},
                                 {"kind", signal.resource.kind},
                                 {"name", signal.resource.name},
                                 {"severity", signal.severity},
                                 {"message", signal.message},
                                 {"environment", signal.environment_label}};
    (void)line.dump();  // strict: throws on text that is not UTF-8
  } catch (const std::exception& e) {
    Fail("every field of a signal can be written as JSON", e.what());
  }
}

}  // namespace redis_testkit::fuzz
