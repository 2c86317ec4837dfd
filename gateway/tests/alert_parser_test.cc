#include "signal_gateway/alert_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace signal_gateway {
namespace {

std::string Webhook(const std::string& alerts) {
  return R"({"version":"4","status":"firing","receiver":"gateway","alerts":[)" + alerts + "]}";
}

std::string Alert(const std::string& labels, const std::string& status = "firing") {
  return R"({"status":")" + status + R"(","labels":{)" + labels +
         R"(},"annotations":{"summary":"CPU above 90%"},"startsAt":"2025-10-24T12:00:00Z"})";
}

std::string ParseErrorOf(const std::string& body, bool event = false) {
  try {
    if (event) {
      ParseKubernetesEvent(body);
    } else {
      ParsePrometheusWebhook(body);
    }
  } catch (const ParseError& e) {
    return e.what();
  }
  return "no error";
}

TEST(PrometheusParserTest, EveryAlertOfTheBatchIsASignal) {
  const auto signals = ParsePrometheusWebhook(Webhook(
      Alert(
          R"("alertname":"HighCPUUsage","namespace":"prod-api","pod":"api-1","severity":"critical")") +
      "," + Alert(R"("alertname":"HighCPUUsage","namespace":"prod-api","pod":"api-2")") + "," +
      Alert(R"("alertname":"HighCPUUsage","namespace":"prod-api","pod":"api-3")")));
  ASSERT_EQ(signals.size(), 3u);
  EXPECT_EQ(signals[0].resource.name, "api-1");
  EXPECT_EQ(signals[1].resource.name, "api-2");
  EXPECT_EQ(signals[2].resource.name, "api-3");
  EXPECT_NE(signals[0].fingerprint, signals[1].fingerprint);
  EXPECT_EQ(signals[0].severity, "critical");
  EXPECT_EQ(signals[1].severity, "unknown");
  EXPECT_EQ(signals[0].message, "CPU above 90%");
  EXPECT_EQ(signals[0].source, SignalSource::kPrometheus);
}

TEST(PrometheusParserTest, KnownFingerprint) {
  const auto signals = ParsePrometheusWebhook(Webhook(
      Alert(R"("alertname":"HighCPUUsage","namespace":"prod-api","pod":"api-7d9f8b-x2k4p")")));
  ASSERT_EQ(signals.size(), 1u);
  // printf %s 'HighCPUUsage:prod-api:Pod:api-7d9f8b-x2k4p' | sha256sum
  EXPECT_EQ(signals[0].fingerprint,
            "fc24540a5fff00f8d37c5027929247ff72df29df56c9351e235864bd69c78979");
}

TEST(PrometheusParserTest, ResourceExtractionOrder) {
  struct Case {
    std::string labels;
    std::string kind;
    std::string name;
  };
  const Case cases[] = {
      {R"("pod":"p","deployment":"d","node":"n")", "Pod", "p"},
      {R"("deployment":"d","statefulset":"s","service":"svc")", "Deployment", "d"},
      {R"("statefulset":"s","daemonset":"ds")", "StatefulSet", "s"},
      {R"("daemonset":"ds","node":"n")", "DaemonSet", "ds"},
      {R"("node":"n","service":"svc")", "Node", "n"},
      {R"("service":"svc","instance":"10.0.0.1:9100")", "Service", "svc"},
      {R"("instance":"10.0.0.1:9100")", "Unknown", "TargetDown"},
      {R"("pod":"","deployment":"d")", "Deployment", "d"},  // empty labels do not count
  };
  for (const Case& c : cases) {
    const auto signals = ParsePrometheusWebhook(
        Webhook(Alert(R"("alertname":"TargetDown","namespace":"ns1",)" + c.labels)));
    ASSERT_EQ(signals.size(), 1u);
    EXPECT_EQ(signals[0].resource.kind, c.kind) << c.labels;
    EXPECT_EQ(signals[0].resource.name, c.name) << c.labels;
  }
}

TEST(PrometheusParserTest, UnknownResourceFingerprint) {
  const auto signals = ParsePrometheusWebhook(Webhook(Alert(R"("alertname":"TargetDown")")));
  ASSERT_EQ(signals.size(), 1u);
  EXPECT_EQ(signals[0].ns, "default");
  // printf %s 'TargetDown:default:Unknown:TargetDown' | sha256sum
  EXPECT_EQ(signals[0].fingerprint,
            "97df683005c2878d82f4be0dc99c01aaee788f9aacb690f6a0066224cc176279");
}

TEST(PrometheusParserTest, NamespaceFallback) {
  auto ns_of = [](const std::string& labels) {
    return ParsePrometheusWebhook(Webhook(Alert(R"("alertname":"A",)" + labels + R"("pod":"p")")))
        .at(0)
        .ns;
  };
  EXPECT_EQ(ns_of(R"("namespace":"a","exported_namespace":"b",)"), "a");
  EXPECT_EQ(ns_of(R"("exported_namespace":"b",)"), "b");
  EXPECT_EQ(ns_of(""), "default");
}

TEST(PrometheusParserTest, NodeIsClusterScoped) {
  const auto signal =
      ParsePrometheusWebhook(
          Webhook(Alert(R"("alertname":"DiskPressure","namespace":"monitoring","node":"node-3")")))
          .at(0);
  EXPECT_EQ(signal.ns, "monitoring");  // where the request lives
  EXPECT_EQ(signal.resource.ns, "");   // a Node has no namespace
  // printf %s 'DiskPressure::Node:node-3' | sha256sum
  EXPECT_EQ(signal.fingerprint, "157482efc0cc1b0b933fb5d1fe4bf2ecb3ae3877e9ce767a5f1f408727b2b62b");
}

TEST(PrometheusParserTest, ResolvedAlertsAreNotFiring) {
  const auto signals =
      ParsePrometheusWebhook(Webhook(Alert(R"("alertname":"A","pod":"p")", "resolved") + "," +
                                     Alert(R"("alertname":"A","pod":"q")")));
  ASSERT_EQ(signals.size(), 2u);
  EXPECT_FALSE(signals[0].firing);
  EXPECT_TRUE(signals[1].firing);
}

TEST(PrometheusParserTest, SeverityAndEnvironmentLabels) {
  const auto signal =
      ParsePrometheusWebhook(
          Webhook(Alert(
              R"("alertname":"A","pod":"p","severity":"CRITICAL","environment":"production")")))
          .at(0);
  EXPECT_EQ(signal.severity, "critical");
  EXPECT_EQ(signal.environment_label, "production");
}

TEST(PrometheusParserTest, ActionableErrors) {
  EXPECT_EQ(ParseErrorOf(Webhook(Alert(R"("alertname":"A")") + "," + Alert(R"("alertname":"B")") +
                                 "," + Alert(R"("pod":"p")"))),
            "alerts[2].labels.alertname is missing: every alert needs an alertname label");
  EXPECT_EQ(ParseErrorOf(Webhook(Alert(R"("alertname":"")"))),
            "alerts[0].labels.alertname is missing: every alert needs an alertname label");
  EXPECT_EQ(ParseErrorOf(Webhook("")),
            "alerts is empty: an AlertManager webhook must carry at least one alert");
  EXPECT_EQ(ParseErrorOf(R"({"version":"4"})"),
            "alerts is missing: an AlertManager webhook carries its alerts in an `alerts` array");
  EXPECT_EQ(ParseErrorOf(R"({"alerts":{}})"), "alerts must be an array of alerts, got object");
  EXPECT_EQ(ParseErrorOf(R"({"alerts":[{"status":"firing"}]})"),
            "alerts[0].labels is missing: every alert needs labels, at least alertname");
  EXPECT_EQ(ParseErrorOf(R"([1,2])"),
            "body must be a JSON object (an AlertManager webhook), got array");
  EXPECT_NE(ParseErrorOf(R"({"alerts":[)").find("body is not valid JSON"), std::string::npos);
  // A number too large for a double is nlohmann's out_of_range, not a parse_error (fuzz finding,
  // fuzz/corpus/alertmanager_webhook/number-overflow): still a 400 with its reason, never a 500.
  EXPECT_NE(ParseErrorOf(R"({"alerts":[],"x":88888888E888888888})").find("body is not valid JSON"),
            std::string::npos);
  EXPECT_EQ(ParseErrorOf(Webhook(Alert(R"("alertname":"A")", "pending"))),
            "alerts[0].status is \"pending\": expected \"firing\" or \"resolved\"");
}

std::string Event(
    const std::string& type, const std::string& reason,
    const std::string& involved = R"({"kind":"Pod","name":"worker-0","namespace":"payments"})") {
  return R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"e1","namespace":"payments"},"type":")" +
         type + R"(","reason":")" + reason +
         R"(","message":"Container killed","count":3,"involvedObject":)" + involved + "}";
}

TEST(EventParserTest, NormalIsNotASignal) {
  EXPECT_FALSE(ParseKubernetesEvent(Event("Normal", "Scheduled")).has_value());
  // Even without a reason: Normal events are never validated further.
  EXPECT_FALSE(ParseKubernetesEvent(R"({"type":"Normal"})").has_value());
}

TEST(EventParserTest, WarningBecomesASignal) {
  const auto signal = ParseKubernetesEvent(Event("Warning", "OOMKilled"));
  ASSERT_TRUE(signal.has_value());
  EXPECT_EQ(signal->source, SignalSource::kKubernetesEvent);
  EXPECT_EQ(signal->alertname, "OOMKilled");
  EXPECT_EQ(signal->ns, "payments");
  EXPECT_EQ(signal->resource, (Resource{"Pod", "worker-0", "payments"}));
  EXPECT_EQ(signal->severity, "critical");
  EXPECT_EQ(signal->message, "Container killed");
  // printf %s 'OOMKilled:payments:Pod:worker-0' | sha256sum
  EXPECT_EQ(signal->fingerprint,
            "7b7274e9967697947a4a7402a138518581ef7c848758ed04f7721da211fe72ae");
}

TEST(EventParserTest, CriticalReasons) {
  for (const char* reason : {"OOMKilled", "NodeNotReady", "FailedScheduling", "Evicted",
                             "FailedMount", "NetworkNotReady"}) {
    EXPECT_EQ(ParseKubernetesEvent(Event("Warning", reason))->severity, "critical") << reason;
  }
  EXPECT_EQ(ParseKubernetesEvent(Event("Warning", "BackOff"))->severity, "warning");
  EXPECT_EQ(ParseKubernetesEvent(Event("Warning", "Unhealthy"))->severity, "warning");
}

TEST(EventParserTest, NodeEvent) {
  const auto signal = ParseKubernetesEvent(
      Event("Warning", "NodeNotReady", R"({"kind":"Node","name":"worker-1"})"));
  ASSERT_TRUE(signal.has_value());
  EXPECT_EQ(signal->ns, "payments");  // metadata.namespace
  EXPECT_EQ(signal->resource.ns, "");
  // printf %s 'NodeNotReady::Node:worker-1' | sha256sum
  EXPECT_EQ(signal->fingerprint,
            "7671a927b54e5645fa1f2ff26fefb096f84fc8a4c239218cc7df67107a20eb40");
}

TEST(EventParserTest, NamespaceDefaultsToDefault) {
  const auto signal = ParseKubernetesEvent(
      R"({"type":"Warning","reason":"BackOff","involvedObject":{"kind":"Pod","name":"p"}})");
  EXPECT_EQ(signal->ns, "default");
}

TEST(EventParserTest, ActionableErrors) {
  EXPECT_EQ(ParseErrorOf(Event("Warning", ""), true),
            "reason is missing: every Warning event needs a reason (e.g. OOMKilled)");
  EXPECT_EQ(ParseErrorOf(R"({"reason":"X"})", true),
            "type is missing: a core/v1 Event has type \"Normal\" or \"Warning\"");
  EXPECT_EQ(ParseErrorOf(R"({"type":"Error","reason":"X"})", true),
            "type is \"Error\": a core/v1 Event has type \"Normal\" or \"Warning\"");
  EXPECT_EQ(ParseErrorOf(R"({"type":"Warning","reason":"X"})", true),
            "involvedObject is missing: a Warning event must name the object it is about "
            "(involvedObject.kind, .name, .namespace)");
  EXPECT_EQ(ParseErrorOf(Event("Warning", "X", R"({"name":"p"})"), true),
            "involvedObject.kind is missing: say which kind of object (e.g. Pod)");
  EXPECT_EQ(ParseErrorOf(Event("Warning", "X", R"({"kind":"Pod"})"), true),
            "involvedObject.name is missing: say which Pod the event is about");
  EXPECT_NE(ParseErrorOf("not json", true).find("body is not valid JSON"), std::string::npos);
  EXPECT_NE(ParseErrorOf(R"({"count":444440e3333333})", true).find("number overflow"),
            std::string::npos);  // fuzz finding: fuzz/corpus/kubernetes_event/number-overflow
}

}  // namespace
}  // namespace signal_gateway
