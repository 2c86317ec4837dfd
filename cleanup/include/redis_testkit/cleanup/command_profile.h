// The commands a test ran, from two INFO commandstats snapshots taken in the kit's existing round
// trips (the INFO after the flush, the INFO after the test), with the kit's own commands in
// between taken out, and the test's SLOWLOG entries.
//
// What the kit sends between the two snapshots, and so subtracts (KitCommands):
//   - the INFO of the first snapshot itself (commandstats counts a command after it ran, so the
//     first INFO is in the second snapshot, not in its own): 1 "info" call, its time estimated
//     as the average of the kit's INFO calls so far (the one figure that is not exact);
//   - with keys left after the flush (REDIS_TESTKIT_FLUSH=none): the SCANs of the keyspace
//     snapshot, and AUTH/SELECT of a connection to another database;
//   - what the kit's in-test helpers report (FastForward: its SCRIPT calls and the commands the
//     script runs, counted by the script).
// The SLOWLOG RESET before the test is sent before the first INFO, SLOWLOG LEN/GET after the
// second: neither is in the difference. A reconnect of the kit during the test makes the figures
// approximate (a note says so); a server restarted by the test (Server().Restart()) starts its
// counters at zero: the counters after the restart are taken as the test's.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "redis_testkit/cleanup/stats_snapshot.h"
#include "redis_testkit/cleanup/test_record.h"
#include "redis_testkit/client/reply.h"

namespace redis_testkit::cleanup {

// The kit's own commands during one test, by commandstats name. Thread-safe: an in-test helper
// may add from a test's thread.
class KitCommands {
 public:
  void Add(std::string_view command, long long calls);
  void Add(const std::map<std::string, long long>& calls);
  // The server time of the kit's calls of `command`, when the kit measured it (at most: the wall
  // time of its round trips); without it the kit's share of a command's time is estimated.
  void AddTime(std::string_view command, long long usec);
  std::map<std::string, long long> Get() const;
  std::map<std::string, long long> GetTimes() const;
  void Clear();

 private:
  mutable std::mutex mutex_;
  std::map<std::string, long long> calls_;
  std::map<std::string, long long> usec_;
};

class CommandProfile {
 public:
  // after - before - kit, per command; commands left with no call dropped; most time first (then
  // most calls, then name). The kit's time in a command: `kit_usec` when measured, for INFO the
  // average of `before`, else the command's time in proportion to the kit's calls.
  static std::vector<CommandFigures> Delta(const StatsSnapshot& before, const StatsSnapshot& after,
                                           const std::map<std::string, long long>& kit,
                                           const std::map<std::string, long long>& kit_usec = {});

  // The "a b c" form of a slow command's arguments (each cut at 64 bytes, at most 16 shown).
  static std::string JoinArguments(const std::vector<client::Reply>& arguments);
  // The reply of SLOWLOG GET -> entries, oldest first; entries of the kit's own commands (INFO,
  // SLOWLOG) left out. Malformed entries are skipped.
  static std::vector<SlowCommand> ParseSlowlog(const client::Reply& reply);

  // Adds `more` into `total` (calls and usec per command), kept most time first: the profile of a
  // run from its tests' profiles (the Markdown and HTML reports).
  static void Accumulate(std::vector<CommandFigures>& total,
                         const std::vector<CommandFigures>& more);
  static void Sort(std::vector<CommandFigures>& commands);  // most time, most calls, name

  // "get x120 3.1ms, set x5 0.2ms" of the first `count` commands ("" when none).
  static std::string FormatTop(const std::vector<CommandFigures>& commands, std::size_t count);
};

}  // namespace redis_testkit::cleanup
