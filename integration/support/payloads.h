// Builders for what senders post to the gateway: AlertManager webhooks (version "4") and core/v1
// Events, shaped like the real thing, plus the expected fingerprint computed independently of the
// gateway (OpenSSL here, not signal_gateway::ComputeFingerprint: a scenario must be able to catch a
// wrong fingerprint).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace gateway_scenarios {

using Labels = std::map<std::string, std::string>;

// One alert of an AlertManager webhook: {"status", "labels", "annotations", "startsAt", ...}.
// `labels` must carry alertname (or deliberately not, for 400 scenarios).
nlohmann::json Alert(const Labels& labels, std::string_view status = "firing");

// An alert about pod `pod` of namespace `ns`, with a severity label.
nlohmann::json PodAlert(std::string_view alertname, std::string_view ns, std::string_view pod,
                        std::string_view severity = "critical");

// `count` pod alerts "<prefix><first>".."<prefix><first+count-1>": the shape of a storm.
std::vector<nlohmann::json> PodAlerts(std::string_view alertname, std::string_view ns, int first,
                                      int count, std::string_view prefix = "pod-");

// The webhook AlertManager posts: version "4", groupKey, receiver, status, the alerts in order.
nlohmann::json Webhook(std::vector<nlohmann::json> alerts);
nlohmann::json Webhook(nlohmann::json alert);

// A core/v1 Event about `kind`/`name` in `ns` (type "Warning" or "Normal").
nlohmann::json Event(std::string_view type, std::string_view reason, std::string_view ns,
                     std::string_view kind, std::string_view name,
                     std::string_view message = "back-off restarting failed container");
nlohmann::json WarningEvent(std::string_view reason, std::string_view ns, std::string_view kind,
                            std::string_view name);

// Lowercase hex SHA-256 (OpenSSL), and the fingerprint GATEWAY.md defines:
// SHA-256 of "alertname:namespace:kind:name" (the namespace is empty for a Node).
std::string Sha256Hex(std::string_view data);
std::string ExpectedFingerprint(std::string_view alertname, std::string_view ns,
                                std::string_view kind, std::string_view name);

}  // namespace gateway_scenarios
