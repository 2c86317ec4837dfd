// Crash-recovery trials on a real Redis the kit owns: write numbered stream entries (pipelined
// XADD, the sequence number in each entry), kill the server during the writes (SIGKILL or
// SIGTERM), start it again on the same data, and count what came back.
//
//   // REDIS_TESTKIT_PERSISTENCE=aof-everysec
//   auto trial = redis_testkit::ops::RunCrashTrial(redis_testkit::Server().server(), {});
//   EXPECT_EQ(trial.lost, 0) << trial.Describe();
//
// "Acknowledged" counts only entries whose XADD reply arrived before the kill: those are the
// ones a client may rely on. An entry sent but not acknowledged may or may not come back.
#pragma once

#include <chrono>
#include <string>

#include "redis_testkit/containers/redis_server.h"

namespace redis_testkit::ops {

enum class CrashSignal { kKill, kTerm };  // SIGKILL (a crash) or SIGTERM (a graceful shutdown)

struct CrashTrialOptions {
  std::string stream_key = "redis-testkit:recovery:stream";  // deleted before the trial
  long long entries = 50'000;  // XADDs the writer would send without a kill
  int batch = 100;             // XADDs per pipelined round trip
  int payload_bytes = 64;      // a payload field of this size in every entry
  // The kill comes once this many entries are acknowledged; 0 means entries / 2.
  long long kill_after = 0;
  CrashSignal signal = CrashSignal::kKill;
  // Bounds the writes, the graceful stop and the restart (loading:0 and PONG) each.
  std::chrono::milliseconds timeout{30'000};
};

struct CrashTrialResult {
  long long acknowledged = 0;  // XADD replies received before the kill
  long long recovered = 0;     // entries in the stream after the restart
  long long lost = 0;          // acknowledged but not recovered (0 is the promise of an AOF)
  long long unacknowledged_recovered = 0;  // sent, no reply seen, but recovered
  bool in_order = true;  // the recovered sequence numbers are 1, 2, 3, ... without a gap
  std::chrono::milliseconds recovery_time{0};  // start again -> loading:0 and PONG
  std::string signal;                          // "SIGKILL" / "SIGTERM"

  // "SIGKILL after 25000 acknowledged: 25100 recovered, 0 lost, recovery 41 ms"
  std::string Describe() const;
};

// One trial on `server` (the kit's own: NotOwnedError for an external one). Returns with the
// server running again. Throws std::invalid_argument for bad options (naming the field) and
// std::runtime_error when the server cannot be written, killed, restarted or read.
CrashTrialResult RunCrashTrial(containers::RedisServer& server, const CrashTrialOptions& options);

}  // namespace redis_testkit::ops
