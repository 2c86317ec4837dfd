// Environment and priority: a plain table, no policy engine (GATEWAY.md "Priority").
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace signal_gateway {

// "production", "staging", "development" or "unknown".
//  1. `label` (the alert's `environment` label) when not empty,
//  2. else `namespace_environments[ns]` (the namespace's `environment` label, from the config),
//  3. else a prod / staging / dev prefix of the namespace ("prod-api", "staging", "dev_tools").
// Values are normalised: "prod"/"production" -> production, "stage"/"staging"/"stg" -> staging,
// "dev"/"development" -> development; anything else is kept lower-cased.
std::string ResolveEnvironment(std::string_view ns, std::string_view label,
                               const std::map<std::string, std::string>& namespace_environments);

// critical+production P0; critical+other or warning+production P1; everything else P2.
std::string PriorityFor(std::string_view severity, std::string_view environment);

}  // namespace signal_gateway
