// A configuration profile: the checks a Redis server must pass for one use (a durable stream
// buffer, a cache), as a JSON file or a built-in name. The same profile audits a production server
// (audit.h, `redis-testkit audit`) and configures the kit's test servers (REDIS_TESTKIT_PROFILE).
//
//   {"name": "my-buffer", "description": "...", "checks": [
//     {"name": "no-eviction", "config": "maxmemory-policy", "op": "eq", "value": "noeviction",
//      "level": "required", "why": "an evicted stream key loses every event it holds"},
//     {"name": "aof-healthy", "info": "aof_last_write_status", "op": "eq", "value": "ok", ...},
//     {"name": "headroom", "ratio": "used_memory/maxmemory", "op": "le", "value": 0.8, ...}]}
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redis_testkit/config.h"

namespace redis_testkit::ops {

// A profile that cannot be used: the message names the file (or built-in name), the check and the
// problem, e.g. `profile "x.json", check "headroom": unknown operator "<="; use eq, ne, ...`.
class ProfileError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

enum class CheckSource {
  kConfig,  // a CONFIG GET parameter ("config": "maxmemory-policy")
  kInfo,    // an INFO field ("info": "aof_last_write_status")
  kRatio,   // numerator/denominator, each an INFO field or a CONFIG parameter
};

enum class CheckOperator { kEq, kNe, kIn, kNotIn, kLe, kGe, kLt, kGt, kAbsent, kPresent, kMatches };

enum class CheckLevel {
  kRequired,  // a failure fails the audit (exit 1, a test failure)
  kWarn,      // a failure is reported, never fails
};

struct ProfileCheck {
  std::string name;  // unique in its profile
  CheckSource source = CheckSource::kConfig;
  std::string field;        // parameter or INFO field; for a ratio, the numerator
  std::string denominator;  // ratio only
  CheckOperator op = CheckOperator::kEq;
  // The expected value(s) as text: one for eq/ne/le/ge/lt/gt/matches, the list for in/not_in,
  // none for absent/present. Numbers and memory sizes ("2gb") compare as numbers (bytes).
  std::vector<std::string> values;
  CheckLevel level = CheckLevel::kRequired;
  std::string why;  // the risk in words, shown when the check fails
};

struct Profile {
  std::string name;
  std::string origin;  // "built-in" or the file it was read from
  std::string description;
  std::vector<ProfileCheck> checks;
};

// Parses a profile's JSON text; `origin` names it in errors. Throws ProfileError.
Profile ParseProfile(std::string_view json_text, std::string_view origin);
// A built-in name (BuiltinProfileNames) or the path of a JSON file. Throws ProfileError naming
// the argument when it is neither, or when the file cannot be read or parsed.
Profile LoadProfile(std::string_view name_or_file);
// "cache", "durable-stream-buffer".
std::vector<std::string> BuiltinProfileNames();

const char* ToString(CheckOperator op);
const char* ToString(CheckLevel level);

// The redis-server settings a profile asks for, to start a test server with: the CONFIG parameter
// of every required `eq` check (its value) and `in` check (its first value), except the parameters
// the kit owns for the server to work (port, bind, dir, unixsocket, daemonize, logfile, ...).
std::vector<std::pair<std::string, std::string>> StartupSettings(const Profile& profile);

// REDIS_TESTKIT_PROFILE: when `config.profile` names a profile, loads it and applies its
// StartupSettings: maxmemory and maxmemory-policy replace the kit's own (so the kit's cap checks
// agree with the server), the others go to `config.settings` (appended last on the redis-server
// command line). Nothing when `config.profile` is empty. Throws ConfigError naming the variable.
void ApplyProfileSettings(ServerConfig& config);

}  // namespace redis_testkit::ops
