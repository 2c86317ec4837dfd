// ParseInfo (client/info.h), the one INFO parser, on any text. Invariants:
// - it never throws (its contract on server output) and nothing overflows (TotalKeys included);
// - every raw field is found by Get(), in some section;
// - the parsed sections written back as INFO text ("# section", "field:value", CRLF) parse to the
//   same sections and the same typed figures (memory, server).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "redis_testkit/client/info.h"

namespace {

using redis_testkit::client::Info;
using redis_testkit::client::MemoryInfo;
using redis_testkit::client::ParseInfo;
using redis_testkit::client::ServerInfo;
namespace fuzz = redis_testkit::fuzz;

std::string Render(const Info& info) {
  std::string text;
  for (const auto& [section, fields] : info.sections) {
    text += "# " + section + "\r\n";  // "# " alone is the section "" (fields before a header)
    for (const auto& [field, value] : fields) text += field + ":" + value + "\r\n";
    text += "\r\n";
  }
  return text;
}

bool SameDouble(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

bool SameMemory(const MemoryInfo& a, const MemoryInfo& b) {
  return a.used_memory == b.used_memory && a.used_memory_peak == b.used_memory_peak &&
         a.used_memory_rss == b.used_memory_rss && a.maxmemory == b.maxmemory &&
         SameDouble(a.mem_fragmentation_ratio, b.mem_fragmentation_ratio) &&
         a.maxmemory_policy == b.maxmemory_policy;
}

bool SameServer(const ServerInfo& a, const ServerInfo& b) {
  return a.redis_version == b.redis_version && a.process_id == b.process_id &&
         a.tcp_port == b.tcp_port && a.uptime_in_seconds == b.uptime_in_seconds &&
         a.run_id == b.run_id;
}

Info MustParse(std::string_view text, std::string_view what) {
  try {
    return ParseInfo(text);
  } catch (const std::exception& e) {
    fuzz::UndocumentedException(what, e);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Info info = MustParse(text, "ParseInfo (it never throws on server output)");
  (void)info.TotalKeys();
  (void)info.OomRejections();
  (void)info.CommandCalls("get");
  for (const auto& [section, fields] : info.sections) {
    for (const auto& [field, value] : fields) {
      fuzz::Check(!field.empty(), "no field has an empty name", section);
      fuzz::Check(info.Get(field).has_value(), "Get() finds every field", field);
    }
  }
  const std::string rendered = Render(info);
  const Info again = MustParse(rendered, "ParseInfo of the rendered sections");
  fuzz::Check(again.sections == info.sections, "sections written back parse the same", rendered);
  fuzz::Check(SameMemory(again.memory, info.memory), "memory figures are a function of sections");
  fuzz::Check(SameServer(again.server, info.server), "server figures are a function of sections");
  return 0;
}
