// CleanupSession after a test: each node checked (INFO, keyspace diff, settings put back), then
// the figures summed and the test judged once (see cleanup_session.h).
#include <iterator>
#include <set>
#include <utility>

#include "redis_testkit/cleanup/cleanup_session.h"
#include "redis_testkit/cleanup/key_inspector.h"
#include "redis_testkit/cleanup/key_pattern.h"
#include "redis_testkit/client/cluster_slots.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/pipeline.h"
#include "session_node.h"

namespace redis_testkit::cleanup {

StatsSnapshot CleanupSession::InfoAfter(client::Connection& connection, NodeCheck& check,
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
  check.slow_commands.clear();
  if (entries > 0) {  // reset before the test: every entry is the test's
    ++trips;
    check.slow_commands = CommandProfile::ParseSlowlog(
        connection.Command({"SLOWLOG", "GET", std::to_string(entries)}));
  }
  return StatsSnapshot::FromInfoText(replies[0].AsString(), test_db());
}

client::Connection CleanupSession::ConnectTo(const client::Connection& node, int db) const {
  client::ConnectionOptions options = node.options();
  options.endpoint.db = db;
  return client::Connection(options);
}

std::vector<LeakedKey> CleanupSession::DescribeAdded(Node& node, client::Connection& connection,
                                                     int db, long long& trips) {
  KeyspaceSnapshot now = KeyspaceSnapshot::Take(connection, options_.scan_count);
  trips += now.scan_calls();
  if (db == test_db()) node.check.keys_by_prefix = now.CountByPrefix();
  const auto before = node.before_keys.find(db);
  const std::vector<std::string> added =
      before == node.before_keys.end() ? now.TakeKeys() : now.AddedSince(before->second);
  KeyInspector inspector(connection, options_.batch_keys, type_from_encoding_);
  std::vector<LeakedKey> described = inspector.Inspect(added);
  trips += inspector.round_trips();
  for (LeakedKey& key : described) {
    key.db = db;
    if (on_cluster()) {  // where to look: the master and the slot
      key.node = node.address;
      key.slot = client::KeySlot(key.key);
    }
  }
  return described;
}

void CleanupSession::InspectLeaks(Node& node, client::Connection& connection, long long& trips) {
  std::vector<LeakedKey>& described = node.check.described;
  for (const auto& [db, keys] : node.check.after.keys_per_db) {
    if (keys == 0 || (db != test_db() && !options_.server_owned)) continue;
    std::vector<LeakedKey> found;
    if (db == test_db()) {
      found = DescribeAdded(node, connection, db, trips);
    } else {
      client::Connection other = ConnectTo(connection, db);
      ++trips;
      found = DescribeAdded(node, other, db, trips);
    }
    described.insert(described.end(), std::make_move_iterator(found.begin()),
                     std::make_move_iterator(found.end()));
  }
}

void CleanupSession::ClassifyLeaks(std::vector<LeakedKey> described, TestRecord& record) {
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

void CleanupSession::RestoreSettings(Node& node, client::Connection& connection, long long& trips) {
  const std::optional<ServerHygiene>& hygiene = node.hygiene;
  if (!hygiene || !hygiene->MayHaveChanged(node.before, node.check.after)) return;
  const HygieneResult result = hygiene->Restore(connection);
  trips += result.round_trips;
  if (result.Changed()) {
    node.check.notes.push_back("this test changed the " +
                               (node.address.empty() ? "server" : "node " + node.address) +
                               "'s settings: " + result.Describe());
  }
}

void CleanupSession::CheckNode(Node& node, client::Connection& connection, const TestRecord& record,
                               long long& trips) {
  node.check = NodeCheck{};  // a step retried after a reconnect starts over
  node.check.after = InfoAfter(connection, node.check, trips);
  // Empty databases after the test (INFO keyspace) need no SCAN at all.
  if (record.leak_check && node.check.after.keys_total > 0) InspectLeaks(node, connection, trips);
  RestoreSettings(node, connection, trips);
}

void CleanupSession::Judge(TestRecord& r) {
  std::vector<StatsSnapshot> afters;
  std::vector<LeakedKey> described;
  std::vector<std::string> node_notes;
  for (const std::unique_ptr<Node>& node : nodes_) {
    NodeCheck& check = node->check;
    if (on_cluster()) {
      r.nodes.push_back({node->address, node->before.keys_db, check.after.keys_db,
                         node->before.used_memory, check.after.used_memory,
                         static_cast<long long>(check.described.size())});
    }
    afters.push_back(check.after);
    std::move(check.described.begin(), check.described.end(), std::back_inserter(described));
    std::move(check.slow_commands.begin(), check.slow_commands.end(),
              std::back_inserter(r.slow_commands));
    for (const auto& [prefix, keys] : check.keys_by_prefix) r.keys_by_prefix[prefix] += keys;
    node_notes.insert(node_notes.end(), check.notes.begin(), check.notes.end());
  }
  const StatsSnapshot after = StatsSnapshot::Sum(afters);
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
  if (r.leak_check) ClassifyLeaks(std::move(described), r);

  OomEvidence oom;
  oom.rejections = r.oom_rejections;
  oom.used_memory = after.used_memory;
  oom.peak = after.used_memory_peak;
  oom.maxmemory = after.maxmemory;
  oom.maxmemory_policy = after.maxmemory_policy;
  oom.expected = oom_expected_;
  r.verdict = classifier_.Judge(r.leaks, oom);
  limits_.Judge(r);

  if (Reconnects() != reconnects_before_) {
    r.notes.push_back("the command profile is approximate: the kit reconnected during this test");
  }
  if (!options_.server_owned) NoteExternalDatabases(after, r.notes);
  r.notes.insert(r.notes.end(), node_notes.begin(), node_notes.end());
}

}  // namespace redis_testkit::cleanup
