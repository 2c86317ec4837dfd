// CleanupSession: the per-test sequence (see cleanup_session.h for the round-trip budget).
#include "redis_testkit/cleanup/cleanup_session.h"

#include <iterator>
#include <set>
#include <stdexcept>
#include <utility>

#include "redis_testkit/cleanup/key_inspector.h"
#include "redis_testkit/cleanup/key_pattern.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/info.h"
#include "redis_testkit/client/pipeline.h"
#include "redis_testkit/client/settings.h"

namespace redis_testkit::cleanup {
namespace {

using Clock = std::chrono::steady_clock;

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

// A Redis Cluster node holds the keys of its slots only: flushed and scanned on its own, the
// keys a test writes on the other nodes would never be seen (a leak check that passes falsely).
void RefuseClusterNode(const client::Info& info, const client::Endpoint& endpoint) {
  if (info.Get("cluster_enabled").value_or("0") != "1") return;
  throw std::runtime_error(
      endpoint.ToString() +
      " is a Redis Cluster node (cluster_enabled:1): the kit flushes and watches one standalone "
      "server, and on a cluster it would see one node's keys only, so leaks on the other nodes "
      "would pass unseen. Point REDIS_TESTKIT_URL at a standalone server (cluster-enabled no), "
      "or leave it unset for a server the kit starts.");
}

}  // namespace

CleanupSession::CleanupSession(SessionOptions options)
    : options_(std::move(options)),
      flusher_(options_.cleanup, options_.server_owned),
      flush_mode_(flusher_.Resolve(options_.connection.endpoint)),  // safeguard before connecting
      link_(options_.connection, options_.recovery_timeout),
      classifier_(options_.cleanup.leak_policy, options_.cleanup.leak_allowlist),
      limits_(options_.cleanup.forbid_commands, options_.cleanup.max_key_bytes),
      process_(ProcessInfo::Current()) {
  OpenHygiene(options_.settings_baseline, options_.reset_leftovers);
  ReadServer();
}

void CleanupSession::OpenHygiene(const client::Settings& baseline, bool reset_leftovers) {
  client::Settings settings = baseline;
  if (settings.empty()) {
    try {
      settings = client::ReadSettings(link_.connection());
      ++round_trips_;
    } catch (const client::ReplyError&) {
      return;  // CONFIG renamed away or denied by an ACL: the settings cannot be watched
    }
  }
  hygiene_.emplace(std::move(settings));
  if (!reset_leftovers) return;
  const HygieneResult result = hygiene_->ResetLeftovers(link_.connection());
  round_trips_ += result.round_trips;
  if (result.Changed()) {
    opening_note_ =
        "the leased pool slot was left dirty by an earlier test process: " + result.Describe();
  }
}

void CleanupSession::ReadServer() {
  client::Connection& connection = link_.connection();
  client::Info info;
  try {
    info = client::ParseInfo(
        connection.Command({"INFO", "server", "memory", "modules", "cluster"}).AsString());
  } catch (const client::ReplyError&) {
    legacy_info_ = true;
    info = client::ParseInfo(connection.Command({"INFO"}).AsString());
  }
  ++round_trips_;
  RefuseClusterNode(info, connection.endpoint());
  server_.runtime = options_.runtime;
  server_.endpoint = connection.endpoint().ToString();
  server_.redis_version = info.server.redis_version;
  server_.maxmemory = info.memory.maxmemory;
  server_.maxmemory_policy = info.memory.maxmemory_policy;
  server_.flush = FlushName(flush_mode_);
  server_.leak_policy = ToString(options_.cleanup.leak_policy);
  // A module key reports encoding "raw": with modules loaded, ask TYPE for every key.
  const auto modules = info.sections.find("modules");
  type_from_encoding_ = modules == info.sections.end() || modules->second.empty();
}

void CleanupSession::AddAllowlist(std::string glob) {
  const std::lock_guard<std::mutex> lock(allowlist_mutex_);
  pending_allowlist_.push_back(std::move(glob));
}

void CleanupSession::TakePendingAllowlist() {
  const std::lock_guard<std::mutex> lock(allowlist_mutex_);
  for (std::string& glob : pending_allowlist_) classifier_.AddAllowlist(std::move(glob));
  pending_allowlist_.clear();
}

StatsSnapshot CleanupSession::Info(client::Connection& connection, long long& trips) {
  const std::vector<std::string>& command =
      legacy_info_ ? StatsSnapshot::InfoCommandLegacy() : StatsSnapshot::InfoCommand();
  ++trips;
  return StatsSnapshot::FromInfoText(connection.Command(command).AsString(), test_db());
}

StatsSnapshot CleanupSession::FlushAndInfo(client::Connection& connection,
                                           const std::vector<std::string>& flush,
                                           long long& trips) {
  if (flush.empty() && !options_.read_slowlog) return Info(connection, trips);
  // [flush] [SLOWLOG RESET] INFO: both before the INFO, so neither is in the test's profile.
  client::Pipeline pipeline = connection.MakePipeline();
  if (!flush.empty()) pipeline.Add(flush);
  if (options_.read_slowlog) pipeline.Add({"SLOWLOG", "RESET"});
  pipeline.Add(legacy_info_ ? StatsSnapshot::InfoCommandLegacy() : StatsSnapshot::InfoCommand());
  const std::vector<client::Reply> replies = pipeline.Execute();
  ++trips;
  if (!flush.empty() && IsSyntaxError(replies.at(0))) {  // Redis < 6.2: no FLUSHALL SYNC
    flusher_.UseLegacySyntax();
    ++trips;
    connection.Command(flusher_.Command(connection.endpoint()));
    return Info(connection, trips);
  }
  if (!flush.empty() && replies.at(0).IsError()) {
    throw client::ReplyError(flush.front() + " on " + connection.endpoint().ToString() + ": " +
                             replies[0].AsString());
  }
  if (replies.back().IsError()) {  // Redis < 7.0: INFO takes one section
    legacy_info_ = true;
    return Info(connection, trips);
  }
  return StatsSnapshot::FromInfoText(replies.back().AsString(), test_db());
}

StatsSnapshot CleanupSession::InfoAfter(client::Connection& connection, TestRecord& record,
                                        long long& trips) {
  if (!options_.read_slowlog || legacy_info_) return Info(connection, trips);
  client::Pipeline pipeline = connection.MakePipeline();
  pipeline.Add(StatsSnapshot::InfoCommand());
  pipeline.Add({"SLOWLOG", "LEN"});  // after the INFO: not in the test's profile
  const std::vector<client::Reply> replies = pipeline.Execute();
  ++trips;
  if (replies.at(0).IsError()) {
    throw client::ReplyError("INFO on " + connection.endpoint().ToString() + ": " +
                             replies[0].AsString());
  }
  const long long entries = replies.at(1).IsError() ? 0 : replies[1].AsInteger();
  record.slow_commands.clear();
  if (entries > 0) {  // reset before the test: every entry is the test's
    ++trips;
    record.slow_commands = CommandProfile::ParseSlowlog(
        connection.Command({"SLOWLOG", "GET", std::to_string(entries)}));
  }
  return StatsSnapshot::FromInfoText(replies[0].AsString(), test_db());
}

void CleanupSession::CountConnect(int db) {
  if (!options_.connection.endpoint.password.empty()) kit_commands_.Add("auth", 1);
  if (db != 0) kit_commands_.Add("select", 1);
}

client::Connection CleanupSession::ConnectTo(int db) const {
  client::ConnectionOptions options = options_.connection;
  options.endpoint.db = db;
  return client::Connection(options);
}

void CleanupSession::Prepare(client::Connection& connection) {
  before_ = FlushAndInfo(connection, flusher_.Command(connection.endpoint()), current_trips_);
  before_keys_.clear();
  kit_commands_.Clear();
  kit_commands_.Add("info", 1);  // the INFO above: counted after it ran, in the test's interval
  if (!current_.leak_check) return;
  for (const auto& [db, keys] : before_.keys_per_db) {
    if (keys == 0 || (db != test_db() && !options_.server_owned)) continue;
    if (db == test_db()) {
      before_keys_[db] = KeyspaceSnapshot::Take(connection, options_.scan_count);
    } else {
      client::Connection other = ConnectTo(db);
      CountConnect(db);
      ++current_trips_;
      before_keys_[db] = KeyspaceSnapshot::Take(other, options_.scan_count);
    }
    current_trips_ += before_keys_[db].scan_calls();
    kit_commands_.Add("scan", before_keys_[db].scan_calls());
  }
}

void CleanupSession::BeforeTest(std::string suite, std::string name) {
  const Clock::time_point start = Clock::now();
  current_ = TestRecord{};
  current_.suite = std::move(suite);
  current_.name = std::move(name);
  current_.leak_check = classifier_.policy() != LeakPolicy::kOff;
  current_trips_ = 0;
  before_keys_.clear();
  in_test_ = false;
  oom_expected_ = false;
  prepare_error_.clear();

  try {
    link_.Run(
        "before the test", [this](client::Connection& c) { Prepare(c); }, current_.notes);
  } catch (const std::exception& error) {
    prepare_error_ = error.what();
  }
  current_.keys_before = before_.keys_db;
  current_.memory.used_before = before_.used_memory;
  current_.memory.peak_before = before_.used_memory_peak;
  round_trips_ += current_trips_;
  reconnects_before_ = link_.reconnects();
  current_overhead_ = Clock::now() - start;
  in_test_ = true;
}

std::vector<LeakedKey> CleanupSession::DescribeAdded(client::Connection& connection, int db,
                                                     TestRecord& record, long long& trips) {
  KeyspaceSnapshot now = KeyspaceSnapshot::Take(connection, options_.scan_count);
  trips += now.scan_calls();
  if (db == test_db()) record.keys_by_prefix = now.CountByPrefix();
  const auto before = before_keys_.find(db);
  const std::vector<std::string> added =
      before == before_keys_.end() ? now.TakeKeys() : now.AddedSince(before->second);
  KeyInspector inspector(connection, options_.batch_keys, type_from_encoding_);
  std::vector<LeakedKey> described = inspector.Inspect(added);
  trips += inspector.round_trips();
  for (LeakedKey& key : described) key.db = db;
  return described;
}

void CleanupSession::InspectLeaks(client::Connection& connection, const StatsSnapshot& after,
                                  TestRecord& record, long long& trips) {
  std::vector<LeakedKey> described;
  for (const auto& [db, keys] : after.keys_per_db) {
    if (keys == 0 || (db != test_db() && !options_.server_owned)) continue;
    std::vector<LeakedKey> found;
    if (db == test_db()) {
      found = DescribeAdded(connection, db, record, trips);
    } else {
      client::Connection other = ConnectTo(db);
      ++trips;
      found = DescribeAdded(other, db, record, trips);
    }
    described.insert(described.end(), std::make_move_iterator(found.begin()),
                     std::make_move_iterator(found.end()));
  }

  record.oversized_keys = limits_.Oversized(described);  // every key the test left
  // One pass: class counts and lists, and the patterns of the leaked (not allowlisted) keys.
  Leaks leaks;
  PatternGrouper grouper;
  std::set<int> dbs;
  for (LeakedKey& key : described) {
    const LeakClass leak_class = classifier_.Classify(key);
    if (leak_class != LeakClass::kAllowlisted) {
      grouper.Add(key);
      dbs.insert(key.db);
    }
    leaks.Add(leak_class, std::move(key));
  }
  leaks.SortAndKeep(TestRecord::kMaxListedKeys);
  record.leaks = std::move(leaks);
  record.leak_dbs.assign(dbs.begin(), dbs.end());
  record.patterns = grouper.Finish();
  record.patterns_total = static_cast<long long>(record.patterns.size());
  if (record.patterns.size() > TestRecord::kMaxPatterns) {
    record.patterns.resize(TestRecord::kMaxPatterns);
  }
}

void CleanupSession::NoteExternalDatabases(const StatsSnapshot& after,
                                           std::vector<std::string>& notes) const {
  for (const auto& [db, keys] : after.keys_per_db) {
    if (db == test_db()) continue;
    const auto before = before_.keys_per_db.find(db);
    const long long was = before == before_.keys_per_db.end() ? 0 : before->second;
    if (keys <= was) continue;
    notes.push_back("keys appeared in db " + std::to_string(db) + " of the external server (" +
                    std::to_string(was) + " -> " + std::to_string(keys) +
                    "): not checked, the kit never flushes or inspects databases other than "
                    "the test database of a server it does not own");
  }
}

void CleanupSession::RestoreSettings(client::Connection& connection, const StatsSnapshot& after,
                                     std::vector<std::string>& notes, long long& trips) {
  if (!hygiene_ || !hygiene_->MayHaveChanged(before_, after)) return;
  const HygieneResult result = hygiene_->Restore(connection);
  trips += result.round_trips;
  if (result.Changed())
    notes.push_back("this test changed the server's settings: " + result.Describe());
}

void CleanupSession::Check(client::Connection& connection, TestRecord& r, long long& trips) {
  const StatsSnapshot after = InfoAfter(connection, r, trips);
  r.commands = CommandProfile::Delta(before_, after, kit_commands_.Get(), kit_commands_.GetTimes());
  r.keys_after = after.keys_db;
  r.keys_by_db = after.keys_per_db;
  r.memory.used_after = after.used_memory;
  r.memory.peak = after.used_memory_peak;
  r.memory.rss = after.used_memory_rss;
  r.memory.fragmentation = after.fragmentation;
  r.memory.maxmemory = after.maxmemory;
  r.oom_rejections = CounterDiff(before_.oom_rejections, after.oom_rejections);
  r.evicted_keys = CounterDiff(before_.evicted_keys, after.evicted_keys);
  r.expired_keys = CounterDiff(before_.expired_keys, after.expired_keys);

  // Empty databases after the test (INFO keyspace) need no SCAN at all.
  if (r.leak_check && after.keys_total > 0) InspectLeaks(connection, after, r, trips);

  OomEvidence oom;
  oom.rejections = r.oom_rejections;
  oom.used_memory = after.used_memory;
  oom.peak = after.used_memory_peak;
  oom.maxmemory = after.maxmemory;
  oom.maxmemory_policy = after.maxmemory_policy;
  oom.expected = oom_expected_;
  r.verdict = classifier_.Judge(r.leaks, oom);
  limits_.Judge(r);

  std::vector<std::string> notes;  // appended last: a retried Check must not repeat them
  if (link_.reconnects() != reconnects_before_) {
    notes.push_back("the command profile is approximate: the kit reconnected during this test");
  }
  if (!options_.server_owned) NoteExternalDatabases(after, notes);
  RestoreSettings(connection, after, notes, trips);
  r.notes.insert(r.notes.end(), notes.begin(), notes.end());
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
  TakePendingAllowlist();

  long long trips = 0;
  if (!prepare_error_.empty()) {
    r.verdict = {true, "redis-testkit could not prepare Redis for this test: " + prepare_error_};
  } else {
    try {
      link_.Run(
          "after the test", [&](client::Connection& c) { Check(c, r, trips); }, r.notes);
    } catch (const std::exception& error) {
      r.verdict = {true, std::string("redis-testkit could not check Redis after this test: ") +
                             error.what()};
    }
  }
  if (r.verdict.failed) r.status = TestStatus::kFailed;

  round_trips_ += trips;
  r.round_trips = current_trips_ + trips;
  current_overhead_ += Clock::now() - start;
  r.overhead_ms = std::chrono::duration<double, std::milli>(current_overhead_).count();
  records_.push_back(std::move(current_));
  current_ = TestRecord{};
  before_keys_.clear();
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
