// JSON forms of a test's command profile and slow commands (see report_json.h).
#include <nlohmann/json.hpp>

#include "report_json.h"

namespace redis_testkit::cleanup::internal {
namespace {

using nlohmann::json;

template <typename T>
T Get(const json& item, const char* name, T fallback) {
  const auto it = item.find(name);
  if (it == item.end() || it->is_null()) return fallback;
  try {
    return it->get<T>();
  } catch (const json::exception& e) {
    throw ReportFormatError(std::string("field \"") + name + "\": " + e.what());
  }
}

void RequireObject(const json& item, const char* what) {
  if (!item.is_object())
    throw ReportFormatError(std::string("an entry of ") + what + " is not an object");
}

}  // namespace

json CommandsToJson(const std::vector<CommandFigures>& commands) {
  json list = json::array();
  for (const CommandFigures& c : commands) {
    list.push_back({{"command", c.command}, {"calls", c.calls}, {"usec", c.usec}});
  }
  return list;
}

std::vector<CommandFigures> CommandsFromJson(const json& list) {
  std::vector<CommandFigures> out;
  for (const json& item : list) {
    RequireObject(item, "\"commands\"");
    out.push_back({Get<std::string>(item, "command", ""), Get<long long>(item, "calls", 0),
                   Get<long long>(item, "usec", 0)});
  }
  return out;
}

json SlowCommandsToJson(const std::vector<SlowCommand>& slow) {
  json list = json::array();
  for (const SlowCommand& s : slow) {
    list.push_back({{"id", s.id},
                    {"timestamp", s.timestamp},
                    {"usec", s.usec},
                    {"command", s.command},
                    {"client", s.client}});
  }
  return list;
}

std::vector<SlowCommand> SlowCommandsFromJson(const json& list) {
  std::vector<SlowCommand> out;
  for (const json& item : list) {
    RequireObject(item, "\"slow_commands\"");
    out.push_back({Get<long long>(item, "id", 0), Get<long long>(item, "timestamp", 0),
                   Get<long long>(item, "usec", 0), Get<std::string>(item, "command", ""),
                   Get<std::string>(item, "client", "")});
  }
  return out;
}

}  // namespace redis_testkit::cleanup::internal
