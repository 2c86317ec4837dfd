// A remediation request: the JSON document the gateway hands to a Sink on every create/update.
// It is never stored in Redis (the seeds measured 30 KB per storm that way).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "signal_gateway/signal.h"

namespace signal_gateway {

struct StormInfo {
  std::string pattern;                          // "<alertname> in <namespace>"
  long long alert_count = 0;                    // signals aggregated into the storm
  std::vector<std::string> affected_resources;  // "Kind/Name", deduplicated, capped
  long long dropped_resources = 0;              // distinct resources beyond the cap, counted only
};

struct RemediationRequest {
  std::string name;  // "rr-<fp12>-<first seen, base36 ms>" or "rr-storm-<tag>-<start, base36 ms>"
  std::string ns;
  std::string fingerprint;
  std::string alertname;
  std::string source;  // "prometheus" / "kubernetes-event"
  std::string severity;
  std::string priority;  // P0 / P1 / P2
  std::string environment;
  Resource resource;
  std::string message;
  std::int64_t first_seen_ms = 0;  // Unix epoch milliseconds (Redis server clock)
  std::int64_t last_seen_ms = 0;
  long long occurrence_count = 1;  // signals with this fingerprint within the dedup TTL
  std::optional<StormInfo> storm;

  // {"name":..,"namespace":..,"fingerprint":..,"alertname":..,"source":..,"severity":..,
  //  "priority":..,"environment":..,"resource":{"kind","name","namespace"},"message":..,
  //  "first_seen":"2025-10-24T12:00:00.123Z","last_seen":..,"occurrence_count":..,
  //  "storm":{"pattern","alert_count","affected_resources":[..],"dropped_resources"}}
  nlohmann::json ToJson() const;
};

// "2025-10-24T12:00:00.123Z".
std::string FormatTimestamp(std::int64_t epoch_ms);

// Lowercase base-36 digits of a non-negative number (compact, sortable-enough name suffixes).
std::string Base36(std::int64_t value);

// Names: "rr-" + fingerprint[0:12] + "-" + Base36(first_seen_ms); storms:
// "rr-storm-" + storm tag + "-" + Base36(storm_first_seen_ms). Unique across re-creations.
std::string RemediationRequestName(std::string_view fingerprint, std::int64_t first_seen_ms);
std::string StormRequestName(std::string_view storm_tag, std::int64_t storm_first_seen_ms);

}  // namespace signal_gateway
