// What happens between tests, for one test process: the fixtures layer makes one CleanupSession
// after the server is up, calls BeforeTest from OnTestStart and AfterTest from OnTestEnd, and
// writes MakeReport() with a ReportWriter at the end. No GoogleTest here: AfterTest returns a
// TestRecord whose verdict the fixtures turn into a test failure.
//
// Round trips (all calls have the connection's command timeout):
//   constructor  1 (INFO server, memory, modules) + 1 (CONFIG GET *: the settings baseline, unless
//                given) + 2 on a leased pool slot (SCRIPT/FUNCTION FLUSH, CLIENT KILL, and the
//                settings compared and put back)
//   BeforeTest   1 (FLUSHALL SYNC [+ SLOWLOG RESET] + INFO pipelined), +1 SCAN per 1,000 keys if
//                keys remain (REDIS_TESTKIT_FLUSH=none on a used database)
//   AfterTest    1 (INFO [+ SLOWLOG LEN] pipelined; +1 SLOWLOG GET when the test wrote slow log
//                entries) when every database is empty afterwards (the INFO keyspace lines say
//                so: no SCAN); else, per database holding keys, + keys/1000 SCANs +
//                added/1000 pipelines of PTTL, OBJECT ENCODING, MEMORY USAGE (+1 pipeline of TYPE
//                per batch holding keys whose encoding several types share: see KeyInspector),
//                and +1 connect for a database other than the test's. +2 when the test ran
//                CONFIG SET or changed maxmemory (compare and restore the settings).
//                All serial on one connection: overlapping SCAN and pipelines on two connections
//                and threads was measured slower on the 2-core machines that run ctest -j.
// Every database is watched: on a server the kit owns, keys left in any database are leaks like
// those of the test database (LeakedKey::db says where); on an external server, keys appearing in
// another database are noted (the kit neither flushes nor owns them).
// On a Redis Cluster (INFO says cluster_enabled:1 for the endpoint given, the kit's own cluster or
// an external one) every master (CLUSTER SLOTS, read once when the session opens: +1 round trip,
// +1 connection and CONFIG GET per other master) gets the whole sequence above on a connection of
// its own, one after the other: the round trips per test are those above per master. The record's
// figures are the masters' sums (TestRecord::nodes has each master's), a leaked key names its
// master and slot, the command profile and the slow log are the masters' together, and settings
// are watched and put back per master. Only database 0 exists on a cluster (another one is
// refused). The masters are those of the opening: a failover during the session is not followed.
// A stall or a dropped connection is survived: the connection is reopened (RecoveringConnection)
// and the step retried, so it fails at most the test during which the server did not come back.
// The INFO before and after the test also give its command profile (commandstats, the kit's own
// commands taken out: see command_profile.h), judged by TestLimits with the sizes of the keys it
// left: neither costs a round trip of its own. SLOWLOG only on a server the kit owns.
// Memory figures come from INFO and are diffed (errorstats, evicted/expired keys): no
// CONFIG RESETSTAT, so a shared or external server's statistics are left alone.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redis_testkit/cleanup/command_profile.h"
#include "redis_testkit/cleanup/flusher.h"
#include "redis_testkit/cleanup/keyspace_snapshot.h"
#include "redis_testkit/cleanup/leak_classifier.h"
#include "redis_testkit/cleanup/recovering_connection.h"
#include "redis_testkit/cleanup/report.h"
#include "redis_testkit/cleanup/server_hygiene.h"
#include "redis_testkit/cleanup/stats_snapshot.h"
#include "redis_testkit/cleanup/test_limits.h"
#include "redis_testkit/cleanup/test_record.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/config.h"

namespace redis_testkit::cleanup {

struct SessionNode;
struct NodeCheck;

struct SessionOptions {
  client::ConnectionOptions connection;  // endpoint (with the test db) and timeouts
  CleanupConfig cleanup;                 // flush mode, safeguard, leak policy, allowlist
  bool server_owned = true;              // the kit started the server (not REDIS_TESTKIT_URL)
  std::string runtime;                   // for the report: podman, docker, process, external
  long long scan_count = KeyspaceSnapshot::kScanCount;
  std::size_t batch_keys = 1000;  // keys per detail pipeline (4 commands each)
  // How long a stalled or dropped server may take to answer again before the step fails.
  std::chrono::milliseconds recovery_timeout{15000};
  // The settings the kit configured (CONFIG GET * of the fresh server), e.g. recorded by the
  // ctest pool; empty: read when the session opens.
  client::Settings settings_baseline;
  // On a cluster, the other masters' settings when fresh, by "host:port" (a pool slot records
  // every node's); a master not listed has its baseline read when the session opens.
  std::map<std::string, client::Settings> node_baselines;
  // A leased pool slot: a crashed predecessor may have left settings, scripts, functions and
  // connections behind; clean them when the session opens.
  bool reset_leftovers = false;
  // Read each test's SLOWLOG entries (RESET before, LEN after, GET when not 0): a server the kit
  // owns, started with slowlog-log-slower-than (REDIS_TESTKIT_SLOWLOG_THRESHOLD).
  bool read_slowlog = false;
};

class CleanupSession {
 public:
  // Applies the flush safeguard (throws FlushRefused before connecting), connects and reads the
  // server's version and maxmemory. Client errors (IoError, TimeoutError...) propagate.
  explicit CleanupSession(SessionOptions options);
  ~CleanupSession();
  CleanupSession(const CleanupSession&) = delete;
  CleanupSession& operator=(const CleanupSession&) = delete;

  // OnTestStart: flush per config, baseline figures. Never throws for Redis errors: when the
  // server cannot be prepared (even after reconnecting), the test's record fails with the reason.
  void BeforeTest(std::string suite, std::string name);

  // OnTestEnd: figures again, keyspace diff in every database, classification, OOM check,
  // settings put back, verdict. status / duration_ms: as GoogleTest saw the test. The record
  // (kept for MakeReport) has status kFailed when its verdict failed; verdict.message says why
  // and how to fix it; a server that could not be checked fails the test the same way, so every
  // test is in the report. The reference stays valid until the next AfterTest. Throws
  // std::logic_error without a BeforeTest.
  const TestRecord& AfterTest(TestStatus status, double duration_ms);

  // Adds an allowlist glob for the following tests (e.g. a fixture's own keys). Thread-safe.
  void AddAllowlist(std::string glob);

  // The test in progress provokes OOM on purpose (e.g. a 503-on-OOM scenario): its OOM
  // rejections are reported but do not fail it. Reset by the next BeforeTest.
  void ExpectOomRejections() { oom_expected_ = true; }

  // Commands the kit sent during the test on the test's behalf (an in-test helper such as
  // FastForward), by commandstats name: taken out of the test's command profile. Thread-safe.
  void AddKitCommands(const std::map<std::string, long long>& calls) { kit_commands_.Add(calls); }
  // ... and the time they took, when measured (see KitCommands::AddTime).
  void AddKitTime(std::string_view command, long long usec) {
    kit_commands_.AddTime(command, usec);
  }
  bool server_owned() const { return options_.server_owned; }

  // The test in progress: whether one is (between BeforeTest and AfterTest), and the figures taken
  // when it started, after the flush (what AfterTest diffs against; e.g. for a test that asserts
  // its evictions so far).
  bool in_test() const { return in_test_; }
  const StatsSnapshot& test_start() const { return before_; }

  // The process report so far (write it with ReportWriter).
  Report MakeReport() const;

  const std::vector<TestRecord>& records() const { return records_; }
  const ServerDescription& server() const { return server_; }
  const ProcessInfo& process() const { return process_; }
  long long round_trips() const { return round_trips_; }  // since construction
  // The connection to the endpoint the session was given (on a cluster: to the first master).
  client::Connection& connection();
  // What the session did when it opened (a dirty pool slot cleaned); empty when nothing.
  const std::string& opening_note() const { return opening_note_; }

 private:
  using Node = SessionNode;
  // INFO of the first node; on a cluster, one node per master (CLUSTER SLOTS) replaces it.
  void ReadServer();
  void OpenCluster();
  // nodes_ becomes one node per master of `masters` (the ones watched already kept).
  void WatchMasters(const std::vector<client::Endpoint>& masters, bool reset_leftovers);
  // Asks the known nodes for CLUSTER SLOTS; when the masters changed (a failover, a resharding),
  // watches the new ones, notes it in the test's record and returns true.
  bool FollowMasters();
  // Prepare on every node (flush, INFO, key snapshot); the first failure into prepare_error_.
  std::vector<StatsSnapshot> PrepareNodes();
  void OpenHygiene(Node& node, const client::Settings& baseline, bool reset_leftovers);
  void Prepare(Node& node, client::Connection& connection);
  void CheckNode(Node& node, client::Connection& connection, const TestRecord& record,
                 long long& trips);
  // The figures, leak classification and verdict of the test from every node's check.
  void Judge(TestRecord& record);
  // Sends `flush` (may be empty) and INFO in one pipeline; returns the INFO figures.
  StatsSnapshot FlushAndInfo(client::Connection& connection, const std::vector<std::string>& flush,
                             long long& trips);
  StatsSnapshot Info(client::Connection& connection, long long& trips);
  // INFO [+ SLOWLOG LEN] after the test; the slow log entries into `check` when there are some.
  StatsSnapshot InfoAfter(client::Connection& connection, NodeCheck& check, long long& trips);
  // Keys of database `db` added since the test started, described (LeakedKey::db = db).
  std::vector<LeakedKey> DescribeAdded(Node& node, client::Connection& connection, int db,
                                       long long& trips);
  void InspectLeaks(Node& node, client::Connection& connection, long long& trips);
  void ClassifyLeaks(std::vector<LeakedKey> described, TestRecord& record);
  void NoteExternalDatabases(const StatsSnapshot& after, std::vector<std::string>& notes) const;
  void RestoreSettings(Node& node, client::Connection& connection, long long& trips);
  // A second connection, to database `db` of the node.
  client::Connection ConnectTo(const client::Connection& node, int db) const;
  void TakePendingAllowlist();
  long long Reconnects() const;
  bool on_cluster() const { return !server_.nodes.empty(); }
  int test_db() const { return options_.connection.endpoint.db; }

  SessionOptions options_;
  Flusher flusher_;
  FlushMode flush_mode_;  // resolved; initialised before nodes_: refusal needs no server
  std::vector<std::unique_ptr<Node>> nodes_;  // the server, or every master of a cluster
  std::vector<client::Endpoint> masters_;     // a cluster's masters, as watched
  LeakClassifier classifier_;
  TestLimits limits_;
  KitCommands kit_commands_;  // sent between the two INFO of the test in progress
  std::mutex allowlist_mutex_;
  std::vector<std::string> pending_allowlist_;  // AddAllowlist from any thread, taken per test
  ProcessInfo process_;
  ServerDescription server_;
  std::string opening_note_;
  bool legacy_info_ = false;        // pre-7.0 server: INFO with one section only
  bool type_from_encoding_ = true;  // false with modules loaded (see KeyInspector)

  // The test in progress.
  bool in_test_ = false;
  bool oom_expected_ = false;
  std::string prepare_error_;  // BeforeTest could not prepare the server
  TestRecord current_;
  StatsSnapshot before_;  // summed over the nodes
  long long current_trips_ = 0;
  long long reconnects_before_ = 0;  // Reconnects() when the test started
  std::chrono::steady_clock::duration current_overhead_{};

  std::vector<TestRecord> records_;
  long long round_trips_ = 0;
};

}  // namespace redis_testkit::cleanup
