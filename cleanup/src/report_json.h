// Private: JSON (nlohmann) forms of the report types, shared by report.cc and report_merge.cc.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "redis_testkit/cleanup/report.h"

namespace redis_testkit::cleanup::internal {

nlohmann::json ToJson(const LeakedKey& key);
nlohmann::json ToJson(const PatternGroup& group);
nlohmann::json ToJson(const TestRecord& record);
nlohmann::json ToJson(const SuiteSummary& summary);
nlohmann::json ToJson(const ProcessInfo& process);
nlohmann::json ToJson(const ServerDescription& server);
nlohmann::json ToJson(const Report& report);  // with schema, version and summary

// Readers: missing fields take their defaults; a field of the wrong type throws
// ReportFormatError naming it.
TestRecord TestRecordFromJson(const nlohmann::json& j);
PatternGroup PatternGroupFromJson(const nlohmann::json& j);
Report ReportFromJsonValue(const nlohmann::json& j);  // checks schema and version

// A test's command profile and slow commands (command_profile_json.cc); readers throw
// ReportFormatError for an entry that is not an object or a field of the wrong type.
nlohmann::json CommandsToJson(const std::vector<CommandFigures>& commands);
std::vector<CommandFigures> CommandsFromJson(const nlohmann::json& list);
nlohmann::json SlowCommandsToJson(const std::vector<SlowCommand>& slow);
std::vector<SlowCommand> SlowCommandsFromJson(const nlohmann::json& list);

// Now, UTC: "2024-05-01T12:00:00.123Z".
std::string UtcIsoNow();

// Dumps with 2-space indent; invalid UTF-8 replaced (keys are binary-safe in Redis).
std::string Dump(const nlohmann::json& j);

}  // namespace redis_testkit::cleanup::internal
