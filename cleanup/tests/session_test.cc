// CleanupSession against a real redis-server (a private one per test process, started through
// containers::RedisServer: containers/tests/support/test_server.h): leak classes, the keyspace
// diff, OOM counting, round trips, the flush safeguard, reports.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "redis_testkit/cleanup/cleanup_session.h"
#include "redis_testkit/cleanup/key_inspector.h"
#include "redis_testkit/cleanup/report_merge.h"
#include "redis_testkit/cleanup/report_writer.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/pipeline.h"
#include "test_server.h"

namespace redis_testkit::cleanup {
namespace {

class SessionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    redis_ = new test_support::TestServer({.maxmemory_bytes = 64LL * 1024 * 1024});
  }
  static void TearDownTestSuite() {
    delete redis_;
    redis_ = nullptr;
  }
  void SetUp() override {
    app_ = std::make_unique<client::Connection>(Options());
    app_->Command({"CONFIG", "SET", "maxmemory", "64mb"});
    app_->Command({"FLUSHALL", "SYNC"});
  }

  // What the old helper handed out: 1 s to connect, 5 s per command (HundredThousandKeyDiff).
  static client::ConnectionOptions Options() {
    client::ConnectionOptions options = redis_->ConnectOptions(std::chrono::milliseconds(5000));
    options.connect_timeout = std::chrono::milliseconds(1000);
    return options;
  }

  std::unique_ptr<CleanupSession> Session(LeakPolicy policy = LeakPolicy::kFailNoTtl,
                                          std::vector<std::string> allowlist = {},
                                          FlushMode flush = FlushMode::kAuto) {
    SessionOptions options;
    options.connection = Options();
    options.cleanup.leak_policy = policy;
    options.cleanup.leak_allowlist = std::move(allowlist);
    options.cleanup.flush = flush;
    options.runtime = "process";
    return std::make_unique<CleanupSession>(std::move(options));
  }

  // Writes `count` keys "<prefix><i>" with a value of `value_size` bytes, 10,000 per pipeline.
  void Fill(const std::string& prefix, int count, std::size_t value_size = 8, long long px = 0) {
    const std::string value(value_size, 'v');
    client::Pipeline pipeline = app_->MakePipeline();
    for (int i = 0; i < count; ++i) {
      const std::string key = prefix + std::to_string(i);
      if (px > 0) {
        pipeline.Add({"SET", key, value, "PX", std::to_string(px)});
      } else {
        pipeline.Add({"SET", key, value});
      }
      if (pipeline.size() == 10000 || i + 1 == count) {
        for (const client::Reply& reply : pipeline.Execute()) ASSERT_FALSE(reply.IsError());
      }
    }
  }

  static test_support::TestServer* redis_;
  std::unique_ptr<client::Connection> app_;  // what the test under test would use
};

test_support::TestServer* SessionTest::redis_ = nullptr;

TEST_F(SessionTest, EmptyTestCostsTwoRoundTripsAndNoScan) {
  auto session = Session();
  const long long commands_before = session->round_trips();
  session->BeforeTest("Suite", "Empty");
  const TestRecord& r = session->AfterTest(TestStatus::kPassed, 1.5);
  EXPECT_EQ(r.round_trips, 2) << "FLUSHALL+INFO pipelined, then INFO";
  EXPECT_EQ(session->round_trips() - commands_before, 2);
  EXPECT_EQ(r.status, TestStatus::kPassed);
  EXPECT_EQ(r.keys_before, 0);
  EXPECT_EQ(r.keys_after, 0);
  EXPECT_EQ(r.leaks.LeakedCount(), 0);
  EXPECT_FALSE(r.verdict.failed);
  EXPECT_GT(r.memory.used_before, 0);
  EXPECT_EQ(r.memory.maxmemory, 64LL * 1024 * 1024);
  EXPECT_EQ(r.duration_ms, 1.5);
  EXPECT_EQ(session->server().redis_version.substr(0, 2), "7.");
  EXPECT_EQ(session->server().flush, "flushall");
}

TEST_F(SessionTest, FlushesBeforeTheTest) {
  Fill("stale:", 10);
  auto session = Session();
  session->BeforeTest("Suite", "Flush");
  EXPECT_EQ(app_->Command({"DBSIZE"}).AsInteger(), 0);
  const TestRecord& r = session->AfterTest(TestStatus::kPassed, 0);
  EXPECT_EQ(r.keys_before, 0);
  EXPECT_EQ(r.leaks.LeakedCount(), 0);
}

TEST_F(SessionTest, NoTtlKeyIsDetectedWithItsBytes) {
  auto session = Session();
  session->BeforeTest("Suite", "Leaky");
  app_->Command(
      {"SET", "gateway:dedup:{prod-api:HighCPU}:3fa9c0d1e2b34f5a", std::string(1000, 'x')});
  const TestRecord& r = session->AfterTest(TestStatus::kPassed, 0);
  ASSERT_EQ(r.leaks.no_ttl.size(), 1u);
  const LeakedKey& key = r.leaks.no_ttl[0];
  EXPECT_EQ(key.key, "gateway:dedup:{prod-api:HighCPU}:3fa9c0d1e2b34f5a");
  EXPECT_EQ(key.type, "string");
  EXPECT_EQ(key.ttl_ms, -1);
  EXPECT_EQ(key.encoding, "raw");
  EXPECT_GE(key.bytes, 1000);
  EXPECT_LT(key.bytes, 1200);
  EXPECT_EQ(r.leaks.no_ttl_bytes, key.bytes);
  EXPECT_EQ(r.keys_after, 1);
  EXPECT_TRUE(r.verdict.failed);
  EXPECT_EQ(r.status, TestStatus::kFailed) << "the kit's verdict fails a test gtest passed";
  EXPECT_NE(r.verdict.message.find("gateway:dedup:{prod-api:HighCPU}:3fa9c0d1e2b34f5a  string  "
                                   "no ttl"),
            std::string::npos)
      << r.verdict.message;
  ASSERT_EQ(r.patterns.size(), 1u);
  EXPECT_EQ(r.patterns[0].pattern, "gateway:dedup:{prod-api:HighCPU}:*");
  EXPECT_EQ(r.keys_by_prefix, (std::map<std::string, long long>{{"gateway", 1}}));
  EXPECT_EQ(r.round_trips, 4) << "flush+INFO, INFO, one SCAN, one detail pipeline";
}

TEST_F(SessionTest, KeyWithTtlIsLeftBehind) {
  auto session = Session();
  session->BeforeTest("Suite", "Ttl");
  app_->Command({"SET", "gateway:rate:42", "1", "PX", "60000"});
  const TestRecord& r = session->AfterTest(TestStatus::kPassed, 0);
  EXPECT_TRUE(r.leaks.no_ttl.empty());
  ASSERT_EQ(r.leaks.left_behind.size(), 1u);
  EXPECT_EQ(r.leaks.left_behind[0].key, "gateway:rate:42");
  EXPECT_GT(r.leaks.left_behind[0].ttl_ms, 0);
  EXPECT_LE(r.leaks.left_behind[0].ttl_ms, 60000);
  EXPECT_EQ(r.leaks.left_behind[0].encoding, "int");
  EXPECT_FALSE(r.verdict.failed) << "fail-no-ttl reports keys with a TTL without failing";

  auto strict = Session(LeakPolicy::kFailAny);
  strict->BeforeTest("Suite", "TtlStrict");
  app_->Command({"SET", "gateway:rate:42", "1", "PX", "60000"});
  EXPECT_TRUE(strict->AfterTest(TestStatus::kPassed, 0).verdict.failed);
}

TEST_F(SessionTest, AllowlistedKeyIsNotReported) {
  auto session = Session(LeakPolicy::kFailAny, {"fixture:*", "cache:[ab]"});
  session->BeforeTest("Suite", "Allow");
  app_->Command({"SET", "fixture:seed", "1"});
  app_->Command({"SET", "cache:a", "1"});
  const TestRecord& r = session->AfterTest(TestStatus::kPassed, 0);
  EXPECT_EQ(r.leaks.allowlisted_count, 2);
  EXPECT_EQ(r.leaks.LeakedCount(), 0);
  EXPECT_TRUE(r.leaks.no_ttl.empty());
  EXPECT_TRUE(r.patterns.empty());
  EXPECT_FALSE(r.verdict.failed);

  session->AddAllowlist("late:*");  // e.g. a fixture registering its own keys
  session->BeforeTest("Suite", "AllowLater");
  app_->Command({"SET", "late:1", "1"});
  app_->Command({"SET", "other:1", "1"});
  const TestRecord& later = session->AfterTest(TestStatus::kPassed, 0);
  EXPECT_EQ(later.leaks.allowlisted_count, 1);
  ASSERT_EQ(later.leaks.no_ttl.size(), 1u);
  EXPECT_EQ(later.leaks.no_ttl[0].key, "other:1");
}

TEST_F(SessionTest, KeysPresentBeforeTheTestAreNotLeaks) {
  Fill("pre:", 2500);
  auto session = Session(LeakPolicy::kFailNoTtl, {}, FlushMode::kNone);
  session->BeforeTest("Suite", "Preexisting");
  app_->Command({"SET", "new:1", "x"});
  app_->Command({"SET", "pre:7", "changed"});  // overwritten, still not new
  app_->Command({"DEL", "pre:8"});
  const TestRecord& r = session->AfterTest(TestStatus::kPassed, 0);
  EXPECT_EQ(r.keys_before, 2500);
  EXPECT_EQ(r.keys_after, 2500);
  ASSERT_EQ(r.leaks.no_ttl.size(), 1u);
  EXPECT_EQ(r.leaks.no_ttl[0].key, "new:1");
  EXPECT_EQ(session->server().flush, "none");
}

TEST_F(SessionTest, VariousTypesAndEncodings) {
  auto session = Session(LeakPolicy::kReport);
  session->BeforeTest("Suite", "Types");
  app_->Command({"HSET", "h:1", "f", "v"});
  app_->Command({"RPUSH", "l:1", "a", "b"});
  app_->Command({"SADD", "s:1", "1", "2"});
  app_->Command({"ZADD", "z:1", "1", "a"});
  app_->Command({"XADD", "x:1", "*", "f", "v"});
  app_->Command({"SET", std::string("bin:\x01\xff", 6), "v"});
  const TestRecord& r = session->AfterTest(TestStatus::kPassed, 0);
  std::map<std::string, std::string> types;
  std::map<std::string, std::string> encodings;
  for (const LeakedKey& key : r.leaks.no_ttl) {
    types[key.key] = key.type;
    encodings[key.key] = key.encoding;
    EXPECT_GT(key.bytes, 0) << key.key;
  }
  EXPECT_EQ(types["h:1"], "hash");
  EXPECT_EQ(encodings["h:1"], "listpack");
  EXPECT_EQ(types["l:1"], "list");
  EXPECT_EQ(encodings["l:1"], "quicklist");
  EXPECT_EQ(encodings["s:1"], "intset");
  EXPECT_EQ(types["z:1"], "zset");
  EXPECT_EQ(types["x:1"], "stream");
  EXPECT_EQ(types[std::string("bin:\x01\xff", 6)], "string");
  EXPECT_FALSE(r.verdict.failed) << "report never fails";
}

TEST_F(SessionTest, InspectorSkipsKeysThatAreGone) {
  app_->Command({"SET", "here", "1"});
  app_->Command({"HSET", "hash", "f", "v"});
  const std::vector<std::string> keys{"here", "gone", "hash", "here"};
  for (bool type_from_encoding : {true, false}) {
    KeyInspector inspector(*app_, 2, type_from_encoding);
    const std::vector<LeakedKey> described = inspector.Inspect(keys);
    ASSERT_EQ(described.size(), 3u);
    EXPECT_EQ(described[0], (LeakedKey{"here", "string", -1, "int", described[0].bytes}));
    EXPECT_EQ(described[1], (LeakedKey{"hash", "hash", -1, "listpack", described[1].bytes}));
    EXPECT_EQ(described[2].key, "here");
    // Batches of 2 keys: {here, gone}, {hash, here}; the second needs a TYPE for the listpack.
    EXPECT_EQ(inspector.round_trips(), type_from_encoding ? 3 : 2);
  }
}

TEST_F(SessionTest, OomUnderATwoMegabyteCapIsCountedForThisTestOnly) {
  auto session = Session(LeakPolicy::kReport);
  app_->Command({"CONFIG", "SET", "maxmemory", "2mb"});
  session->BeforeTest("Suite", "Oom");
  int rejected = 0;
  const std::string value(100 * 1024, 'x');
  for (int i = 0; i < 200 && rejected < 3; ++i) {
    try {
      app_->Command({"SET", "big:" + std::to_string(i), value});
    } catch (const client::OomError&) {
      ++rejected;
    }
  }
  ASSERT_EQ(rejected, 3) << "2 MB should fill up within 200 x 100 KB";
  const TestRecord& r = session->AfterTest(TestStatus::kPassed, 0);
  EXPECT_EQ(r.oom_rejections, 3);
  EXPECT_TRUE(r.verdict.failed) << "OOM fails even under the report policy";
  EXPECT_EQ(r.status, TestStatus::kFailed);
  EXPECT_NE(r.verdict.message.find("3 writes were rejected with OOM"), std::string::npos)
      << r.verdict.message;
  EXPECT_NE(r.verdict.message.find("maxmemory 2.00MB, policy noeviction"), std::string::npos)
      << r.verdict.message;
  EXPECT_EQ(r.memory.maxmemory, 2 * 1024 * 1024);

  // The errorstats counter keeps its 3 (no CONFIG RESETSTAT): the next test diffs it away.
  app_->Command({"CONFIG", "SET", "maxmemory", "64mb"});
  session->BeforeTest("Suite", "AfterOom");
  const TestRecord& next = session->AfterTest(TestStatus::kPassed, 0);
  EXPECT_EQ(next.oom_rejections, 0);
  EXPECT_FALSE(next.verdict.failed);
}

TEST(SessionSafeguardTest, RefusesARemoteExternalServerWithoutConnecting) {
  SessionOptions options;
  options.connection.endpoint.host = "10.255.255.1";  // nothing listens; refusal comes first
  options.connection.endpoint.port = 6390;
  options.connection.connect_timeout = std::chrono::milliseconds(100);
  options.server_owned = false;
  try {
    CleanupSession session(options);
    FAIL() << "a non-loopback external server must not be flushed";
  } catch (const FlushRefused& e) {
    EXPECT_NE(std::string(e.what()).find("REDIS_TESTKIT_ALLOW_REMOTE_FLUSH=1"), std::string::npos);
  }
}

TEST_F(SessionTest, HundredThousandKeyDiffIsExact) {
  Fill("pre:", 5000);
  auto session = Session(LeakPolicy::kReport, {"keep:*"}, FlushMode::kNone);
  session->BeforeTest("Suite", "Bulk");
  Fill("bulk:", 70000);
  Fill("tmp:", 30000, 8, 600000);
  Fill("keep:", 100);
  const TestRecord& r = session->AfterTest(TestStatus::kPassed, 0);
  EXPECT_EQ(r.keys_before, 5000);
  EXPECT_EQ(r.keys_after, 105100);
  EXPECT_EQ(r.leaks.no_ttl_count, 70000);
  EXPECT_EQ(r.leaks.left_behind_count, 30000);
  EXPECT_EQ(r.leaks.allowlisted_count, 100);
  EXPECT_EQ(r.leaks.no_ttl.size(), TestRecord::kMaxListedKeys);
  EXPECT_EQ(r.leaks.left_behind.size(), TestRecord::kMaxListedKeys);
  ASSERT_EQ(r.patterns.size(), 2u);
  EXPECT_EQ(r.patterns[0].pattern, "bulk:*");
  EXPECT_EQ(r.patterns[0].count, 70000);
  EXPECT_EQ(r.patterns[0].no_ttl, 70000);
  EXPECT_EQ(r.patterns[1].pattern, "tmp:*");
  EXPECT_EQ(r.patterns[1].count, 30000);
  EXPECT_EQ(r.patterns[1].no_ttl, 0);
  EXPECT_EQ(r.keys_by_prefix, (std::map<std::string, long long>{
                                  {"pre", 5000}, {"bulk", 70000}, {"tmp", 30000}, {"keep", 100}}));
  long long pattern_bytes = 0;
  for (const PatternGroup& group : r.patterns) pattern_bytes += group.bytes;
  EXPECT_EQ(pattern_bytes, r.leaks.LeakedBytes());
  EXPECT_LT(r.round_trips, 2 + 2 * 6 + 2 * 106 + 101) << "SCAN COUNT 1000, 1000 keys a pipeline";
}

TEST_F(SessionTest, ReportOfTheSessionIsWrittenAndMerged) {
  auto session = Session();
  session->BeforeTest("Suite", "One");
  app_->Command({"SET", "leak:1", "x"});
  session->AfterTest(TestStatus::kPassed, 3);
  session->BeforeTest("Suite", "Two");
  session->AfterTest(TestStatus::kSkipped, 0);
  const Report report = session->MakeReport();
  ASSERT_EQ(report.tests.size(), 2u);
  EXPECT_EQ(report.server.runtime, "process");
  EXPECT_EQ(report.process.pid, static_cast<long long>(::getpid()));

  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("rtk-cleanup-session-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const std::filesystem::path written = ReportWriter(dir).Write(report);
  EXPECT_TRUE(written.filename().string().starts_with(report.process.binary + "-"));
  const MergeResult merged = MergeReports(dir);
  EXPECT_EQ(merged.files_merged, 1);
  EXPECT_EQ(merged.tests, 2);
  EXPECT_TRUE(merged.warnings.empty());
  std::filesystem::remove_all(dir);
}

TEST_F(SessionTest, AfterTestWithoutBeforeTestIsALogicError) {
  auto session = Session();
  EXPECT_THROW(session->AfterTest(TestStatus::kPassed, 0), std::logic_error);
}

}  // namespace
}  // namespace redis_testkit::cleanup
