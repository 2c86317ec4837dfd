// Kubernetes events (GATEWAY.md "Signals"): a Warning event is a signal (critical for the reasons
// that stop workloads), a Normal event is answered 202 "ignored" and stores nothing.
#include <gtest/gtest.h>

#include <string>

#include "payloads.h"
#include "redis_footprint.h"
#include "scenario_support.h"

namespace gateway_scenarios {
namespace {

class KubernetesEvent : public GatewayScenario {};

TEST_F(KubernetesEvent, AWarningEventCreatesARemediationRequest) {
  auto& gateway = Start();
  const HttpAnswer answer = gateway.PostEvent(WarningEvent("BackOff", "prod-api", "Pod", "api-1"));
  ASSERT_EQ(answer.status, 201) << answer;
  EXPECT_EQ(answer.Result(0)["status"], "created");
  const auto requests = gateway.sink().Requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].source, "kubernetes-event");
  EXPECT_EQ(requests[0].alertname, "BackOff");
  EXPECT_EQ(requests[0].resource.kind, "Pod");
  EXPECT_EQ(requests[0].resource.name, "api-1");
  EXPECT_EQ(requests[0].ns, "prod-api");
  EXPECT_EQ(requests[0].message, "back-off restarting failed container");
  EXPECT_EQ(gateway.metrics().received(signal_gateway::SignalSource::kKubernetesEvent), 1U);
}

TEST_F(KubernetesEvent, ANormalEventIsIgnoredAndStoresNothing) {
  auto& gateway = Start();
  const HttpAnswer answer =
      gateway.PostEvent(Event("Normal", "Scheduled", "prod-api", "Pod", "api-1", "assigned"));
  ASSERT_EQ(answer.status, 202) << answer;
  EXPECT_EQ(answer.Json()["status"], "ignored") << answer;
  EXPECT_EQ(DatabaseSize(redis()), 0);
  EXPECT_TRUE(gateway.sink().Events().empty());
  EXPECT_EQ(gateway.metrics().ignored(), 1U);
}

TEST_F(KubernetesEvent, TheEventFingerprintIsReasonNamespaceKindName) {
  auto& gateway = Start();
  const HttpAnswer answer =
      gateway.PostEvent(WarningEvent("FailedMount", "prod-db", "Pod", "postgres-0"));
  EXPECT_EQ(answer.Result(0)["fingerprint"],
            ExpectedFingerprint("FailedMount", "prod-db", "Pod", "postgres-0"));
}

TEST_F(KubernetesEvent, ARepeatedEventIsADuplicateWithItsCount) {
  auto& gateway = Start();
  const auto event = WarningEvent("BackOff", "prod-api", "Pod", "api-1");
  gateway.PostEvent(event);
  gateway.PostEvent(event);
  const HttpAnswer third = gateway.PostEvent(event);
  EXPECT_EQ(third.status, 202) << third;
  EXPECT_EQ(third.Result(0)["status"], "duplicate") << third;
  EXPECT_EQ(third.Result(0)["count"], 3) << third;
  EXPECT_EQ(gateway.sink().CreatedCount(), 1U);
}

class CriticalReason : public KubernetesEvent, public ::testing::WithParamInterface<const char*> {};

TEST_P(CriticalReason, IsCriticalAndP0InProduction) {
  auto& gateway = Start();
  const std::string kind = std::string(GetParam()).starts_with("Node") ? "Node" : "Pod";
  const HttpAnswer answer =
      gateway.PostEvent(WarningEvent(GetParam(), "prod-api", kind, "target-1"));
  ASSERT_EQ(answer.status, 201) << answer;
  EXPECT_EQ(answer.Result(0)["priority"], "P0") << answer;
  const auto requests = gateway.sink().Requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].severity, "critical");
  EXPECT_EQ(requests[0].environment, "production");
}
INSTANTIATE_TEST_SUITE_P(Reasons, CriticalReason,
                         ::testing::Values("OOMKilled", "NodeNotReady", "FailedScheduling",
                                           "Evicted", "FailedMount", "NetworkNotReady"),
                         [](const auto& param_info) { return std::string(param_info.param); });

TEST_F(KubernetesEvent, OtherWarningReasonsAreWarnings) {
  auto& gateway = Start();
  const HttpAnswer prod = gateway.PostEvent(WarningEvent("BackOff", "prod-api", "Pod", "api-1"));
  const HttpAnswer dev = gateway.PostEvent(WarningEvent("BackOff", "dev-tools", "Pod", "api-1"));
  EXPECT_EQ(prod.Result(0)["priority"], "P1") << prod;  // warning + production
  EXPECT_EQ(dev.Result(0)["priority"], "P2") << dev;
  for (const auto& request : gateway.sink().Requests()) EXPECT_EQ(request.severity, "warning");
}

TEST_F(KubernetesEvent, WarningEventsStormLikeAlerts) {
  auto& gateway = Start();
  int created = 0;
  int aggregated = 0;
  for (int i = 1; i <= 12; ++i) {
    const HttpAnswer answer =
        gateway.PostEvent(WarningEvent("BackOff", "prod-api", "Pod", "api-" + std::to_string(i)));
    created += answer.CountStatus("created");
    aggregated += answer.CountStatus("aggregated");
  }
  EXPECT_EQ(created, 9);
  EXPECT_EQ(aggregated, 3);
  const auto storms = gateway.sink().Storms();
  ASSERT_EQ(storms.size(), 1U);
  EXPECT_EQ(storms[0].storm->pattern, "BackOff in prod-api");
  EXPECT_EQ(storms[0].source, "kubernetes-event");
}

TEST_F(KubernetesEvent, ANodeEventIsClusterScoped) {
  auto& gateway = Start();
  const HttpAnswer answer = gateway.PostEvent(WarningEvent("NodeNotReady", "", "Node", "worker-1"));
  ASSERT_EQ(answer.status, 201) << answer;
  EXPECT_EQ(answer.Result(0)["fingerprint"],
            ExpectedFingerprint("NodeNotReady", "", "Node", "worker-1"));
  const auto requests = gateway.sink().Requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].resource.kind, "Node");
  EXPECT_EQ(requests[0].resource.ns, "");
}

TEST_F(KubernetesEvent, TheNamespaceComesFromMetadataWhenTheObjectHasNone) {
  auto& gateway = Start();
  auto event = WarningEvent("BackOff", "prod-api", "Pod", "api-1");
  event["involvedObject"].erase("namespace");
  const HttpAnswer answer = gateway.PostEvent(event);
  EXPECT_EQ(answer.Result(0)["namespace"], "prod-api") << answer;
}

struct InvalidEvent {
  const char* name;
  const char* json_pointer;  // what to remove or change
  const char* replacement;   // JSON text; nullptr: remove
  const char* error_mentions;
};

void PrintTo(const InvalidEvent& c, std::ostream* out) { *out << c.name; }

class InvalidKubernetesEvent : public KubernetesEvent,
                               public ::testing::WithParamInterface<InvalidEvent> {};

TEST_P(InvalidKubernetesEvent, Is400WithAnActionableReasonAndStoresNothing) {
  const InvalidEvent& c = GetParam();
  auto event = WarningEvent("BackOff", "prod-api", "Pod", "api-1");
  const nlohmann::json::json_pointer pointer(c.json_pointer);
  if (c.replacement == nullptr) {
    event[pointer.parent_pointer()].erase(pointer.back());
  } else {
    event[pointer] = nlohmann::json::parse(c.replacement);
  }
  auto& gateway = Start();
  const HttpAnswer answer = gateway.PostEvent(event);
  ASSERT_EQ(answer.status, 400) << answer;
  EXPECT_NE(answer.Json()["error"].get<std::string>().find(c.error_mentions), std::string::npos)
      << answer;
  EXPECT_EQ(DatabaseSize(redis()), 0);
}
INSTANTIATE_TEST_SUITE_P(
    Events, InvalidKubernetesEvent,
    ::testing::Values(InvalidEvent{"NoReason", "/reason", nullptr, "reason"},
                      InvalidEvent{"NoInvolvedObject", "/involvedObject", nullptr,
                                   "involvedObject"},
                      InvalidEvent{"NoKind", "/involvedObject/kind", nullptr, "kind"},
                      InvalidEvent{"NoName", "/involvedObject/name", nullptr, "name"},
                      InvalidEvent{"UnknownType", "/type", "\"Error\"", "type"},
                      InvalidEvent{"ReasonNotAString", "/reason", "42", "reason"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace gateway_scenarios
