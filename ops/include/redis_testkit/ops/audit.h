// Auditing a server against a profile (profile.h): one connection reads every parameter
// (CONFIG GET *) and INFO in one round trip, then each check is evaluated.
//
//   client::Connection c(options);
//   const ops::AuditReport report = ops::Audit(ops::LoadProfile("durable-stream-buffer"), c);
//   if (!report.Passed()) std::puts(report.ToText().c_str());
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "redis_testkit/client/info.h"
#include "redis_testkit/client/settings.h"
#include "redis_testkit/ops/profile.h"

namespace redis_testkit::client {
class Connection;
}

namespace redis_testkit::ops {

// What the audit looks at: every CONFIG parameter and every INFO field of one server.
struct ServerState {
  client::Settings settings;
  client::Info info;
};

// CONFIG GET * and INFO everything, pipelined on `connection` (one round trip). Throws client
// errors (ReplyError when CONFIG is renamed away).
ServerState ReadServerState(client::Connection& connection);

enum class CheckOutcome {
  kPass,
  kFail,  // a required check failed
  kWarn,  // a warn-level check failed
};

struct CheckResult {
  ProfileCheck check;
  CheckOutcome outcome = CheckOutcome::kPass;
  std::string actual;    // the server's value ("(absent)" when it has none)
  std::string expected;  // e.g. "eq noeviction", "le 0.8", "in allkeys-lru, allkeys-lfu"
};

struct AuditReport {
  std::string profile;  // its name
  std::string origin;   // "built-in" or its file
  std::string server;   // the audited endpoint (password masked), or empty
  std::vector<CheckResult> results;
  std::chrono::microseconds read_time{0};      // CONFIG GET * + INFO
  std::chrono::microseconds evaluate_time{0};  // the checks

  bool Passed() const;  // no required check failed
  int Count(CheckOutcome outcome) const;
  // One line per check: "FAIL no-eviction: maxmemory-policy is allkeys-lru, expected eq
  // noeviction - <why>", then a summary line.
  std::string ToText() const;
  // {"profile", "origin", "server", "passed", "failed", "warned", "read_ms", "evaluate_ms",
  //  "checks": [{"name", "status", "level", "source", "field", "actual", "expected", "why"}]}
  std::string ToJson() const;
};

const char* ToString(CheckOutcome outcome);  // "PASS", "FAIL", "WARN"

// Evaluates every check of `profile` on `state` (pure: no server).
AuditReport Evaluate(const Profile& profile, const ServerState& state);
// ReadServerState + Evaluate, with the timings and the endpoint filled in.
AuditReport Audit(const Profile& profile, client::Connection& connection);

}  // namespace redis_testkit::ops
