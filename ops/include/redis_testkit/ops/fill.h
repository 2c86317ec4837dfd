// Filling a capped Redis to a memory level: pipelined writes of a chosen layout until INFO
// used_memory reaches `fraction` of maxmemory within +-1% of maxmemory, without ever crossing
// maxmemory (no OOM rejection, no eviction caused by the fill itself).
//
//   client::Connection c(options);
//   const ops::FillResult r = ops::FillMemory(c, 0.9, {.layout = ops::FillLayout::kStream});
//   // r.fraction_after is within 0.89..0.91, r.oom_rejections == 0
//
// How: a first small batch measures the bytes one entry costs; each following batch writes 90% of
// the remaining gap at that rate (re-measured after every batch), capped in size, with INFO memory
// between batches, so the batches shrink as the target nears. DEBUG POPULATE is not used: it is
// refused by default and ignores maxmemory.
//
// Every key written starts with FillKeyPrefix() ("redis-testkit:fill:"); the kit's leak check
// counts such keys as allowlisted fill data, never as a test's leak (the next flush removes them).
#pragma once

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/endpoint.h"

namespace redis_testkit::ops {

// A fill that cannot be done: no maxmemory, already above the target, a policy that evicts the
// fill's own keys so used_memory does not grow, an error reply, the time limit. The message names
// the problem, the figures and what to change.
class FillError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class FillLayout {
  kStrings,  // SET <prefix><run>:<n> <value>: one key per entry
  kStream,   // XADD <prefix><run>:stream:<k> * v <value>: entries in stream keys
  kList,     // RPUSH <prefix><run>:list:<k> <value>
  kHash,     // HSET <prefix><run>:hash:<k> f<n> <value>
};
const char* ToString(FillLayout layout);  // "strings", "stream", "list", "hash"
// "strings" | "stream" | "list" | "hash" (case-insensitive). Throws std::invalid_argument naming
// the value and the accepted ones.
FillLayout ParseFillLayout(std::string_view text);
// "90%" -> 0.9, "0.9" -> 0.9, "12.5%" -> 0.125. Must be > 0 and <= 1 (100%). Throws
// std::invalid_argument naming the value ("150%" is above 100% of maxmemory).
double ParseFillFraction(std::string_view text);
// The prefix of every key a fill writes (the one the leak check knows).
std::string_view FillKeyPrefix();

// Members are brace-initialised so that designated initializers may omit any of them
// (GCC's -Wmissing-field-initializers).
struct FillOptions {
  FillLayout layout{FillLayout::kStrings};
  std::size_t value_size{1024};  // bytes per value (1 .. 64 MiB)
  // stream/list/hash: entries per key (0: all entries of one fill in one key, like an event
  // buffer's stream). Ignored for strings.
  std::size_t entries_per_key{0};
  // +-tolerance around the target, as a fraction of maxmemory (0.01: +-1% of maxmemory).
  double tolerance{0.01};
  // The whole fill must end within this time; FillError otherwise.
  std::chrono::milliseconds timeout{60000};
};

struct FillResult {
  std::string layout;             // ToString(options.layout)
  std::string key_prefix;         // "redis-testkit:fill:<run>:" - every key written starts with it
  long long keys_written = 0;     // keys created
  long long entries_written = 0;  // commands that stored a value (= keys for strings)
  long long bytes_written = 0;    // value bytes sent
  long long used_memory_before = 0;
  long long used_memory_after = 0;
  long long maxmemory = 0;
  std::string maxmemory_policy;
  double target_fraction = 0;  // asked for
  double fraction_before = 0;  // used_memory_before / maxmemory
  double fraction_after = 0;   // used_memory_after / maxmemory
  int batches = 0;
  long long oom_rejections = 0;  // OOM replies to the fill's writes (errorstats diff): 0 expected
  long long evicted_keys = 0;    // keys the server evicted during the fill (stats diff)
  std::chrono::microseconds elapsed{0};

  // "filled 127.0.0.1:6379/0 to 90.1% of maxmemory 256mb (target 90%): 210000 keys, ..."
  std::string ToText(std::string_view server = "") const;
  // {"server", "layout", "key_prefix", "keys_written", "entries_written", "bytes_written",
  //  "used_memory_before", "used_memory_after", "maxmemory", "maxmemory_policy",
  //  "target_fraction", "fraction_before", "fraction_after", "batches", "oom_rejections",
  //  "evicted_keys", "elapsed_ms"}
  std::string ToJson(std::string_view server = "") const;
};

// Fills the server of `connection` (its database) to `fraction` of its maxmemory. Throws
// std::invalid_argument for a fraction outside (0, 1] or a bad option, FillError when the target
// cannot be reached, client errors for I/O failures.
FillResult FillMemory(client::Connection& connection, double fraction,
                      const FillOptions& options = {});
// The same on a new connection to `endpoint` (2 s connect and command timeouts).
FillResult FillMemory(const client::Endpoint& endpoint, double fraction,
                      const FillOptions& options = {});

}  // namespace redis_testkit::ops
