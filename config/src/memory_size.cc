// Memory sizes and durations as a person writes them in an environment variable: the units
// library's one convention (redis_testkit/units/byte_size.h, duration.h), errors as ConfigError.
#include <string>
#include <string_view>

#include "redis_testkit/config.h"
#include "redis_testkit/units/byte_size.h"
#include "redis_testkit/units/duration.h"
#include "redis_testkit/units/parse_error.h"

namespace redis_testkit {

long long ParseMemorySize(std::string_view text, std::string_view what) {
  try {
    return units::ParseByteSize(text);
  } catch (const units::ParseError& e) {
    throw ConfigError(std::string(what) + "=" + e.what());
  }
}

std::chrono::milliseconds ParseDuration(std::string_view text, std::string_view what) {
  try {
    return units::ParseDuration(text);
  } catch (const units::ParseError& e) {
    throw ConfigError(std::string(what) + "=" + e.what());
  }
}

std::string FormatMemorySize(long long bytes) { return units::FormatByteSize(bytes); }

}  // namespace redis_testkit
