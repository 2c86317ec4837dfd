// CleanupSession: the per-test sequence (see cleanup_session.h for the round-trip budget).
#include "redis_testkit/cleanup/cleanup_session.h"

#include <stdexcept>
#include <utility>

#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/info.h"
#include "redis_testkit/client/pipeline.h"
#include "redis_testkit/client/settings.h"
#include "session_node.h"

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

// The first connection, to the endpoint given; SELECT refused by a cluster node says why.
std::unique_ptr<SessionNode> OpenFirstNode(const SessionOptions& options) {
  try {
    return std::make_unique<SessionNode>(options.connection, options.recovery_timeout, "");
  } catch (const client::ReplyError& error) {
    if (std::string_view(error.what()).find("not allowed in cluster mode") == std::string::npos) {
      throw;
    }
    RefuseClusterDatabase(options.connection.endpoint);
  }
}

}  // namespace

CleanupSession::CleanupSession(SessionOptions options)
    : options_(std::move(options)),
      flusher_(options_.cleanup, options_.server_owned),
      flush_mode_(flusher_.Resolve(options_.connection.endpoint)),  // safeguard before connecting
      classifier_(options_.cleanup.leak_policy, options_.cleanup.leak_allowlist),
      limits_(options_.cleanup.forbid_commands, options_.cleanup.max_key_bytes),
      process_(ProcessInfo::Current()) {
  nodes_.push_back(OpenFirstNode(options_));
  OpenHygiene(*nodes_.front(), options_.settings_baseline, options_.reset_leftovers);
  ReadServer();
}

CleanupSession::~CleanupSession() = default;

client::Connection& CleanupSession::connection() { return nodes_.front()->link.connection(); }

void CleanupSession::OpenHygiene(Node& node, const client::Settings& baseline,
                                 bool reset_leftovers) {
  client::Settings settings = baseline;
  if (settings.empty()) {
    try {
      settings = client::ReadSettings(node.link.connection());
      ++round_trips_;
    } catch (const client::ReplyError&) {
      return;  // CONFIG renamed away or denied by an ACL: the settings cannot be watched
    }
  }
  node.hygiene.emplace(std::move(settings));
  if (!reset_leftovers) return;
  const HygieneResult result = node.hygiene->ResetLeftovers(node.link.connection());
  round_trips_ += result.round_trips;
  if (result.Changed()) {
    opening_note_ =
        "the leased pool slot was left dirty by an earlier test process: " + result.Describe();
  }
}

void CleanupSession::ReadServer() {
  client::Connection& connection = nodes_.front()->link.connection();
  client::Info info;
  try {
    info = client::ParseInfo(
        connection.Command({"INFO", "server", "memory", "modules", "cluster"}).AsString());
  } catch (const client::ReplyError&) {
    legacy_info_ = true;
    info = client::ParseInfo(connection.Command({"INFO"}).AsString());
  }
  ++round_trips_;
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
  if (info.Get("cluster_enabled").value_or("0") == "1") OpenCluster();
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

void CleanupSession::Prepare(Node& node, client::Connection& connection) {
  node.before = FlushAndInfo(connection, flusher_.Command(connection.endpoint()), current_trips_);
  node.before_keys.clear();
  node.kit_calls = {{"info", 1}};  // the INFO above: counted after it ran, in the test's interval
  if (!current_.leak_check) return;
  for (const auto& [db, keys] : node.before.keys_per_db) {
    if (keys == 0 || (db != test_db() && !options_.server_owned)) continue;
    if (db == test_db()) {
      node.before_keys[db] = KeyspaceSnapshot::Take(connection, options_.scan_count);
    } else {
      client::Connection other = ConnectTo(connection, db);
      if (!options_.connection.endpoint.password.empty()) ++node.kit_calls["auth"];
      if (db != 0) ++node.kit_calls["select"];
      ++current_trips_;
      node.before_keys[db] = KeyspaceSnapshot::Take(other, options_.scan_count);
    }
    current_trips_ += node.before_keys[db].scan_calls();
    node.kit_calls["scan"] += node.before_keys[db].scan_calls();
  }
}

std::vector<StatsSnapshot> CleanupSession::PrepareNodes() {
  std::vector<StatsSnapshot> before;
  kit_commands_.Clear();
  for (const std::unique_ptr<Node>& node : nodes_) {
    node->before = StatsSnapshot{};
    node->before_keys.clear();
    if (!prepare_error_.empty()) continue;
    try {
      node->link.Run(
          node->Step("before the test"), [&](client::Connection& c) { Prepare(*node, c); },
          current_.notes);
      kit_commands_.Add(node->kit_calls);
    } catch (const std::exception& error) {
      prepare_error_ = (node->address.empty() ? "" : node->address + ": ") + error.what();
    }
    before.push_back(node->before);
  }
  return before;
}

void CleanupSession::BeforeTest(std::string suite, std::string name) {
  const Clock::time_point start = Clock::now();
  current_ = TestRecord{};
  current_.suite = std::move(suite);
  current_.name = std::move(name);
  current_.leak_check = classifier_.policy() != LeakPolicy::kOff;
  current_trips_ = 0;
  in_test_ = false;
  oom_expected_ = false;
  prepare_error_.clear();

  // Every master flushed, one pipeline each: a test starts with the whole cluster empty. A node
  // that became a replica refuses the flush (READONLY), a dead one does not answer: when the
  // masters changed, the new ones are watched and prepared.
  std::vector<StatsSnapshot> before = PrepareNodes();
  if (!prepare_error_.empty() && on_cluster() && FollowMasters()) {
    prepare_error_.clear();
    before = PrepareNodes();
  }
  before_ = StatsSnapshot::Sum(before);
  current_.keys_before = before_.keys_db;
  current_.memory.used_before = before_.used_memory;
  current_.memory.peak_before = before_.used_memory_peak;
  round_trips_ += current_trips_;
  reconnects_before_ = Reconnects();
  current_overhead_ = Clock::now() - start;
  in_test_ = true;
}

long long CleanupSession::Reconnects() const {
  long long reconnects = 0;
  for (const std::unique_ptr<Node>& node : nodes_) reconnects += node->link.reconnects();
  return reconnects;
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
    std::string where;
    try {
      for (const std::unique_ptr<Node>& node : nodes_) {  // leaks checked on every master
        where = node->address.empty() ? "" : node->address + ": ";
        node->link.Run(
            node->Step("after the test"),
            [&](client::Connection& c) { CheckNode(*node, c, r, trips); }, r.notes);
      }
      where.clear();
      Judge(r);
    } catch (const std::exception& error) {
      r.verdict = {true,
                   "redis-testkit could not check Redis after this test: " + where + error.what()};
    }
  }
  if (r.verdict.failed) r.status = TestStatus::kFailed;

  round_trips_ += trips;
  r.round_trips = current_trips_ + trips;
  current_overhead_ += Clock::now() - start;
  r.overhead_ms = std::chrono::duration<double, std::milli>(current_overhead_).count();
  records_.push_back(std::move(current_));
  current_ = TestRecord{};
  for (const std::unique_ptr<Node>& node : nodes_) {
    node->before_keys.clear();
    node->check = NodeCheck{};
  }
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
