// CleanupSession: the per-test sequence (see cleanup_session.h for the round-trip budget).
#include "redis_testkit/cleanup/cleanup_session.h"

#include <stdexcept>
#include <utility>

#include "redis_testkit/cleanup/key_inspector.h"
#include "redis_testkit/cleanup/key_pattern.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/info.h"
#include "redis_testkit/client/pipeline.h"

namespace redis_testkit::cleanup {
namespace {

using Clock = std::chrono::steady_clock;

// Counters that only grow; a smaller value after the test means someone ran CONFIG RESETSTAT
// during it, and then everything counted since belongs to the test.
long long CounterDiff(long long before, long long after) {
  return after >= before ? after - before : after;
}

bool IsSyntaxError(const client::Reply& reply) {
  return reply.IsError() && reply.AsString().find("syntax error") != std::string::npos;
}

const char* FlushName(FlushMode mode) {
  switch (mode) {
    case FlushMode::kFlushAll:
      return "flushall";
    case FlushMode::kFlushDb:
      return "flushdb";
    default:
      return "none";
  }
}

}  // namespace

CleanupSession::CleanupSession(SessionOptions options)
    : options_(std::move(options)),
      flusher_(options_.cleanup, options_.server_owned),
      flush_mode_(flusher_.Resolve(options_.connection.endpoint)),  // safeguard before connecting
      connection_(options_.connection),
      classifier_(options_.cleanup.leak_policy, options_.cleanup.leak_allowlist),
      process_(ProcessInfo::Current()) {
  client::Info info;
  try {
    info =
        client::ParseInfo(connection_.Command({"INFO", "server", "memory", "modules"}).AsString());
  } catch (const client::ReplyError&) {
    legacy_info_ = true;
    info = client::ParseInfo(connection_.Command({"INFO"}).AsString());
  }
  ++round_trips_;
  server_.runtime = options_.runtime;
  server_.endpoint = connection_.endpoint().ToString();
  server_.redis_version = info.server.redis_version;
  server_.maxmemory = info.memory.maxmemory;
  server_.maxmemory_policy = info.memory.maxmemory_policy;
  server_.flush = FlushName(flush_mode_);
  server_.leak_policy = ToString(options_.cleanup.leak_policy);
  // A module key reports encoding "raw": with modules loaded, ask TYPE for every key.
  const auto modules = info.sections.find("modules");
  type_from_encoding_ = modules == info.sections.end() || modules->second.empty();
}

StatsSnapshot CleanupSession::Info(long long& trips) {
  const std::vector<std::string>& command =
      legacy_info_ ? StatsSnapshot::InfoCommandLegacy() : StatsSnapshot::InfoCommand();
  ++trips;
  return StatsSnapshot::FromInfoText(connection_.Command(command).AsString(),
                                     connection_.endpoint().db);
}

StatsSnapshot CleanupSession::FlushAndInfo(const std::vector<std::string>& flush,
                                           long long& trips) {
  if (flush.empty()) return Info(trips);
  client::Pipeline pipeline = connection_.MakePipeline();
  pipeline.Add(flush);
  pipeline.Add(legacy_info_ ? StatsSnapshot::InfoCommandLegacy() : StatsSnapshot::InfoCommand());
  const std::vector<client::Reply> replies = pipeline.Execute();
  ++trips;
  if (IsSyntaxError(replies.at(0))) {  // Redis < 6.2: no FLUSHALL SYNC
    flusher_.UseLegacySyntax();
    ++trips;
    connection_.Command(flusher_.Command(connection_.endpoint()));
    return Info(trips);
  }
  if (replies.at(0).IsError()) {
    throw client::ReplyError(flush.front() + " on " + connection_.endpoint().ToString() + ": " +
                             replies[0].AsString());
  }
  if (replies.at(1).IsError()) {  // Redis < 7.0: INFO takes one section
    legacy_info_ = true;
    return Info(trips);
  }
  return StatsSnapshot::FromInfoText(replies[1].AsString(), connection_.endpoint().db);
}

void CleanupSession::BeforeTest(std::string suite, std::string name) {
  const Clock::time_point start = Clock::now();
  current_ = TestRecord{};
  current_.suite = std::move(suite);
  current_.name = std::move(name);
  current_.leak_check = classifier_.policy() != LeakPolicy::kOff;
  current_trips_ = 0;
  before_keys_ = KeyspaceSnapshot{};
  in_test_ = false;
  oom_expected_ = false;

  before_ = FlushAndInfo(flusher_.Command(connection_.endpoint()), current_trips_);
  if (current_.leak_check && before_.keys_db > 0) {
    before_keys_ = KeyspaceSnapshot::Take(connection_, options_.scan_count);
    current_trips_ += before_keys_.scan_calls();
  }
  current_.keys_before = before_.keys_db;
  current_.memory.used_before = before_.used_memory;
  current_.memory.peak_before = before_.used_memory_peak;
  round_trips_ += current_trips_;
  current_overhead_ = Clock::now() - start;
  in_test_ = true;
}

void CleanupSession::InspectLeaks(TestRecord& record, long long& trips) {
  KeyspaceSnapshot now = KeyspaceSnapshot::Take(connection_, options_.scan_count);
  trips += now.scan_calls();
  record.keys_by_prefix = now.CountByPrefix();
  const std::vector<std::string> added =
      before_keys_.empty() ? now.TakeKeys() : now.AddedSince(before_keys_);
  KeyInspector inspector(connection_, options_.batch_keys, type_from_encoding_);
  std::vector<LeakedKey> described = inspector.Inspect(added);
  trips += inspector.round_trips();

  // One pass: class counts and lists, and the patterns of the leaked (not allowlisted) keys.
  Leaks leaks;
  PatternGrouper grouper;
  for (LeakedKey& key : described) {
    const LeakClass leak_class = classifier_.Classify(key);
    if (leak_class != LeakClass::kAllowlisted) grouper.Add(key);
    leaks.Add(leak_class, std::move(key));
  }
  leaks.SortAndKeep(TestRecord::kMaxListedKeys);
  record.leaks = std::move(leaks);
  record.patterns = grouper.Finish();
  record.patterns_total = static_cast<long long>(record.patterns.size());
  if (record.patterns.size() > TestRecord::kMaxPatterns) {
    record.patterns.resize(TestRecord::kMaxPatterns);
  }
}

const TestRecord& CleanupSession::AfterTest(TestStatus status, double duration_ms) {
  if (!in_test_) {
    throw std::logic_error("CleanupSession::AfterTest called without BeforeTest");
  }
  in_test_ = false;
  const Clock::time_point start = Clock::now();
  TestRecord& r = current_;
  r.status = status;
  r.duration_ms = duration_ms;

  long long trips = 0;
  const StatsSnapshot after = Info(trips);
  r.keys_after = after.keys_db;
  r.memory.used_after = after.used_memory;
  r.memory.peak = after.used_memory_peak;
  r.memory.rss = after.used_memory_rss;
  r.memory.fragmentation = after.fragmentation;
  r.memory.maxmemory = after.maxmemory;
  r.oom_rejections = CounterDiff(before_.oom_rejections, after.oom_rejections);
  r.evicted_keys = CounterDiff(before_.evicted_keys, after.evicted_keys);
  r.expired_keys = CounterDiff(before_.expired_keys, after.expired_keys);

  // An empty database after the test (INFO keyspace) needs no SCAN at all.
  if (r.leak_check && after.keys_db > 0) InspectLeaks(r, trips);

  OomEvidence oom;
  oom.rejections = r.oom_rejections;
  oom.used_memory = after.used_memory;
  oom.peak = after.used_memory_peak;
  oom.maxmemory = after.maxmemory;
  oom.maxmemory_policy = after.maxmemory_policy;
  oom.expected = oom_expected_;
  r.verdict = classifier_.Judge(r.leaks, oom);
  if (r.verdict.failed) r.status = TestStatus::kFailed;

  round_trips_ += trips;
  r.round_trips = current_trips_ + trips;
  current_overhead_ += Clock::now() - start;
  r.overhead_ms = std::chrono::duration<double, std::milli>(current_overhead_).count();
  records_.push_back(std::move(current_));
  current_ = TestRecord{};
  before_keys_ = KeyspaceSnapshot{};
  return records_.back();
}

Report CleanupSession::MakeReport() const {
  Report report;
  report.process = process_;
  report.server = server_;
  report.tests = records_;
  return report;
}

}  // namespace redis_testkit::cleanup
