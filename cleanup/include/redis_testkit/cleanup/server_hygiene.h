// Puts a server's settings back to a baseline between tests, and cleans a server that a crashed
// test left dirty.
//
// The baseline is `CONFIG GET *` of the server as the kit set it up: taken when the session
// opens on a fresh private server or an external one, or recorded by `redis-testkit pool up`
// when a pool slot is fresh (a lessee may find the slot dirty: its predecessor crashed after
// CONFIG SET). After each test the session checks cheaply whether anything may have changed
// (the CONFIG SET call count of INFO commandstats, and maxmemory / maxmemory-policy of INFO
// memory, both already in the INFO it reads) and only then compares all settings (one round
// trip) and sets back what differs (one pipeline).
#pragma once

#include <string>
#include <vector>

#include "redis_testkit/client/settings.h"

namespace redis_testkit::client {
class Connection;
}

namespace redis_testkit::cleanup {

struct StatsSnapshot;

struct HygieneResult {
  std::vector<std::string> restored;  // "maxmemory-policy allkeys-lru -> noeviction"
  std::vector<std::string> failed;    // "dir: ERR ..." (could not be set back)
  long long clients_killed = 0;       // ResetLeftovers only
  long long round_trips = 0;

  bool Changed() const { return !restored.empty() || !failed.empty() || clients_killed > 0; }
  // "restored maxmemory-policy allkeys-lru -> noeviction; could not restore dir: ..."
  std::string Describe() const;
};

class ServerHygiene {
 public:
  explicit ServerHygiene(client::Settings baseline);

  // True when the settings may differ from the baseline after a test: CONFIG SET was called
  // between `before` and `after`, or maxmemory / maxmemory-policy differ from the baseline.
  bool MayHaveChanged(const StatsSnapshot& before, const StatsSnapshot& after) const;
  // CONFIG GET *, then CONFIG SET of every parameter whose value differs from the baseline.
  // Parameters the baseline does not know (a newer server) are left alone. Throws client I/O
  // errors; a parameter that cannot be set back is listed in `failed`.
  HygieneResult Restore(client::Connection& connection) const;
  // Restore, plus what a crashed test may leave on a server it leased: cached Lua scripts
  // (SCRIPT FLUSH), functions (FUNCTION FLUSH) and other client connections (CLIENT KILL).
  HygieneResult ResetLeftovers(client::Connection& connection) const;

  const client::Settings& baseline() const { return baseline_; }

 private:
  client::Settings baseline_;
};

}  // namespace redis_testkit::cleanup
