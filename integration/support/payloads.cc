#include "payloads.h"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace gateway_scenarios {

using nlohmann::json;

nlohmann::json Alert(const Labels& labels, std::string_view status) {
  json label_object = json::object();
  for (const auto& [name, value] : labels) label_object[name] = value;
  const auto alertname = labels.find("alertname");
  return json{
      {"status", status},
      {"labels", label_object},
      {"annotations",
       {{"summary",
         (alertname == labels.end() ? std::string("alert") : alertname->second) + " is firing"}}},
      {"startsAt", "2025-10-24T12:00:00.000Z"},
      {"endsAt", "0001-01-01T00:00:00Z"},
      {"generatorURL", "http://prometheus.monitoring:9090/graph"},
  };
}

nlohmann::json PodAlert(std::string_view alertname, std::string_view ns, std::string_view pod,
                        std::string_view severity) {
  return Alert({{"alertname", std::string(alertname)},
                {"namespace", std::string(ns)},
                {"pod", std::string(pod)},
                {"severity", std::string(severity)}});
}

std::vector<nlohmann::json> PodAlerts(std::string_view alertname, std::string_view ns, int first,
                                      int count, std::string_view prefix) {
  std::vector<json> alerts;
  alerts.reserve(static_cast<std::size_t>(count));
  for (int i = first; i < first + count; ++i) {
    alerts.push_back(PodAlert(alertname, ns, std::string(prefix) + std::to_string(i)));
  }
  return alerts;
}

nlohmann::json Webhook(std::vector<nlohmann::json> alerts) {
  return json{{"version", "4"},
              {"groupKey", "{}:{alertname=\"scenario\"}"},
              {"receiver", "signal-gateway"},
              {"status", "firing"},
              {"externalURL", "http://alertmanager.monitoring:9093"},
              {"alerts", std::move(alerts)}};
}

nlohmann::json Webhook(nlohmann::json alert) {
  std::vector<json> alerts;
  alerts.push_back(std::move(alert));
  return Webhook(std::move(alerts));
}

nlohmann::json Event(std::string_view type, std::string_view reason, std::string_view ns,
                     std::string_view kind, std::string_view name, std::string_view message) {
  return json{{"apiVersion", "v1"},
              {"kind", "Event"},
              {"metadata", {{"name", std::string(name) + ".17a2b3c4d5e6f7"}, {"namespace", ns}}},
              {"type", type},
              {"reason", reason},
              {"message", message},
              {"involvedObject", {{"kind", kind}, {"name", name}, {"namespace", ns}}},
              {"count", 3},
              {"firstTimestamp", "2025-10-24T12:00:00Z"},
              {"lastTimestamp", "2025-10-24T12:00:30Z"}};
}

nlohmann::json WarningEvent(std::string_view reason, std::string_view ns, std::string_view kind,
                            std::string_view name) {
  return Event("Warning", reason, ns, kind, name);
}

std::string Sha256Hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("EVP_Digest(SHA-256) failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0f]);
  }
  return hex;
}

std::string ExpectedFingerprint(std::string_view alertname, std::string_view ns,
                                std::string_view kind, std::string_view name) {
  std::string input;
  input.append(alertname).append(":").append(ns).append(":").append(kind).append(":").append(name);
  return Sha256Hex(input);
}

}  // namespace gateway_scenarios
