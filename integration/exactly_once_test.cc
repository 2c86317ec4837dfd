// No remediation request lost or doubled (GATEWAY.md "Answers"): exactly one create per request
// reaches the sink whatever fails between Redis and the sink. A sink that cannot take a create
// answers 503 with Retry-After and leaves Redis so that the retry creates the request; a reply lost
// between the gateway and Redis (the kit's FaultProxy drops it: Redis ran the step) followed by the
// sender's retry gives one `created` and no `updated` for a request the sink never saw created.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "payloads.h"
#include "redis_footprint.h"
#include "redis_testkit/gtest.h"
#include "scenario_support.h"
#include "signal_gateway/json_lines_file_sink.h"

namespace gateway_scenarios {
namespace {

using signal_gateway::RejectReason;
using signal_gateway::SinkAction;
using std::chrono::milliseconds;

// An in-memory sink that takes `ok` more events, then refuses `fail` (SinkError), as a disk that
// fills up would; then takes everything again.
class FailingSink : public signal_gateway::InMemorySink {
 public:
  void FailAfter(int ok, int fail) {
    std::lock_guard lock(mutex_);
    ok_ = ok;
    fail_ = fail;
  }
  void FailNext(int n) { FailAfter(0, n); }
  void Publish(const signal_gateway::SinkEvent& event) override {
    {
      std::lock_guard lock(mutex_);
      if (ok_ > 0) {
        --ok_;
      } else if (fail_ > 0) {
        --fail_;
        throw signal_gateway::SinkError("disk full (injected)");
      }
    }
    InMemorySink::Publish(event);
  }

 private:
  std::mutex mutex_;
  int ok_ = 0;    // guarded by mutex_
  int fail_ = 0;  // guarded by mutex_
};

class ExactlyOnce : public GatewayScenario {
 protected:
  // Sends `webhook` until it is not answered 503 (at most ~3 s, honouring a Retry-After of 1 s
  // by polling every 100 ms), as a sender that retries does.
  static HttpAnswer RetryUntilAnswered(ScenarioGateway& gateway, const nlohmann::json& webhook) {
    HttpAnswer answer;
    for (int i = 0; i < 30; ++i) {
      answer = gateway.PostAlerts(webhook);
      if (answer.status != 503) break;
      std::this_thread::sleep_for(milliseconds(100));
    }
    return answer;
  }
  static std::size_t Count(const signal_gateway::InMemorySink& sink, SinkAction action,
                           const std::string& name) {
    std::size_t n = 0;
    for (const auto& event : sink.Events())
      n += event.action == action && event.request.name == name;
    return n;
  }
};

TEST_F(ExactlyOnce, ASinkFailureAnswers503AndTheRetryCreatesTheRequest) {
  auto sink = std::make_shared<FailingSink>();
  auto& gateway = Start(ScenarioConfig(), sink);
  const auto webhook = Webhook(PodAlert("HighCPUUsage", "prod-api", "api-1"));
  sink->FailNext(1);
  const HttpAnswer failed = gateway.PostAlerts(webhook);
  ASSERT_EQ(failed.status, 503) << failed;
  EXPECT_EQ(failed.Header("Retry-After"), "30") << failed;
  EXPECT_NE(failed.Json().value("error", "").find("sink"), std::string::npos) << failed;
  EXPECT_TRUE(sink->Events().empty());
  EXPECT_EQ(gateway.metrics().rejected(RejectReason::kSinkUnavailable), 1U);

  const HttpAnswer retried = gateway.PostAlerts(webhook);  // at once: the claim was released
  ASSERT_EQ(retried.status, 201) << retried;
  EXPECT_EQ(retried.Result(0)["status"], "created") << retried;
  EXPECT_EQ(retried.Result(0)["count"], 1) << "the failed attempt is not an occurrence";
  EXPECT_EQ(sink->CreatedCount(), 1U);
  EXPECT_EQ(sink->UpdatedCount(), 0U);
  // And from now on it is an ordinary duplicate.
  const HttpAnswer again = gateway.PostAlerts(webhook);
  EXPECT_EQ(again.status, 202) << again;
  EXPECT_EQ(again.Result(0)["status"], "duplicate") << again;
  EXPECT_EQ(sink->CreatedCount(), 1U);
}

TEST_F(ExactlyOnce, ASinkFailureOnTheStormOpenerLeavesTheStormToTheRetry) {
  auto sink = std::make_shared<FailingSink>();
  auto& gateway = Start(ScenarioConfig(), sink);
  gateway.PostEach(PodAlerts("HighCPUUsage", "prod-api", 1, 9));
  const auto tenth = Webhook(PodAlert("HighCPUUsage", "prod-api", "pod-10"));
  sink->FailNext(1);
  ASSERT_EQ(gateway.PostAlerts(tenth).status, 503);
  EXPECT_TRUE(sink->Storms().empty());
  const HttpAnswer retried = gateway.PostAlerts(tenth);
  ASSERT_EQ(retried.status, 202) << retried;
  EXPECT_EQ(retried.Result(0)["status"], "aggregated") << retried;
  EXPECT_EQ(retried.Result(0)["storm_request"], "created") << retried;
  const std::string storm = retried.Result(0)["remediation_request"];
  EXPECT_EQ(Count(*sink, SinkAction::kCreated, storm), 1U);
  EXPECT_EQ(Count(*sink, SinkAction::kUpdated, storm), 0U);
  // The next storm member updates the request the sink now has.
  const HttpAnswer next =
      gateway.PostAlerts(Webhook(PodAlert("HighCPUUsage", "prod-api", "pod-11")));
  EXPECT_EQ(next.status, 202) << next;
  EXPECT_FALSE(next.Result(0).contains("storm_request")) << next;
  EXPECT_EQ(Count(*sink, SinkAction::kCreated, storm), 1U);
  EXPECT_EQ(Count(*sink, SinkAction::kUpdated, storm), 1U);
}

// In a batch, the creates published before the sink failed stay (confirmed); the retry of the
// whole batch finds them duplicates and creates the rest: each request exactly once, and every
// update is for a request the sink has seen created.
TEST_F(ExactlyOnce, ASinkFailureMidBatchCreatesEveryRequestOnceAfterTheRetry) {
  auto sink = std::make_shared<FailingSink>();
  auto& gateway = Start(ScenarioConfig(), sink);
  const auto webhook = Webhook(PodAlerts("HighCPUUsage", "prod-api", 1, 5));
  sink->FailAfter(2, 1);  // pod-1 and pod-2 created, pod-3 refused, pod-4 and pod-5 not tried
  const HttpAnswer failed = gateway.PostAlerts(webhook);
  ASSERT_EQ(failed.status, 503) << failed;
  EXPECT_EQ(sink->CreatedCount(), 2U);
  const HttpAnswer retried = gateway.PostAlerts(webhook);
  ASSERT_EQ(retried.status, 201) << retried;
  EXPECT_EQ(retried.CountStatus("duplicate"), 2) << retried;
  EXPECT_EQ(retried.CountStatus("created"), 3) << retried;
  EXPECT_EQ(sink->CreatedCount(), 5U);
  for (const auto& request : sink->Requests()) {
    EXPECT_EQ(Count(*sink, SinkAction::kCreated, request.name), 1U) << request.name;
  }
  const auto events = sink->Events();
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].action != SinkAction::kUpdated) continue;
    bool created_before = false;
    for (std::size_t j = 0; j < i; ++j) {
      created_before |= events[j].action == SinkAction::kCreated &&
                        events[j].request.name == events[i].request.name;
    }
    EXPECT_TRUE(created_before) << "orphan update of " << events[i].request.name;
  }
}

// The sink's file cannot take the create (/dev/full): 503; after a restart with a writable file
// the same signal is created, and the file holds exactly that one line.
TEST_F(ExactlyOnce, ADiskFullSinkThenARestartWithAWritableFileCreatesTheSignalOnce) {
  const auto webhook = Webhook(PodAlert("HighCPUUsage", "prod-api", "api-1")).dump();
  auto config = ScenarioConfig();
  {
    signal_gateway::Gateway full(config,
                                 std::make_shared<signal_gateway::JsonLinesFileSink>("/dev/full"));
    const auto answer =
        full.HandleSignals(signal_gateway::SignalSource::kPrometheus, webhook, "10.0.0.1");
    ASSERT_EQ(answer.status, 503) << answer.body;
    EXPECT_EQ(answer.Header("Retry-After"), "30");
    EXPECT_NE(answer.body.find("No space left on device"), std::string::npos) << answer.body;
  }
  const std::string path = ::testing::TempDir() + "rr-" + std::to_string(getpid()) + ".jsonl";
  std::remove(path.c_str());
  {
    signal_gateway::Gateway restarted(config,
                                      std::make_shared<signal_gateway::JsonLinesFileSink>(path));
    const auto answer =
        restarted.HandleSignals(signal_gateway::SignalSource::kPrometheus, webhook, "10.0.0.1");
    ASSERT_EQ(answer.status, 201) << answer.body;
    EXPECT_NE(answer.body.find("\"created\""), std::string::npos) << answer.body;
  }
  std::ifstream file(path);
  std::string line;
  int lines = 0;
  int created = 0;
  while (std::getline(file, line)) {
    ++lines;
    created += nlohmann::json::parse(line).value("action", "") == "created";
  }
  EXPECT_EQ(lines, 1);
  EXPECT_EQ(created, 1);
  std::remove(path.c_str());
}

class LostReply : public ExactlyOnce {
 protected:
  void SetUp() override {
    // One proxy in front of one node: on a cluster, MOVED would name the other masters directly,
    // around the proxy. The cluster's own lost-answer cases are in cluster_failover_test.cc.
    if (redis_testkit::IsCluster()) GTEST_SKIP() << "a fault proxy fronts a single server";
    ExactlyOnce::SetUp();
  }

  // A gateway that reaches the kit's Redis through a fault proxy, with a short command timeout
  // (a lost reply costs 300 ms) and a short create lease (the claim of a lost step expires soon).
  ScenarioGateway& StartBehindProxy(std::shared_ptr<FailingSink> sink = nullptr) {
    proxy_ = std::make_unique<redis_testkit::FaultProxy>(redis_testkit::GetEndpoint());
    auto config = ScenarioConfig(proxy_->endpoint());
    config.redis_command_timeout = milliseconds(300);
    config.create_lease = milliseconds(600);
    auto& gateway = Start(config, std::move(sink));
    // The scripts are on the server: a lost reply is then the reply of a step that ran.
    EXPECT_TRUE(gateway.gateway().Warmup());
    return gateway;
  }
  redis_testkit::FaultProxy& proxy() { return *proxy_; }

 private:
  std::unique_ptr<redis_testkit::FaultProxy> proxy_;
};

TEST_F(LostReply, TheRetryCreatesTheRequestOnceAndPublishesNoOrphanUpdate) {
  auto& gateway = StartBehindProxy();
  const auto webhook = Webhook(PodAlert("HighCPUUsage", "prod-api", "api-1"));
  proxy().SetDropReplies();
  const HttpAnswer lost = gateway.PostAlerts(webhook);
  ASSERT_EQ(lost.status, 503) << lost;
  EXPECT_EQ(lost.Header("Retry-After"), "30") << lost;
  proxy().Clear();
  // Redis ran the step: the signal is recorded, its create claimed by the lost attempt.
  const auto fingerprint = ExpectedFingerprint("HighCPUUsage", "prod-api", "Pod", "api-1");
  ASSERT_EQ(
      redis().Command({"EXISTS", DedupKey("HighCPUUsage", "prod-api", fingerprint)}).AsInteger(),
      1);
  // A retry within the claim waits (503, nothing published), then one creates.
  const HttpAnswer early = gateway.PostAlerts(webhook);
  EXPECT_EQ(early.status, 503) << early;
  EXPECT_EQ(early.Header("Retry-After"), "1") << early;
  EXPECT_TRUE(gateway.sink().Events().empty());
  const HttpAnswer retried = RetryUntilAnswered(gateway, webhook);
  ASSERT_EQ(retried.status, 201) << retried;
  EXPECT_EQ(retried.Result(0)["status"], "created") << retried;
  EXPECT_EQ(gateway.sink().CreatedCount(), 1U);
  EXPECT_EQ(gateway.sink().UpdatedCount(), 0U) << "no update for a request the sink never saw";
  const HttpAnswer duplicate = gateway.PostAlerts(webhook);
  EXPECT_EQ(duplicate.Result(0)["status"], "duplicate") << duplicate;
  EXPECT_EQ(gateway.sink().CreatedCount(), 1U);
  EXPECT_EQ(gateway.sink().UpdatedCount(), 1U);
}

TEST_F(LostReply, TheStormOpenersRetryCreatesTheStormRequestOnce) {
  auto& gateway = StartBehindProxy();
  gateway.PostEach(PodAlerts("HighCPUUsage", "prod-api", 1, 9));
  const auto tenth = Webhook(PodAlert("HighCPUUsage", "prod-api", "pod-10"));
  proxy().SetDropReplies();
  ASSERT_EQ(gateway.PostAlerts(tenth).status, 503);
  proxy().Clear();
  const HttpAnswer retried = RetryUntilAnswered(gateway, tenth);
  ASSERT_EQ(retried.status, 202) << retried;
  EXPECT_EQ(retried.Result(0)["storm_request"], "created") << retried;
  const std::string storm = retried.Result(0)["remediation_request"];
  EXPECT_EQ(Count(gateway.sink(), SinkAction::kCreated, storm), 1U);
  EXPECT_EQ(Count(gateway.sink(), SinkAction::kUpdated, storm), 0U);
  EXPECT_EQ(gateway.sink().CreatedCount(), 10U);
}

}  // namespace
}  // namespace gateway_scenarios
