// What happens between tests, for one test process: the fixtures layer makes one CleanupSession
// after the server is up, calls BeforeTest from OnTestStart and AfterTest from OnTestEnd, and
// writes MakeReport() with a ReportWriter at the end. No GoogleTest here: AfterTest returns a
// TestRecord whose verdict the fixtures turn into a test failure.
//
// Round trips (all calls have the connection's command timeout):
//   constructor  1 (INFO server, memory, modules)
//   BeforeTest   1 (FLUSHALL SYNC + INFO pipelined), +1 SCAN per 1,000 keys if keys remain
//                (REDIS_TESTKIT_FLUSH=none on a used database)
//   AfterTest    1 (INFO) when the test database is empty afterwards (the INFO keyspace line says
//                so: no SCAN); else + keys/1000 SCANs + added/1000 pipelines of PTTL,
//                OBJECT ENCODING, MEMORY USAGE (+1 pipeline of TYPE per batch holding keys whose
//                encoding several types share: see KeyInspector).
//                All serial on one connection: overlapping SCAN and pipelines on two connections
//                and threads was measured slower on the 2-core machines that run ctest -j.
// Memory figures come from INFO and are diffed (errorstats, evicted/expired keys): no
// CONFIG RESETSTAT, so a shared or external server's statistics are left alone.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "redis_testkit/cleanup/flusher.h"
#include "redis_testkit/cleanup/keyspace_snapshot.h"
#include "redis_testkit/cleanup/leak_classifier.h"
#include "redis_testkit/cleanup/report.h"
#include "redis_testkit/cleanup/stats_snapshot.h"
#include "redis_testkit/cleanup/test_record.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/config.h"

namespace redis_testkit::cleanup {

struct SessionOptions {
  client::ConnectionOptions connection;  // endpoint (with db) and timeouts
  CleanupConfig cleanup;                 // flush mode, safeguard, leak policy, allowlist
  bool server_owned = true;              // the kit started the server (not REDIS_TESTKIT_URL)
  std::string runtime;                   // for the report: podman, docker, process, external
  long long scan_count = KeyspaceSnapshot::kScanCount;
  std::size_t batch_keys = 1000;  // keys per detail pipeline (4 commands each)
};

class CleanupSession {
 public:
  // Applies the flush safeguard (throws FlushRefused before connecting), connects and reads the
  // server's version and maxmemory. Client errors (IoError, TimeoutError...) propagate.
  explicit CleanupSession(SessionOptions options);

  // OnTestStart: flush per config, baseline figures. Throws FlushRefused / client errors.
  void BeforeTest(std::string suite, std::string name);

  // OnTestEnd: figures again, keyspace diff, classification, OOM check, verdict.
  // status / duration_ms: as GoogleTest saw the test. The record (kept for MakeReport) has
  // status kFailed when its verdict failed; verdict.message says why and how to fix it.
  // The reference stays valid until the next AfterTest. Throws std::logic_error without a
  // BeforeTest, client errors when Redis fails.
  const TestRecord& AfterTest(TestStatus status, double duration_ms);

  // Adds an allowlist glob for the following tests (e.g. a fixture's own keys).
  void AddAllowlist(std::string glob) { classifier_.AddAllowlist(std::move(glob)); }

  // The test in progress provokes OOM on purpose (e.g. a 503-on-OOM scenario): its OOM
  // rejections are reported but do not fail it. Reset by the next BeforeTest.
  void ExpectOomRejections() { oom_expected_ = true; }

  // The process report so far (write it with ReportWriter).
  Report MakeReport() const;

  const std::vector<TestRecord>& records() const { return records_; }
  const ServerDescription& server() const { return server_; }
  const ProcessInfo& process() const { return process_; }
  long long round_trips() const { return round_trips_; }  // since construction
  client::Connection& connection() { return connection_; }

 private:
  // Sends `flush` (may be empty) and INFO in one pipeline; returns the INFO figures.
  StatsSnapshot FlushAndInfo(const std::vector<std::string>& flush, long long& trips);
  StatsSnapshot Info(long long& trips);
  void InspectLeaks(TestRecord& record, long long& trips);

  SessionOptions options_;
  Flusher flusher_;
  FlushMode flush_mode_;  // resolved; initialised before connection_: refusal needs no server
  client::Connection connection_;
  LeakClassifier classifier_;
  ProcessInfo process_;
  ServerDescription server_;
  bool legacy_info_ = false;        // pre-7.0 server: INFO with one section only
  bool type_from_encoding_ = true;  // false with modules loaded (see KeyInspector)

  // The test in progress.
  bool in_test_ = false;
  bool oom_expected_ = false;
  TestRecord current_;
  StatsSnapshot before_;
  KeyspaceSnapshot before_keys_;
  long long current_trips_ = 0;
  std::chrono::steady_clock::duration current_overhead_{};

  std::vector<TestRecord> records_;
  long long round_trips_ = 0;
};

}  // namespace redis_testkit::cleanup
