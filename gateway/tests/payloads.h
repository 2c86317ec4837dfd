// Test payload builders (AlertManager webhooks, core/v1 Events).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace signal_gateway::testing {

struct AlertSpec {
  std::string alertname = "HighCPUUsage";
  std::string ns = "prod-api";
  std::string pod;
  std::string severity = "critical";
  std::string status = "firing";
};

inline nlohmann::json AlertJson(const AlertSpec& spec) {
  nlohmann::json labels = {
      {"alertname", spec.alertname}, {"namespace", spec.ns}, {"severity", spec.severity}};
  if (!spec.pod.empty()) labels["pod"] = spec.pod;
  return {{"status", spec.status},
          {"labels", labels},
          {"annotations", {{"summary", spec.alertname + " on " + spec.pod}}},
          {"startsAt", "2025-10-24T12:00:00Z"}};
}

inline std::string Webhook(const std::vector<AlertSpec>& alerts) {
  nlohmann::json body = {{"version", "4"},
                         {"status", "firing"},
                         {"receiver", "gateway"},
                         {"alerts", nlohmann::json::array()}};
  for (const AlertSpec& alert : alerts) body["alerts"].push_back(AlertJson(alert));
  return body.dump();
}

// `count` distinct pods of one (namespace, alertname): "api-0", "api-1", ...
inline std::string StormWebhook(int count, const std::string& alertname = "HighCPUUsage",
                                const std::string& ns = "prod-api", int first = 0) {
  std::vector<AlertSpec> alerts;
  for (int i = first; i < first + count; ++i) {
    alerts.push_back({alertname, ns, "api-" + std::to_string(i)});
  }
  return Webhook(alerts);
}

inline std::string Event(const std::string& type, const std::string& reason,
                         const std::string& pod = "worker-0", const std::string& ns = "payments") {
  return nlohmann::json{{"apiVersion", "v1"},
                        {"kind", "Event"},
                        {"metadata", {{"name", pod + ".1"}, {"namespace", ns}}},
                        {"type", type},
                        {"reason", reason},
                        {"message", reason + " " + pod},
                        {"count", 1},
                        {"involvedObject", {{"kind", "Pod"}, {"name", pod}, {"namespace", ns}}}}
      .dump();
}

}  // namespace signal_gateway::testing
