#include "signal_gateway/remediation_request.h"

#include <gtest/gtest.h>

#include "signal_gateway/in_memory_sink.h"

namespace signal_gateway {
namespace {

TEST(RemediationRequestTest, Names) {
  EXPECT_EQ(Base36(0), "0");
  EXPECT_EQ(Base36(35), "z");
  EXPECT_EQ(Base36(36), "10");
  EXPECT_EQ(RemediationRequestName("fc24540a5fff00f8d37c", 1'730'000'000'123),
            "rr-fc24540a5fff-" + Base36(1'730'000'000'123));
  EXPECT_EQ(StormRequestName("32be6a2ac8b4b47d", 36), "rr-storm-32be6a2ac8b4b47d-10");
}

TEST(RemediationRequestTest, Timestamp) {
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(1'730'000'000'123), "2024-10-27T03:33:20.123Z");
}

TEST(RemediationRequestTest, JsonDocument) {
  RemediationRequest request;
  request.name = "rr-storm-x-1";
  request.ns = "prod-api";
  request.severity = "critical";
  request.priority = "P0";
  request.resource = {"Namespace", "prod-api", ""};
  request.storm = StormInfo{"HighCPUUsage in prod-api", 6, {"Pod/a", "Pod/b"}, 0};
  const nlohmann::json doc = request.ToJson();
  EXPECT_EQ(doc["name"], "rr-storm-x-1");
  EXPECT_EQ(doc["namespace"], "prod-api");
  EXPECT_EQ(doc["priority"], "P0");
  EXPECT_EQ(doc["resource"]["kind"], "Namespace");
  EXPECT_EQ(doc["storm"]["pattern"], "HighCPUUsage in prod-api");
  EXPECT_EQ(doc["storm"]["alert_count"], 6);
  EXPECT_EQ(doc["storm"]["affected_resources"].size(), 2u);
  request.storm.reset();
  EXPECT_FALSE(request.ToJson().contains("storm"));
}

TEST(InMemorySinkTest, KeepsEventsAndLatestState) {
  InMemorySink sink;
  RemediationRequest a;
  a.name = "a";
  a.occurrence_count = 1;
  sink.Publish({SinkAction::kCreated, a});
  a.occurrence_count = 2;
  sink.Publish({SinkAction::kUpdated, a});
  RemediationRequest b;
  b.name = "b";
  b.storm = StormInfo{};
  sink.Publish({SinkAction::kCreated, b});
  EXPECT_EQ(sink.Events().size(), 3u);
  EXPECT_EQ(sink.CreatedCount(), 2u);
  EXPECT_EQ(sink.UpdatedCount(), 1u);
  ASSERT_EQ(sink.Requests().size(), 2u);
  EXPECT_EQ(sink.Find("a")->occurrence_count, 2);
  EXPECT_FALSE(sink.Find("c").has_value());
  EXPECT_EQ(sink.Storms().size(), 1u);
  sink.Clear();
  EXPECT_TRUE(sink.Events().empty());
}

}  // namespace
}  // namespace signal_gateway
