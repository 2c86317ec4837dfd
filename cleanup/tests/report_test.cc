// The report JSON, its reader, the writer, the merge and the Markdown, from hand-built records.
#include "redis_testkit/cleanup/report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "redis_testkit/cleanup/report_merge.h"
#include "redis_testkit/cleanup/report_writer.h"

namespace redis_testkit::cleanup {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

TestRecord LeakyRecord() {
  TestRecord r;
  r.suite = "GatewayStorm";
  r.name = "Aggregates15";
  r.status = TestStatus::kFailed;
  r.duration_ms = 125.5;
  r.keys_before = 0;
  r.keys_after = 3;
  r.memory = {1000000, 1004096, 1000500, 1010000, 9000000, 9.0, 2000000};
  r.oom_rejections = 0;
  r.expired_keys = 1;
  r.leaks.no_ttl = {{"gateway:dedup:{a:B}:3fa9c0d1", "string", -1, "embstr", 72}};
  r.leaks.left_behind = {{"gateway:rate:42", "string", 59000, "int", 56, 2}};
  r.leaks.no_ttl_count = 1;
  r.leaks.no_ttl_bytes = 72;
  r.leaks.left_behind_count = 1;
  r.leaks.left_behind_bytes = 56;
  r.leaks.allowlisted_count = 1;
  r.leaks.allowlisted_bytes = 200;
  r.patterns = {{"gateway:dedup:{a:B}:*", 1, 72, 1, {"gateway:dedup:{a:B}:3fa9c0d1"}},
                {"gateway:rate:*", 1, 56, 0, {"gateway:rate:42"}}};
  r.patterns_total = 2;
  r.keys_by_prefix = {{"fixture", 1}, {"gateway", 2}};
  r.keys_by_db = {{0, 2}, {2, 1}};
  r.leak_dbs = {0, 2};
  r.notes = {"this test changed the server's settings: restored hz 50 -> 10"};
  r.commands = {{"evalsha", 15, 900}, {"keys", 1, 120}};
  r.slow_commands = {{7, 1714564800, 12000, "KEYS gateway:*", "127.0.0.1:50000"}};
  r.oversized_keys = {{"gateway:storm:big", "hash", 60000, "hashtable", 41000, 0}};
  r.verdict = {true, "Redis: this test left 1 key without a TTL"};
  r.overhead_ms = 0.75;
  r.round_trips = 4;
  return r;
}

TestRecord CleanRecord(std::string name, double duration_ms, long long used_after) {
  TestRecord r;
  r.suite = "Dedup";
  r.name = std::move(name);
  r.duration_ms = duration_ms;
  r.memory = {1000000, used_after, 1200000, 1200000, 8000000, 8.0, 2000000};
  r.overhead_ms = 0.25;
  r.round_trips = 2;
  return r;
}

Report SampleReport() {
  Report report;
  report.process = {"gateway_tests", 4242, "2024-05-01T12:00:00.123Z", "ci-1"};
  report.server = {"process",    "/tmp/r.sock/0", "7.0.15",     2000000,
                   "noeviction", "flushall",      "fail-no-ttl"};
  report.tests = {LeakyRecord(), CleanRecord("Window", 300, 1100000)};
  return report;
}

TEST(ReportTest, JsonHasTheDocumentedShape) {
  const json actual = json::parse(ReportToJson(SampleReport()));
  const json expected = json::parse(R"json({
    "schema": "redis-testkit/leak-report", "version": 1,
    "process": {"binary": "gateway_tests", "pid": 4242, "started_at": "2024-05-01T12:00:00.123Z",
                "hostname": "ci-1"},
    "server": {"runtime": "process", "endpoint": "/tmp/r.sock/0", "redis_version": "7.0.15",
               "maxmemory": 2000000, "maxmemory_policy": "noeviction", "flush": "flushall",
               "leak_policy": "fail-no-ttl", "topology": "standalone"},
    "tests": [
      {"suite": "GatewayStorm", "name": "Aggregates15", "status": "failed", "duration_ms": 125.5,
       "keys_before": 0, "keys_after": 3,
       "memory": {"used_before": 1000000, "used_after": 1004096, "delta": 4096,
                  "peak_before": 1000500, "peak": 1010000, "peak_raised": true,
                  "high_water": 1010000, "rss": 9000000, "fragmentation": 9.0,
                  "maxmemory": 2000000, "maxmemory_share": 0.502048},
       "oom_rejections": 0, "evicted_keys": 0, "expired_keys": 1, "leak_check": true,
       "leaks": {"no_ttl": [{"key": "gateway:dedup:{a:B}:3fa9c0d1", "type": "string",
                             "ttl_ms": -1, "encoding": "embstr", "bytes": 72, "db": 0}],
                 "left_behind": [{"key": "gateway:rate:42", "type": "string", "ttl_ms": 59000,
                                  "encoding": "int", "bytes": 56, "db": 2}],
                 "no_ttl_count": 1, "no_ttl_bytes": 72, "left_behind_count": 1,
                 "left_behind_bytes": 56, "allowlisted_count": 1, "allowlisted_bytes": 200},
       "patterns": [{"pattern": "gateway:dedup:{a:B}:*", "count": 1, "bytes": 72, "no_ttl": 1,
                     "samples": ["gateway:dedup:{a:B}:3fa9c0d1"]},
                    {"pattern": "gateway:rate:*", "count": 1, "bytes": 56, "no_ttl": 0,
                     "samples": ["gateway:rate:42"]}],
       "patterns_total": 2, "keys_by_prefix": {"fixture": 1, "gateway": 2},
       "keys_by_db": {"0": 2, "2": 1}, "leak_dbs": [0, 2],
       "notes": ["this test changed the server's settings: restored hz 50 -> 10"],
       "commands": [{"command": "evalsha", "calls": 15, "usec": 900},
                    {"command": "keys", "calls": 1, "usec": 120}],
       "slow_commands": [{"id": 7, "timestamp": 1714564800, "usec": 12000,
                          "command": "KEYS gateway:*", "client": "127.0.0.1:50000"}],
       "oversized_keys": [{"key": "gateway:storm:big", "type": "hash", "ttl_ms": 60000,
                           "encoding": "hashtable", "bytes": 41000, "db": 0}],
       "verdict": {"failed": true, "message": "Redis: this test left 1 key without a TTL"},
       "overhead_ms": 0.75, "round_trips": 4},
      {"suite": "Dedup", "name": "Window", "status": "passed", "duration_ms": 300.0,
       "keys_before": 0, "keys_after": 0,
       "memory": {"used_before": 1000000, "used_after": 1100000, "delta": 100000,
                  "peak_before": 1200000, "peak": 1200000, "peak_raised": false,
                  "high_water": 1100000, "rss": 8000000, "fragmentation": 8.0,
                  "maxmemory": 2000000, "maxmemory_share": 0.55},
       "oom_rejections": 0, "evicted_keys": 0, "expired_keys": 0, "leak_check": true,
       "leaks": {"no_ttl": [], "left_behind": [], "no_ttl_count": 0, "no_ttl_bytes": 0,
                 "left_behind_count": 0, "left_behind_bytes": 0, "allowlisted_count": 0,
                 "allowlisted_bytes": 0},
       "patterns": [], "patterns_total": 0, "keys_by_prefix": {}, "keys_by_db": {},
       "leak_dbs": [], "notes": [], "commands": [], "slow_commands": [], "oversized_keys": [],
       "verdict": {"failed": false, "message": ""}, "overhead_ms": 0.25, "round_trips": 2}
    ],
    "summary": {"tests": 2, "passed": 1, "failed": 1, "skipped": 0, "tests_with_leaks": 1,
                "leaked_keys": 2, "leaked_bytes": 128, "no_ttl_keys": 1, "allowlisted_keys": 1,
                "oom_rejections": 0, "tests_with_oom": 0, "peak_used_memory": 1100000,
                "peak_test": "Dedup.Window", "total_duration_ms": 425.5,
                "total_overhead_ms": 1.0,
                "slowest": [{"suite": "Dedup", "name": "Window", "duration_ms": 300.0,
                             "status": "passed"},
                            {"suite": "GatewayStorm", "name": "Aggregates15",
                             "duration_ms": 125.5, "status": "failed"}]}
  })json");
  EXPECT_EQ(actual, expected) << actual.dump(2);
}

TEST(ReportTest, RoundTrips) {
  const Report report = SampleReport();
  EXPECT_EQ(ReportFromJson(ReportToJson(report)), report);
}

TEST(ReportTest, NonUtf8KeysDoNotBreakTheJson) {
  Report report = SampleReport();
  report.tests[0].leaks.no_ttl[0].key = std::string("bin\xff\xfe", 5);
  const std::string text = ReportToJson(report);
  EXPECT_NE(text.find("bin\xEF\xBF\xBD"), std::string::npos) << "U+FFFD";
  EXPECT_NO_THROW(ReportFromJson(text));
}

TEST(ReportTest, ReaderRejectsOtherSchemasAndNewerVersions) {
  EXPECT_THROW(ReportFromJson("not json"), ReportFormatError);
  EXPECT_THROW(ReportFromJson(R"({"schema": "something/else", "version": 1})"), ReportFormatError);
  try {
    ReportFromJson(R"({"schema": "redis-testkit/leak-report", "version": 2})");
    FAIL() << "a newer version must be refused";
  } catch (const ReportFormatError& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ReportFromJson(R"({"schema": "redis-testkit/leak-report", "version": 1,
                                  "tests": [{"keys_after": "many"}]})"),
               ReportFormatError);
  // Unknown fields are ignored, missing ones take defaults.
  const Report minimal = ReportFromJson(
      R"({"schema": "redis-testkit/leak-report", "version": 1, "future": 1,
          "tests": [{"suite": "S", "name": "T", "status": "passed"}]})");
  ASSERT_EQ(minimal.tests.size(), 1u);
  EXPECT_EQ(minimal.tests[0].FullName(), "S.T");
  EXPECT_EQ(minimal.tests[0].status, TestStatus::kPassed);
}

class ReportDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rtk-cleanup-report-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Put(const std::string& name, const std::string& content) {
    fs::create_directories(dir_);
    std::ofstream(dir_ / name) << content;
  }
  static std::string Read(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  fs::path dir_;
};

TEST_F(ReportDirTest, WriterUsesAUniqueNameAndLeavesNoTempFile) {
  const Report report = SampleReport();
  EXPECT_EQ(ReportWriter::FileName(report.process), "gateway_tests-4242-20240501T120000Z.json");
  ProcessInfo odd = report.process;
  odd.binary = "my tests/x";
  EXPECT_EQ(ReportWriter::FileName(odd), "my_tests_x-4242-20240501T120000Z.json");

  const fs::path written = ReportWriter(dir_ / "nested").Write(report);
  EXPECT_EQ(written, dir_ / "nested" / "gateway_tests-4242-20240501T120000Z.json");
  EXPECT_EQ(ReportFromJson(Read(written)), report);
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir_ / "nested")) {
    ++files;
    EXPECT_EQ(entry.path(), written);
  }
  EXPECT_EQ(files, 1);
  EXPECT_EQ(ReportWriter("").dir(), fs::path("redis-testkit-reports"));
}

TEST_F(ReportDirTest, MergeSkipsForeignFilesWithWarnings) {
  Report first = SampleReport();
  Report second = SampleReport();
  second.process.pid = 7;
  second.tests = {CleanRecord("Burst", 900, 1500000)};
  second.tests[0].oom_rejections = 2;
  Put("a-1.json", ReportToJson(first));
  Put("b-7.json", ReportToJson(second));
  Put("other.json", R"({"schema": "someone/else", "version": 1})");
  Put("newer.json", R"({"schema": "redis-testkit/leak-report", "version": 9})");
  Put("broken.json", "{");
  Put("notes.txt", "ignored: not .json");
  Put(".hidden.json.123.tmp", "ignored: temp file");

  const MergeResult result = MergeReports(dir_);
  EXPECT_EQ(result.files_merged, 2);
  EXPECT_EQ(result.files_skipped, 3);
  EXPECT_EQ(result.tests, 3);
  ASSERT_EQ(result.warnings.size(), 3u);
  EXPECT_EQ(result.warnings[0], "skipped broken.json: not valid JSON");
  EXPECT_NE(result.warnings[1].find("skipped newer.json: version 9"), std::string::npos);
  EXPECT_NE(result.warnings[2].find("skipped other.json: schema is \"someone/else\""),
            std::string::npos);

  const json merged = json::parse(Read(result.json_path));
  EXPECT_EQ(merged["schema"], "redis-testkit/merged-leak-report");
  EXPECT_EQ(merged["version"], 1);
  EXPECT_EQ(merged["warnings"].size(), 3u);
  EXPECT_EQ(merged["totals"]["tests"], 3);
  EXPECT_EQ(merged["totals"]["oom_rejections"], 2);
  EXPECT_EQ(merged["totals"]["leaked_keys"], 2);
  EXPECT_EQ(merged["totals"]["peak_used_memory"], 1500000);
  EXPECT_EQ(merged["reports"].size(), 2u);
  EXPECT_EQ(merged["reports"][0]["file"], "a-1.json");
  EXPECT_EQ(merged["reports"][1]["tests"][0]["name"], "Burst");
  EXPECT_EQ(merged["patterns"][0]["pattern"], "gateway:dedup:{a:B}:*");
  EXPECT_EQ(merged["patterns"][0]["tests"], 1);
  EXPECT_TRUE(fs::exists(result.markdown_path));

  // Merging again does not read its own output.
  const MergeResult again = MergeReports(dir_);
  EXPECT_EQ(again.files_merged, 2);
  EXPECT_EQ(again.tests, 3);
}

TEST_F(ReportDirTest, MergeOfAMissingDirectoryNamesIt) {
  try {
    MergeReports(dir_ / "missing");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("missing"), std::string::npos) << e.what();
  }
}

TEST(ReportMarkdownTest, ExactDocument) {
  MergedReport merged;
  merged.generated_at = "2024-05-01T12:30:00.000Z";
  Report second = SampleReport();
  second.process.pid = 7;
  second.tests = {CleanRecord("Burst", 900, 1500000)};
  second.tests[0].oom_rejections = 2;
  second.tests[0].status = TestStatus::kFailed;
  merged.sources = {{"a-1.json", SampleReport()}, {"b-7.json", second}};
  merged.warnings = {"skipped broken.json: not valid JSON"};
  merged.Compute();
  EXPECT_EQ(RenderMarkdown(merged), R"md(# Redis test kit report

Generated 2024-05-01T12:30:00.000Z from 2 report file(s).

## Totals

|  |  |
|---|---:|
| Report files | 2 |
| Tests | 3 (1 passed, 2 failed, 0 skipped) |
| Tests with leaks | 1 |
| Leaked keys | 2 (1 without TTL) |
| Leaked bytes | 128B |
| Allowlisted keys | 1 |
| OOM rejections | 2 (in 1 tests) |
| Peak used memory | 1.43MB (`Dedup.Burst`) |
| Test time | 1.33s |
| Kit overhead | 1.25ms |

## Warnings

- skipped broken.json: not valid JSON

## Tests with leaks

| Test | Process | No TTL | Left behind | Allowlisted | Bytes | Where | Top pattern |
|---|---|---:|---:|---:|---:|---|---|
| `GatewayStorm.Aggregates15` | `gateway_tests (pid 4242)` | 1 | 1 | 1 | 128B | db 0, db 2 | `gateway:dedup:{a:B}:*` |

## Top key patterns by bytes

| Pattern | Keys | Bytes | No TTL | Tests | Sample |
|---|---:|---:|---:|---:|---|
| `gateway:dedup:{a:B}:*` | 1 | 72B | 1 | 1 | `gateway:dedup:{a:B}:3fa9c0d1` |
| `gateway:rate:*` | 1 | 56B | 0 | 1 | `gateway:rate:42` |

## Peak memory per test (top 20)

High water: the server's peak when the test raised it (*), else the larger of used memory before and after the test.

| Test | High water | Used before | Used after | Delta | Maxmemory | RSS | Frag |
|---|---:|---:|---:|---:|---:|---:|---:|
| `Dedup.Burst` | 1.43MB | 977KB | 1.43MB | +488KB | 75.0% of 1.91MB | 7.63MB | 8.00 |
| `Dedup.Window` | 1.05MB | 977KB | 1.05MB | +97.7KB | 55.0% of 1.91MB | 7.63MB | 8.00 |
| `GatewayStorm.Aggregates15` | 986KB * | 977KB | 981KB | +4.00KB | 50.2% of 1.91MB | 8.58MB | 9.00 |

## OOM events

| Test | Rejections | Used after | Peak | Maxmemory | Policy |
|---|---:|---:|---:|---:|---|
| `Dedup.Burst` | 2 | 1.43MB | 1.14MB | 1.91MB | noeviction |

## Slowest tests

| Test | Duration | Status |
|---|---:|---|
| `Dedup.Burst` | 900ms | failed |
| `Dedup.Window` | 300ms | passed |
| `GatewayStorm.Aggregates15` | 126ms | failed |

## Commands run by the tests

From INFO commandstats before and after each test, the kit's own commands taken out.

| Command | Calls | Server time | Most calls in |
|---|---:|---:|---|
| `evalsha` | 15 | 0.90ms | `GatewayStorm.Aggregates15` (15) |
| `keys` | 1 | 0.12ms | `GatewayStorm.Aggregates15` (1) |

## Slow commands

| Test | Duration | Command | Client |
|---|---:|---|---|
| `GatewayStorm.Aggregates15` | 12.0ms | `KEYS gateway:*` | `127.0.0.1:50000` |
)md");
}

TEST(ReportMarkdownTest, EmptyRunAndEscaping) {
  MergedReport merged;
  merged.generated_at = "T";
  Report report = SampleReport();
  report.tests = {LeakyRecord()};
  report.tests[0].suite = "Odd|Suite";
  report.tests[0].patterns[0].pattern = "a`b|c";
  merged.sources = {{"x.json", report}};
  merged.Compute();
  const std::string md = RenderMarkdown(merged);
  EXPECT_NE(md.find("| `Odd\\|Suite.Aggregates15` |"), std::string::npos) << md;
  EXPECT_NE(md.find("`a'b\\|c`"), std::string::npos) << md;

  const std::string empty = RenderMarkdown(MergedReport{});
  EXPECT_NE(empty.find("## Tests with leaks\n\nNone.\n"), std::string::npos);
  EXPECT_NE(empty.find("## OOM events\n\nNone.\n"), std::string::npos);
  EXPECT_NE(empty.find("## Slowest tests\n\nNo tests.\n"), std::string::npos);
}

}  // namespace
}  // namespace redis_testkit::cleanup
