// The per-process leak report: one versioned JSON document per test process,
//   {"schema": "redis-testkit/leak-report", "version": 1, "process": {...}, "server": {...},
//    "tests": [...], "summary": {...}}
// (field by field in the README). Readers accept any version <= kReportVersion and ignore fields
// they do not know; a writer adding fields keeps the version, a writer changing a meaning bumps it.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "redis_testkit/cleanup/test_record.h"

namespace redis_testkit::cleanup {

inline constexpr std::string_view kReportSchema = "redis-testkit/leak-report";
inline constexpr int kReportVersion = 1;

// A report that cannot be read: not JSON, another schema, a newer version, a wrong field type.
class ReportFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ProcessInfo {
  std::string binary;  // file name of the test executable
  long long pid = 0;
  std::string started_at;  // UTC, "2024-05-01T12:00:00.123Z"
  std::string hostname;

  // This process, started now (call once, early: the report file name derives from it).
  static ProcessInfo Current();
  friend bool operator==(const ProcessInfo&, const ProcessInfo&) = default;
};

struct ServerDescription {
  std::string runtime;   // podman, docker, process, external
  std::string endpoint;  // Endpoint::ToString(), never a password
  std::string redis_version;
  long long maxmemory = 0;
  std::string maxmemory_policy;
  std::string flush;                    // flushall, flushdb, none (resolved)
  std::string leak_policy;              // fail-no-ttl, fail-any, report, off
  std::string topology = "standalone";  // standalone, cluster
  std::vector<std::string> nodes{};     // a cluster's masters, "host:port" (empty off a cluster)
  friend bool operator==(const ServerDescription&, const ServerDescription&) = default;
};

struct Report {
  ProcessInfo process;
  ServerDescription server;
  std::vector<TestRecord> tests;

  SuiteSummary Summary() const { return SuiteSummary::FromRecords(tests); }
  friend bool operator==(const Report&, const Report&) = default;
};

// Pretty-printed JSON (keys that are not UTF-8 get U+FFFD for the bad bytes).
std::string ReportToJson(const Report& report);
// Throws ReportFormatError naming what is wrong (schema, version, field).
Report ReportFromJson(std::string_view text);

}  // namespace redis_testkit::cleanup
