// ParseDuration: milliseconds by default, ms/s/m/h.
#include "redis_testkit/units/duration.h"

#include <array>
#include <string>

#include "quantity.h"
#include "redis_testkit/units/parse_error.h"

namespace redis_testkit::units {
namespace {

constexpr std::array<internal::Unit, 5> kDurationUnits{{
    {"", 1},
    {"ms", 1},
    {"s", 1000},
    {"m", 60LL * 1000},
    {"h", 60LL * 60 * 1000},
}};

}  // namespace

std::chrono::milliseconds ParseDuration(std::string_view text) {
  const auto ms = internal::ParseQuantity(text, kDurationUnits, kMaxDuration.count());
  if (ms) return std::chrono::milliseconds(*ms);
  throw ParseError("\"" + std::string(text) +
                   "\" is not a duration; use a whole number with an optional unit "
                   "(case-insensitive): ms (the default), s, m, h, at most 100 years (e.g. "
                   "1500, 500ms, 15s, 2m, 1h)");
}

std::string FormatDuration(std::chrono::milliseconds value) {
  const long long ms = value.count();
  if (ms != 0 && ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms != 0 && ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
  if (ms != 0 && ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

}  // namespace redis_testkit::units
