// What the kit measured for one test (TestRecord) and for a set of tests (SuiteSummary): plain
// data, filled by CleanupSession, written by report.h, printed by log_format.h.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "redis_testkit/cleanup/key_pattern.h"
#include "redis_testkit/cleanup/leak_classifier.h"

namespace redis_testkit::cleanup {

enum class TestStatus { kPassed, kFailed, kSkipped };
const char* ToString(TestStatus status);  // "passed", "failed", "skipped"
// "passed" / "failed" / "skipped" -> the status; anything else is kFailed (a report never hides
// a test it cannot read as passed).
TestStatus ParseTestStatus(std::string_view text);

struct MemoryFigures {
  long long used_before = 0;  // used_memory after the flush, before the test
  long long used_after = 0;   // used_memory after the test
  long long peak_before = 0;  // the server's used_memory_peak before the test
  long long peak = 0;         // ... and after: the server's lifetime peak (Redis 7.0 cannot reset
                              // it); the test set it when peak > peak_before
  long long rss = 0;          // used_memory_rss after the test
  double fragmentation = 0;   // mem_fragmentation_ratio after the test
  long long maxmemory = 0;    // 0: no cap

  long long Delta() const { return used_after - used_before; }
  bool PeakRaised() const { return peak > peak_before; }
  // The highest used_memory this test is known to have reached: the peak when the test raised
  // it, else max(before, after) (a lower bound).
  long long HighWater() const;
  // used_after / maxmemory (0 when there is no cap).
  double MaxmemoryShare() const;
  friend bool operator==(const MemoryFigures&, const MemoryFigures&) = default;
};

// One command's share of a test (INFO commandstats delta, the kit's own commands taken out).
struct CommandFigures {
  std::string command;  // as commandstats names it: "get", "config|set"
  long long calls = 0;
  long long usec = 0;  // server time in the command, microseconds
  friend bool operator==(const CommandFigures&, const CommandFigures&) = default;
};

// A SLOWLOG entry written during a test (servers the kit owns).
struct SlowCommand {
  long long id = 0;
  long long timestamp = 0;  // unix seconds
  long long usec = 0;
  std::string command;  // the arguments, joined by spaces, each cut at 64 bytes
  std::string client;   // ip:port of the client that sent it
  friend bool operator==(const SlowCommand&, const SlowCommand&) = default;
};

// One master's share of a test on a Redis Cluster (TestRecord::nodes; the record's own figures are
// the sums over the masters).
struct NodeFigures {
  std::string node{};  // "host:port"
  long long keys_before = 0;
  long long keys_after = 0;
  long long used_before = 0;  // used_memory after the flush
  long long used_after = 0;
  long long leaked_keys = 0;  // described keys the test left on this node (allowlisted included)
  friend bool operator==(const NodeFigures&, const NodeFigures&) = default;
};

struct TestRecord {
  static constexpr std::size_t kMaxListedKeys = 100;  // per leak class, largest first
  static constexpr std::size_t kMaxPatterns = 50;     // largest first

  std::string suite;  // "GatewayStorm"
  std::string name;   // "Aggregates15"
  // The test's status including the kit's verdict: a test that passed but leaked under a failing
  // policy (or had OOM rejections) is kFailed.
  TestStatus status = TestStatus::kPassed;
  double duration_ms = 0;     // the test body, as GoogleTest measured it
  long long keys_before = 0;  // keys in the test database after the flush
  long long keys_after = 0;
  MemoryFigures memory;
  long long oom_rejections = 0;        // during the test (errorstats diff)
  long long evicted_keys = 0;          // during the test
  long long expired_keys = 0;          // during the test
  bool leak_check = true;              // false under LeakPolicy::kOff (leaks and patterns empty)
  Leaks leaks;                         // lists truncated to kMaxListedKeys, counts complete
  std::vector<PatternGroup> patterns;  // of the leaked (not allowlisted) keys, kMaxPatterns
  long long patterns_total = 0;        // before truncation
  std::map<std::string, long long> keys_by_prefix;  // keys after the test (when scanned)
  std::map<int, long long> keys_by_db;              // keys after the test, every non-empty db
  std::vector<int> leak_dbs;  // databases holding the leaked (not allowlisted) keys, ascending
  // What the kit did or saw around this test besides the figures: a reconnect after a stall,
  // settings put back after CONFIG SET, keys in another database of an external server.
  std::vector<std::string> notes;
  // The test's commands: INFO commandstats after minus before, minus what the kit sent in between
  // (see CommandProfile). Most server time first. Empty on a server without commandstats.
  std::vector<CommandFigures> commands;
  std::vector<SlowCommand> slow_commands;  // SLOWLOG entries of the test, oldest first
  std::vector<LeakedKey> oversized_keys;   // keys left above REDIS_TESTKIT_MAX_KEY_BYTES
  std::vector<NodeFigures> nodes{};        // per master on a Redis Cluster (empty off one)
  Verdict verdict;
  double overhead_ms = 0;     // time the kit spent before + after this test
  long long round_trips = 0;  // Redis round trips the kit made for this test

  std::string FullName() const { return suite + "." + name; }
  bool HasLeaks() const { return leaks.LeakedCount() > 0; }
  friend bool operator==(const TestRecord&, const TestRecord&) = default;
};

struct TestRef {
  std::string suite;
  std::string name;
  double duration_ms = 0;
  TestStatus status = TestStatus::kPassed;
  std::string FullName() const { return suite + "." + name; }
  friend bool operator==(const TestRef&, const TestRef&) = default;
};

struct SuiteSummary {
  long long tests = 0;
  long long passed = 0;
  long long failed = 0;
  long long skipped = 0;
  long long tests_with_leaks = 0;  // at least one key that is not allowlisted
  long long leaked_keys = 0;       // not allowlisted
  long long leaked_bytes = 0;
  long long no_ttl_keys = 0;
  long long allowlisted_keys = 0;
  long long oom_rejections = 0;
  long long tests_with_oom = 0;
  long long peak_used_memory = 0;  // max HighWater over the tests
  std::string peak_test;           // the test that reached it
  double total_duration_ms = 0;
  double total_overhead_ms = 0;
  std::vector<TestRef> slowest;  // longest first

  static SuiteSummary FromRecords(const std::vector<TestRecord>& records,
                                  std::size_t slowest_count = 5);
  // Sums `other` into this one (slowest lists merged, kept to `slowest_count`).
  void Add(const SuiteSummary& other, std::size_t slowest_count = 5);
  friend bool operator==(const SuiteSummary&, const SuiteSummary&) = default;
};

}  // namespace redis_testkit::cleanup
