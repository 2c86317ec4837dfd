// One signal: a Prometheus alert or a Kubernetes Warning event, normalised for deduplication,
// storm detection and remediation. Produced by alert_parser.h, consumed by SignalStore and Gateway.
#pragma once

#include <string>
#include <string_view>

namespace signal_gateway {

enum class SignalSource { kPrometheus, kKubernetesEvent };

// "prometheus" / "kubernetes-event" (the metric label and the route suffix).
inline std::string_view SourceName(SignalSource source) {
  return source == SignalSource::kPrometheus ? "prometheus" : "kubernetes-event";
}

// The Kubernetes object a signal is about. Kinds from Prometheus labels: Pod, Deployment,
// StatefulSet, DaemonSet, Node, Service, or Unknown (name = alertname).
struct Resource {
  std::string kind;
  std::string name;
  std::string ns;  // empty for cluster-scoped kinds (Node)

  // "Kind/Name", the form used in storm affected-resource lists.
  std::string KindName() const { return kind + "/" + name; }
  bool operator==(const Resource&) const = default;
};

struct Signal {
  SignalSource source = SignalSource::kPrometheus;
  // The alertname label (Prometheus) or the event reason (Kubernetes). Storms group by
  // (ns, alertname).
  std::string alertname;
  // Where the signal belongs (and where its remediation request lives): `namespace` label, else
  // `exported_namespace`, else "default" (events: involvedObject.namespace, else
  // metadata.namespace, else "default").
  std::string ns;
  Resource resource;
  // The namespace its Redis state (dedup entry, storm) is scoped to: "" for a cluster-scoped
  // resource, whose fingerprint has no namespace either (the same Node alerted from two
  // namespaces is one signal), else ns.
  std::string_view StateNamespace() const {
    return resource.kind == "Node" ? std::string_view{} : std::string_view{ns};
  }
  std::string severity;           // "critical", "warning", ... (lower case); "unknown" if absent
  std::string environment_label;  // the alert's `environment` label, empty when absent
  std::string message;            // summary/description annotation or event message
  std::string fingerprint;        // lowercase hex SHA-256, see fingerprint.h
  // False for a resolved Prometheus alert: it is listed as `ignored`, nothing is stored.
  bool firing = true;
};

}  // namespace signal_gateway
