// Claims on creates and pipelined batches of the atomic step, against a real redis-server (the
// kit's): README "No request lost or doubled", "Batches".
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "redis_testkit/client/info.h"
#include "redis_testkit/gtest.h"
#include "signal_gateway/fingerprint.h"
#include "signal_gateway/redis_keys.h"
#include "signal_gateway/signal_store.h"

namespace signal_gateway {
namespace {

namespace client = redis_testkit::client;
using std::chrono::milliseconds;

Signal PodSignal(const std::string& pod, const std::string& alertname = "HighCPUUsage") {
  Signal signal;
  signal.alertname = alertname;
  signal.ns = "prod-api";
  signal.resource = Resource{"Pod", pod, "prod-api"};
  signal.severity = "critical";
  signal.fingerprint = ComputeFingerprint(alertname, signal.resource);
  return signal;
}

class CreateClaimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = std::make_unique<client::Connection>(redis_testkit::Connect());
    PoolOptions options;
    options.connection.endpoint = redis_testkit::GetEndpoint();
    pool_ = std::make_unique<ConnectionPool>(options);
    settings_.create_lease = milliseconds(300);
    settings_.storm_threshold = 3;
    store_ = std::make_unique<SignalStore>(*pool_, settings_);
  }
  StepResult Step(const Signal& signal) { return store_->ProcessBatch({&signal}).front(); }
  std::string Field(const std::string& key, const std::string& field) {
    return redis_->Command({"HGET", key, field}).AsOptionalString().value_or("(nil)");
  }
  long long ReadsProcessed() {
    const auto reads = client::ParseInfo(redis_->Info("stats")).Get("total_reads_processed");
    if (!reads) throw std::runtime_error("INFO stats has no total_reads_processed (Redis < 6?)");
    return std::stoll(*reads);
  }

  StoreSettings settings_;
  std::unique_ptr<client::Connection> redis_;
  std::unique_ptr<ConnectionPool> pool_;
  std::unique_ptr<SignalStore> store_;
};

TEST_F(CreateClaimTest, AnUnconfirmedCreateMakesTheNextSignalWaitThenCreatesItAgain) {
  const Signal signal = PodSignal("api-0");
  const StepResult first = Step(signal);
  ASSERT_EQ(first.status, StepStatus::kCreated);
  ASSERT_TRUE(first.claim.has_value());
  EXPECT_EQ(first.claim->key, KeysFor(signal).dedup);
  EXPECT_EQ(first.claim->field, "p");
  const StepResult waiting = Step(signal);
  EXPECT_EQ(waiting.status, StepStatus::kPending);
  EXPECT_GT(waiting.retry_after_ms, 0);
  EXPECT_LE(waiting.retry_after_ms, 300);
  EXPECT_EQ(redis_->Command({"HGET", first.claim->key, "c"}).AsInteger(), 1) << "nothing written";
  std::this_thread::sleep_for(milliseconds(350));  // the claim expires
  const StepResult again = Step(signal);
  ASSERT_EQ(again.status, StepStatus::kCreated);
  EXPECT_EQ(again.remediation_request, first.remediation_request);
  EXPECT_EQ(again.count, 1);
  ASSERT_TRUE(again.claim.has_value());
  EXPECT_EQ(store_->Settle({{*first.claim, SettleAction::kConfirm}}), 0) << "no longer its claim";
  EXPECT_EQ(store_->Settle({{*again.claim, SettleAction::kConfirm}}), 1);
  EXPECT_EQ(Field(first.claim->key, "p"), "(nil)") << "a confirmed entry carries no claim";
  EXPECT_EQ(Step(signal).status, StepStatus::kDuplicate);
}

TEST_F(CreateClaimTest, AReleasedCreateIsCreatedByTheNextSignalAtOnce) {
  const Signal signal = PodSignal("api-0");
  const StepResult first = Step(signal);
  ASSERT_TRUE(first.claim.has_value());
  EXPECT_EQ(store_->Settle({{*first.claim, SettleAction::kRelease}}), 1);
  const StepResult retried = Step(signal);
  EXPECT_EQ(retried.status, StepStatus::kCreated);
  EXPECT_EQ(retried.remediation_request, first.remediation_request);
}

TEST_F(CreateClaimTest, TheStormsCreateIsClaimedHeldAndTakenOverWhenReleased) {
  for (int i = 0; i < 2; ++i) store_->Process(PodSignal("api-" + std::to_string(i)));
  const StepResult opener = Step(PodSignal("api-2"));
  ASSERT_EQ(opener.status, StepStatus::kAggregated);
  ASSERT_TRUE(opener.storm->started);
  ASSERT_TRUE(opener.claim.has_value());
  EXPECT_EQ(opener.claim->field, "q");
  const StepResult member = Step(PodSignal("api-3"));
  ASSERT_EQ(member.status, StepStatus::kAggregated);
  EXPECT_TRUE(member.storm->held) << "the opener has not confirmed";
  EXPECT_FALSE(member.storm->creates());
  EXPECT_EQ(Step(PodSignal("api-2")).status, StepStatus::kPending) << "the opener's retry waits";
  store_->Settle({{*opener.claim, SettleAction::kRelease}});
  const StepResult retry = Step(PodSignal("api-2"));  // the opener's retry
  ASSERT_EQ(retry.status, StepStatus::kAggregated);
  EXPECT_TRUE(retry.storm->took_over);
  EXPECT_EQ(retry.storm->alert_count, 2) << "a retry is not counted again";
  EXPECT_EQ(retry.storm->affected_resources.size(), 2U);
  ASSERT_TRUE(retry.claim.has_value());
  store_->Settle({{*retry.claim, SettleAction::kConfirm}});
  EXPECT_EQ(Field(retry.claim->key, "q"), "(nil)");
  EXPECT_EQ(redis_->Command({"HLEN", retry.claim->key}).AsInteger(), 2 + kStormMetaFields);
  const StepResult next = Step(PodSignal("api-4"));
  EXPECT_FALSE(next.storm->held);
  EXPECT_FALSE(next.storm->creates());
  EXPECT_EQ(Step(PodSignal("api-2")).status, StepStatus::kDuplicate);
}

// The steps of a batch travel together: Redis reads the whole batch in one go (one read event
// for ten EVALSHAs), where ten Process calls cost at least ten.
TEST_F(CreateClaimTest, ABatchIsOnePipelinedRoundTrip) {
  std::vector<Signal> signals;
  for (int i = 0; i < 10; ++i)
    signals.push_back(PodSignal("api-" + std::to_string(i), "A" + std::to_string(i)));
  std::vector<const Signal*> batch;
  for (const Signal& signal : signals) batch.push_back(&signal);
  store_->LoadScript();
  pool_->Run([](RedisSession& session) { session.Ping(); });  // connected
  const long long before = ReadsProcessed();
  const std::vector<StepResult> results = store_->ProcessBatch(batch);
  const long long reads = ReadsProcessed() - before - 1;  // minus the INFO of ReadsProcessed
  ASSERT_EQ(results.size(), 10U);
  for (const StepResult& result : results) EXPECT_EQ(result.status, StepStatus::kCreated);
  EXPECT_LE(reads, 2) << "10 steps took " << reads << " reads by Redis";
  std::vector<std::pair<CreateClaim, SettleAction>> claims;
  for (const StepResult& result : results)
    claims.emplace_back(*result.claim, SettleAction::kConfirm);
  const long long before_settle = ReadsProcessed();
  EXPECT_EQ(store_->Settle(claims), 10);
  EXPECT_LE(ReadsProcessed() - before_settle - 1, 2);
}

TEST_F(CreateClaimTest, AnErrorInABatchReleasesTheOtherStepsClaims) {
  const Signal ok = PodSignal("api-0");
  Signal broken = PodSignal("api-1");
  // A dedup key that is not a hash: its step fails with WRONGTYPE, the batch with it.
  redis_->Command({"SET", KeysFor(broken).dedup, "x", "PX", "10000"});
  EXPECT_THROW(store_->ProcessBatch({&ok, &broken}), client::ReplyError);
  EXPECT_EQ(Field(KeysFor(ok).dedup, "p"), "0:") << "released: the retry creates at once";
  EXPECT_EQ(Step(ok).status, StepStatus::kCreated);
}

}  // namespace
}  // namespace signal_gateway
