#include "signal_gateway/alert_parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string>

#include "signal_gateway/fingerprint.h"

namespace signal_gateway {
namespace {

using nlohmann::json;

json ParseObject(std::string_view body, std::string_view what) {
  json root;
  try {
    root = json::parse(body.begin(), body.end());
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number like 1e999
    throw ParseError("body is not valid JSON (" + std::string(e.what()) + "): send " +
                     std::string(what) + " as a JSON object");
  }
  if (!root.is_object()) {
    throw ParseError("body must be a JSON object (" + std::string(what) + "), got " +
                     std::string(root.type_name()));
  }
  return root;
}

// The string at obj[key] when present, a string and not empty; otherwise empty.
std::string StringField(const json& obj, std::string_view key) {
  if (!obj.is_object()) return {};
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

Resource ResourceFromLabels(const json& labels, const std::string& alertname,
                            const std::string& ns) {
  struct LabelKind {
    std::string_view label;
    std::string_view kind;
  };
  static constexpr std::array<LabelKind, 6> kOrder = {{{"pod", "Pod"},
                                                       {"deployment", "Deployment"},
                                                       {"statefulset", "StatefulSet"},
                                                       {"daemonset", "DaemonSet"},
                                                       {"node", "Node"},
                                                       {"service", "Service"}}};
  for (const LabelKind& entry : kOrder) {
    std::string name = StringField(labels, entry.label);
    if (!name.empty()) {
      const bool cluster_scoped = entry.kind == "Node";
      return Resource{std::string(entry.kind), std::move(name), cluster_scoped ? "" : ns};
    }
  }
  return Resource{"Unknown", alertname, ns};
}

Signal AlertToSignal(const json& alert, std::size_t index) {
  const std::string where = "alerts[" + std::to_string(index) + "]";
  if (!alert.is_object()) {
    throw ParseError(where + " must be an object with labels, annotations and status, got " +
                     std::string(alert.type_name()));
  }
  auto labels_it = alert.find("labels");
  if (labels_it == alert.end() || !labels_it->is_object()) {
    throw ParseError(where + ".labels is missing: every alert needs labels, at least alertname");
  }
  const json& labels = *labels_it;
  Signal signal;
  signal.source = SignalSource::kPrometheus;
  signal.alertname = StringField(labels, "alertname");
  if (signal.alertname.empty()) {
    throw ParseError(where + ".labels.alertname is missing: every alert needs an alertname label");
  }
  signal.ns = StringField(labels, "namespace");
  if (signal.ns.empty()) signal.ns = StringField(labels, "exported_namespace");
  if (signal.ns.empty()) signal.ns = "default";
  signal.resource = ResourceFromLabels(labels, signal.alertname, signal.ns);
  signal.severity = Lower(StringField(labels, "severity"));
  if (signal.severity.empty()) signal.severity = "unknown";
  signal.environment_label = StringField(labels, "environment");
  auto annotations_it = alert.find("annotations");
  if (annotations_it != alert.end()) {
    for (std::string_view key : {"summary", "description", "message"}) {
      signal.message = StringField(*annotations_it, key);
      if (!signal.message.empty()) break;
    }
  }
  const std::string status = Lower(StringField(alert, "status"));
  if (!status.empty() && status != "firing" && status != "resolved") {
    throw ParseError(where + ".status is \"" + status + "\": expected \"firing\" or \"resolved\"");
  }
  signal.firing = status != "resolved";
  signal.fingerprint = ComputeFingerprint(signal.alertname, signal.resource);
  return signal;
}

}  // namespace

std::vector<Signal> ParsePrometheusWebhook(std::string_view body) {
  const json root = ParseObject(body, "an AlertManager webhook");
  auto alerts_it = root.find("alerts");
  if (alerts_it == root.end()) {
    throw ParseError(
        "alerts is missing: an AlertManager webhook carries its alerts in an "
        "`alerts` array");
  }
  if (!alerts_it->is_array()) {
    throw ParseError("alerts must be an array of alerts, got " +
                     std::string(alerts_it->type_name()));
  }
  if (alerts_it->empty()) {
    throw ParseError("alerts is empty: an AlertManager webhook must carry at least one alert");
  }
  std::vector<Signal> signals;
  signals.reserve(alerts_it->size());
  for (std::size_t i = 0; i < alerts_it->size(); ++i) {
    signals.push_back(AlertToSignal((*alerts_it)[i], i));
  }
  return signals;
}

std::optional<Signal> ParseKubernetesEvent(std::string_view body) {
  const json root = ParseObject(body, "a core/v1 Event");
  const std::string type = StringField(root, "type");
  if (type.empty()) {
    throw ParseError("type is missing: a core/v1 Event has type \"Normal\" or \"Warning\"");
  }
  if (type == "Normal") return std::nullopt;
  if (type != "Warning") {
    throw ParseError("type is \"" + type +
                     "\": a core/v1 Event has type \"Normal\" or \"Warning\"");
  }
  Signal signal;
  signal.source = SignalSource::kKubernetesEvent;
  signal.alertname = StringField(root, "reason");
  if (signal.alertname.empty()) {
    throw ParseError("reason is missing: every Warning event needs a reason (e.g. OOMKilled)");
  }
  auto object_it = root.find("involvedObject");
  if (object_it == root.end() || !object_it->is_object()) {
    throw ParseError(
        "involvedObject is missing: a Warning event must name the object it is "
        "about (involvedObject.kind, .name, .namespace)");
  }
  const std::string kind = StringField(*object_it, "kind");
  const std::string name = StringField(*object_it, "name");
  if (kind.empty()) {
    throw ParseError("involvedObject.kind is missing: say which kind of object (e.g. Pod)");
  }
  if (name.empty()) {
    throw ParseError("involvedObject.name is missing: say which " + kind + " the event is about");
  }
  signal.ns = StringField(*object_it, "namespace");
  if (signal.ns.empty())
    signal.ns = StringField(root.value("metadata", json::object()), "namespace");
  if (signal.ns.empty()) signal.ns = "default";
  signal.resource = Resource{kind, name, kind == "Node" ? "" : signal.ns};
  signal.severity = IsCriticalEventReason(signal.alertname) ? "critical" : "warning";
  signal.message = StringField(root, "message");
  signal.fingerprint = ComputeFingerprint(signal.alertname, signal.resource);
  return signal;
}

bool IsCriticalEventReason(std::string_view reason) {
  static constexpr std::array<std::string_view, 6> kCritical = {
      "OOMKilled", "NodeNotReady", "FailedScheduling", "Evicted", "FailedMount", "NetworkNotReady"};
  return std::find(kCritical.begin(), kCritical.end(), reason) != kCritical.end();
}

}  // namespace signal_gateway
