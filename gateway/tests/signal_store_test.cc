// The atomic step against a real redis-server.
#include "signal_gateway/signal_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "private_redis.h"
#include "redis_testkit/client/scan.h"
#include "redis_testkit/gtest.h"
#include "signal_gateway/fingerprint.h"
#include "signal_gateway/redis_keys.h"

namespace signal_gateway {
namespace {

namespace client = redis_testkit::client;

Signal PodSignal(const std::string& pod, const std::string& ns = "prod-api",
                 const std::string& alertname = "HighCPUUsage") {
  Signal signal;
  signal.alertname = alertname;
  signal.ns = ns;
  signal.resource = Resource{"Pod", pod, ns};
  signal.severity = "critical";
  signal.fingerprint = ComputeFingerprint(alertname, signal.resource);
  return signal;
}

class SignalStoreTest : public ::testing::Test {
 protected:
  // The kit leased this process a server and flushed it; FLUSHALL keeps Lua scripts, so they go
  // too (every store's first EVALSHA meets NOSCRIPT, as on a fresh server).
  void SetUp() override {
    redis_ = std::make_unique<client::Connection>(redis_testkit::Connect());
    redis_->Command({"SCRIPT", "FLUSH"});
    PoolOptions options;
    options.connection.endpoint = redis_testkit::GetEndpoint();
    options.max_connections = 16;
    pool_ = std::make_unique<ConnectionPool>(options);
  }

  SignalStore MakeStore(StoreSettings settings = {}) { return SignalStore(*pool_, settings); }

  long long MemoryUsage(const std::string& key) {
    return redis_->Command({"MEMORY", "USAGE", key, "SAMPLES", "0"}).AsInteger();
  }

  std::unique_ptr<client::Connection> redis_;
  std::unique_ptr<ConnectionPool> pool_;
};

TEST_F(SignalStoreTest, FirstSignalIsCreatedThenDuplicate) {
  SignalStore store = MakeStore();
  const StepResult first = store.Process(PodSignal("api-0"));
  EXPECT_EQ(first.status, StepStatus::kCreated);
  EXPECT_EQ(first.count, 1);
  EXPECT_FALSE(first.storm_member);
  EXPECT_EQ(
      first.remediation_request.rfind("rr-" + PodSignal("api-0").fingerprint.substr(0, 12), 0), 0u);

  const StepResult second = store.Process(PodSignal("api-0"));
  EXPECT_EQ(second.status, StepStatus::kDuplicate);
  EXPECT_EQ(second.count, 2);
  EXPECT_EQ(second.remediation_request, first.remediation_request);
  EXPECT_EQ(second.first_seen_ms, first.first_seen_ms);
  EXPECT_GE(second.last_seen_ms, first.last_seen_ms);
  EXPECT_EQ(store.Process(PodSignal("api-0")).count, 3);
}

TEST_F(SignalStoreTest, FifteenPodsGiveNineCreatedAndSixAggregated) {
  SignalStore store = MakeStore();
  int created = 0;
  int aggregated = 0;
  std::set<std::string> storm_names;
  for (int i = 0; i < 15; ++i) {
    const StepResult result = store.Process(PodSignal("api-" + std::to_string(i)));
    if (result.status == StepStatus::kCreated) ++created;
    if (result.status == StepStatus::kAggregated) {
      ++aggregated;
      storm_names.insert(result.remediation_request);
      ASSERT_TRUE(result.storm.has_value());
      EXPECT_EQ(result.storm->started, i == 9) << i;
      EXPECT_EQ(result.storm->alert_count, i - 8);
      EXPECT_EQ(result.storm->pattern, "HighCPUUsage in prod-api");
      EXPECT_EQ(result.pattern, "HighCPUUsage in prod-api");
      EXPECT_EQ(result.storm->affected_resources.size(), static_cast<std::size_t>(i - 8));
      EXPECT_EQ(result.storm->affected_resources.back(), "Pod/api-" + std::to_string(i));
      EXPECT_EQ(result.storm->affected_resources.front(), "Pod/api-9");
    }
  }
  EXPECT_EQ(created, 9);
  EXPECT_EQ(aggregated, 6);
  ASSERT_EQ(storm_names.size(), 1u);
  EXPECT_EQ(storm_names.begin()->rfind("rr-storm-" + StormTag("prod-api", "HighCPUUsage"), 0), 0u);

  // A duplicate of an aggregated signal points at the storm's request.
  const StepResult again = store.Process(PodSignal("api-12"));
  EXPECT_EQ(again.status, StepStatus::kDuplicate);
  EXPECT_TRUE(again.storm_member);
  EXPECT_EQ(again.remediation_request, *storm_names.begin());
  // Another namespace is another storm counter.
  EXPECT_EQ(store.Process(PodSignal("api-0", "prod-web")).status, StepStatus::kCreated);
}

TEST_F(SignalStoreTest, EveryKeyIsUnderThePrefixAndHasATtl) {
  SignalStore store = MakeStore();
  for (int i = 0; i < 15; ++i) store.Process(PodSignal("api-" + std::to_string(i)));
  store.Process(PodSignal("api-3"));
  const std::vector<std::string> keys = client::ScanAllKeys(*redis_);
  ASSERT_EQ(keys.size(), 16u);  // 15 dedup entries + 1 storm record
  for (const std::string& key : keys) {
    EXPECT_EQ(key.rfind("gateway:", 0), 0u) << key;
    EXPECT_GT(redis_->Command({"PTTL", key}).AsInteger(), 0) << key << " has no TTL";
  }
}

TEST_F(SignalStoreTest, DuplicateRefreshesTheDedupTtl) {
  StoreSettings settings;
  settings.dedup_ttl = std::chrono::milliseconds(60'000);
  SignalStore store = MakeStore(settings);
  const Signal signal = PodSignal("api-0");
  store.Process(signal);
  const std::string key = KeysFor(signal).dedup;
  // As if 59.95 s had passed: the entry is about to expire.
  redis_->Command({"PEXPIRE", key, "50"});
  EXPECT_EQ(store.Process(signal).status, StepStatus::kDuplicate);
  EXPECT_GT(redis_->Command({"PTTL", key}).AsInteger(), 50'000);
}

TEST_F(SignalStoreTest, ExpiredDedupEntryCreatesANewRequest) {
  StoreSettings settings;
  settings.dedup_ttl = std::chrono::milliseconds(30);
  SignalStore store = MakeStore(settings);
  const Signal signal = PodSignal("api-0");
  const StepResult first = store.Process(signal);
  const std::string key = KeysFor(signal).dedup;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (redis_->Command({"EXISTS", key}).AsInteger() == 1 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const StepResult second = store.Process(signal);
  EXPECT_EQ(second.status, StepStatus::kCreated);
  EXPECT_EQ(second.count, 1);
  EXPECT_GT(second.first_seen_ms, first.first_seen_ms);
  EXPECT_NE(second.remediation_request, first.remediation_request);
}

TEST_F(SignalStoreTest, StormResourcesAreDeduplicatedAndCapped) {
  StoreSettings settings;
  settings.storm_threshold = 2;
  settings.resource_cap = 5;
  SignalStore store = MakeStore(settings);
  store.Process(PodSignal("api-0"));  // created
  StepResult last;
  for (int i = 1; i <= 20; ++i) last = store.Process(PodSignal("api-" + std::to_string(i)));
  ASSERT_TRUE(last.storm.has_value());
  EXPECT_EQ(last.storm->alert_count, 20);
  EXPECT_EQ(
      last.storm->affected_resources,
      (std::vector<std::string>{"Pod/api-1", "Pod/api-2", "Pod/api-3", "Pod/api-4", "Pod/api-5"}));
  EXPECT_EQ(last.storm->dropped_resources, 15);
  // One store in sequence: only the appended entries travel, never the whole list.
  EXPECT_EQ(store.resource_list_fetches(), 0);

  // The same pod again once its dedup entry is gone: counted, not listed twice.
  const Signal repeat = PodSignal("api-1");
  redis_->Command({"DEL", KeysFor(repeat).dedup});
  const StepResult again = store.Process(repeat);
  EXPECT_EQ(again.status, StepStatus::kAggregated);
  EXPECT_EQ(again.storm->alert_count, 21);
  EXPECT_EQ(again.storm->affected_resources.size(), 5u);
  EXPECT_EQ(again.storm->dropped_resources, 15);
}

TEST_F(SignalStoreTest, TwoReplicasOnOneStormSeeTheSameResources) {
  StoreSettings settings;
  settings.storm_threshold = 2;
  SignalStore a = MakeStore(settings);
  SignalStore b = MakeStore(settings);
  a.Process(PodSignal("api-0"));
  a.Process(PodSignal("api-1"));  // storm starts; a holds [api-1]
  b.Process(PodSignal("api-2"));  // b fetches [api-1, api-2]
  b.Process(PodSignal("api-3"));
  const StepResult from_a = a.Process(PodSignal("api-4"));  // a's copy is stale: refetched
  EXPECT_EQ(from_a.storm->affected_resources,
            (std::vector<std::string>{"Pod/api-1", "Pod/api-2", "Pod/api-3", "Pod/api-4"}));
  EXPECT_EQ(from_a.storm->alert_count, 4);
  EXPECT_EQ(a.resource_list_fetches(), 1);
  EXPECT_EQ(b.resource_list_fetches(), 1);
  // Nothing new: both copies are current, the answers agree.
  EXPECT_EQ(b.Process(PodSignal("api-0")).status, StepStatus::kDuplicate);
  // A replica that just started (no copy) gets the whole list.
  SignalStore c = MakeStore(settings);
  redis_->Command({"DEL", KeysFor(PodSignal("api-4")).dedup});
  EXPECT_EQ(c.Process(PodSignal("api-4")).storm->affected_resources,
            (std::vector<std::string>{"Pod/api-1", "Pod/api-2", "Pod/api-3", "Pod/api-4"}));
  EXPECT_EQ(c.resource_list_fetches(), 1);
}

TEST_F(SignalStoreTest, StormWindowStartsWithTheFirstSignal) {
  StoreSettings settings;
  settings.storm_threshold = 3;
  settings.storm_window = std::chrono::milliseconds(60'000);
  SignalStore store = MakeStore(settings);
  store.Process(PodSignal("api-0"));
  store.Process(PodSignal("api-1"));
  const std::string storm_key = KeysFor(PodSignal("api-0")).storm;
  EXPECT_LE(redis_->Command({"PTTL", storm_key}).AsInteger(), 60'000);
  // The window ends: the counter starts again, no storm.
  redis_->Command({"DEL", storm_key});
  EXPECT_EQ(store.Process(PodSignal("api-2")).status, StepStatus::kCreated);
  EXPECT_EQ(store.Process(PodSignal("api-3")).status, StepStatus::kCreated);
  EXPECT_EQ(store.Process(PodSignal("api-4")).status, StepStatus::kAggregated);
  // In the storm the record lives for the storm TTL (default 300 s), refreshed by each signal.
  EXPECT_GT(redis_->Command({"PTTL", storm_key}).AsInteger(), 60'000);
}

TEST_F(SignalStoreTest, SixteenThreadsOnOneStormCountExactly) {
  SignalStore store = MakeStore();
  constexpr int kThreads = 16;
  constexpr int kPerThread = 1000;
  std::atomic<int> created{0};
  std::atomic<int> aggregated{0};
  std::atomic<int> started{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        try {
          const StepResult r =
              store.Process(PodSignal("api-" + std::to_string(t) + "-" + std::to_string(i)));
          if (r.status == StepStatus::kCreated) ++created;
          if (r.status == StepStatus::kAggregated) ++aggregated;
          if (r.storm && r.storm->started) ++started;
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_EQ(failures.load(), 0);
  const int total = kThreads * kPerThread;
  EXPECT_EQ(created.load(), 9);
  EXPECT_EQ(aggregated.load(), total - 9);
  EXPECT_EQ(started.load(), 1);
  const std::string storm_key = KeysFor(PodSignal("x")).storm;
  EXPECT_EQ(redis_->Command({"HGET", storm_key, "c"}).AsInteger(), total - 9);
  EXPECT_EQ(redis_->Command({"HGET", storm_key, "d"}).AsInteger(), total - 9 - 100);
  EXPECT_EQ(redis_->Command({"HLEN", storm_key}).AsInteger(), 100 + kStormMetaFields);
  EXPECT_EQ(redis_->Command({"OBJECT", "ENCODING", storm_key}).AsString(), "listpack");
  EXPECT_EQ(redis_->Command({"DBSIZE"}).AsInteger(), total + 1);
}

TEST_F(SignalStoreTest, ReloadsTheScriptAfterScriptFlush) {
  SignalStore store = MakeStore();
  store.Process(PodSignal("api-0"));
  const long long loads = store.script_loads();
  EXPECT_EQ(loads, 1);  // NOSCRIPT on the very first call, loaded once
  redis_->Command({"SCRIPT", "FLUSH"});
  EXPECT_EQ(store.Process(PodSignal("api-0")).status, StepStatus::kDuplicate);
  EXPECT_EQ(store.script_loads(), loads + 1);
  EXPECT_EQ(store.Process(PodSignal("api-0")).count, 3);
  EXPECT_EQ(store.script_loads(), loads + 1);
}

TEST_F(SignalStoreTest, OomRefusesTheWholeStepBeforeItWrites) {
  StoreSettings settings;
  settings.storm_threshold = 2;
  SignalStore store = MakeStore(settings);
  store.Process(PodSignal("api-0"));
  store.Process(PodSignal("api-1"));  // a storm exists
  const std::string storm_key = KeysFor(PodSignal("api-0")).storm;
  const std::string before = redis_->Command({"HGETALL", storm_key}).ToString();
  const long long keys_before = redis_->Command({"DBSIZE"}).AsInteger();

  redis_testkit::ExpectOomRejections();  // on purpose; the kit restores its cap afterwards
  redis_->Command({"CONFIG", "SET", "maxmemory", "1"});
  EXPECT_THROW(store.Process(PodSignal("api-2")), client::OomError);  // new signal, aggregated
  EXPECT_THROW(store.Process(PodSignal("api-1")), client::OomError);  // duplicate
  redis_->Command({"CONFIG", "SET", "maxmemory", "64mb"});

  EXPECT_EQ(redis_->Command({"DBSIZE"}).AsInteger(), keys_before);
  EXPECT_EQ(redis_->Command({"HGETALL", storm_key}).ToString(), before);
  EXPECT_EQ(store.Process(PodSignal("api-1")).count, 2);  // the refused duplicate was not counted
  EXPECT_EQ(store.Process(PodSignal("api-2")).storm->alert_count, 2);
}

TEST_F(SignalStoreTest, SlowRedisTimesOut) {
  const auto server = testing::StartPrivateRedis();  // paused below: not the leased server
  client::Connection admin({server.endpoint()});
  PoolOptions options;
  options.connection.endpoint = server.endpoint();
  options.connection.command_timeout = std::chrono::milliseconds(100);
  ConnectionPool pool(options);
  SignalStore store(pool, {});
  store.LoadScript();
  admin.Command({"CLIENT", "PAUSE", "1000", "WRITE"});
  EXPECT_THROW(store.Process(PodSignal("api-0")), client::TimeoutError);
  admin.Command({"CLIENT", "UNPAUSE"});
  EXPECT_EQ(pool.open_connections(), 0u);  // the timed-out connection was dropped
}

TEST_F(SignalStoreTest, UnreachableRedisIsAnIoError) {
  PoolOptions options;
  options.connection.endpoint.port = 1;  // nothing listens there
  options.connection.connect_timeout = std::chrono::milliseconds(200);
  ConnectionPool pool(options);
  SignalStore store(pool, {});
  EXPECT_THROW(store.Process(PodSignal("api-0")), client::IoError);
}

// Realistic Deployment pod names: "api-7d9f8b6c5d-" + 5 characters of Kubernetes' alphabet.
std::string PodName(int i) {
  static const std::string kAlphabet = "bcdfghjklmnpqrstvwxz2456789";
  std::string suffix;
  for (int d = 0; d < 5; ++d) {
    suffix.push_back(kAlphabet[static_cast<std::size_t>(i % 27)]);
    i /= 27;
  }
  return "api-7d9f8b6c5d-" + suffix;
}

// The memory budgets of the design (bench/gateway prints the figures): MEMORY USAGE summed over
// every key of the case.
TEST_F(SignalStoreTest, MemoryBudgets) {
  SignalStore store = MakeStore();
  // One dedup entry <= 200 bytes.
  const Signal one = PodSignal(PodName(0), "checkout");
  store.Process(one);
  EXPECT_LE(MemoryUsage(KeysFor(one).dedup), 200);
  redis_->Command({"FLUSHALL"});

  // One storm with 15 affected resources <= 512 bytes in all its keys (threshold - 1 + 15
  // signals: the first 9 create their own requests).
  for (int i = 0; i < 24; ++i) store.Process(PodSignal(PodName(i)));
  const std::string storm_key = KeysFor(PodSignal("x")).storm;
  ASSERT_EQ(redis_->Command({"HLEN", storm_key}).AsInteger(), 15 + kStormMetaFields);
  EXPECT_LE(MemoryUsage(storm_key), 512);
  redis_->Command({"FLUSHALL"});

  // A storm over 10,000 distinct pods < 8 KB (the storm record; dedup entries are per signal).
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < 10'000; i += 4) store.Process(PodSignal(PodName(i)));
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(redis_->Command({"HGET", storm_key, "c"}).AsInteger(), 10'000 - 9);
  EXPECT_LT(MemoryUsage(storm_key), 8 * 1024);
}

TEST_F(SignalStoreTest, FrontCodedResourcesComeBackAsKindName) {
  StoreSettings settings;
  settings.storm_threshold = 2;
  SignalStore store = MakeStore(settings);
  store.Process(PodSignal(PodName(0)));
  store.Process(PodSignal(PodName(1)));  // starts the storm: the reference resource
  Signal other = PodSignal("x");         // a resource that shares no prefix with the reference
  other.resource = Resource{"StatefulSet", "worker-1", other.ns};
  other.fingerprint = ComputeFingerprint(other.alertname, other.resource);
  store.Process(other);
  const StepResult last = store.Process(PodSignal(PodName(2)));
  EXPECT_EQ(
      last.storm->affected_resources,
      (std::vector<std::string>{"Pod/" + PodName(1), "StatefulSet/worker-1", "Pod/" + PodName(2)}));
}

}  // namespace
}  // namespace signal_gateway
