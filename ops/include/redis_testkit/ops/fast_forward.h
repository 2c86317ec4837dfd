// Fast-forward of TTLs on a real server: every key with a TTL behaves as if `by` had passed. Its
// TTL is shortened by `by` (PEXPIRE remaining - by); a key whose TTL is `by` or less is deleted
// now. A 300 s dedup window is then tested in milliseconds instead of a 300 s sleep.
//
//   client::Connection c(options);
//   c.Command({"SET", "k", "v", "EX", "300"});
//   ops::FastForward(c, std::chrono::seconds(301));  // k is gone
//
// How: INFO keyspace names the databases holding keys with a TTL (none: one round trip, done);
// in each, a Lua script takes one SCAN batch and adjusts its keys: one round trip per batch, each
// batch atomic (no command of another client runs between a key's PTTL and its PEXPIRE).
//
// The limit, plainly: the server's clock does not move. TIME, the timestamps a program stores in
// values (a "first seen" field, a stream ID), the idle time of keys (OBJECT IDLETIME, LRU) and the
// TTL of a key written after the call are as they were. Keys that reach zero are deleted (DEL): a
// "del" keyspace event, not "expired", and not in INFO expired_keys. Keys written between two
// batches of a large keyspace may be adjusted or not (SCAN's guarantee: a key present the whole
// time is adjusted exactly once).
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <string>

#include "redis_testkit/client/connection.h"

namespace redis_testkit::ops {

struct FastForwardOptions {
  // Every database holding keys with a TTL (a server the caller owns), or only the connection's.
  bool all_databases{false};
  std::size_t batch_keys{1000};  // SCAN COUNT per script (1 .. 100,000)
};

struct FastForwardResult {
  long long keys_scanned = 0;  // keys the scripts looked at (with and without TTL)
  long long shortened = 0;     // TTL shortened by `by`
  long long expired = 0;       // TTL was `by` or less: deleted
  long long batches = 0;       // scripts run, each atomic
  long long round_trips = 0;
  // The commands it ran, as INFO commandstats names them (the scripts' own calls included):
  // what the kit subtracts from a test's command profile.
  std::map<std::string, long long> commands;
  std::chrono::microseconds elapsed{0};
  // The wall time of the script round trips: an upper bound of the server time of its EVALs.
  std::chrono::microseconds script_time{0};
};

// Shortens every TTL by `by` (>= 0; 0 does nothing). Throws std::invalid_argument for a negative
// `by` or a batch size out of range, client errors (ReplyError: e.g. scripts denied by an ACL)
// as they come. The connection is left on the database it was opened on.
FastForwardResult FastForward(client::Connection& connection, std::chrono::milliseconds by,
                              const FastForwardOptions& options = {});

}  // namespace redis_testkit::ops
