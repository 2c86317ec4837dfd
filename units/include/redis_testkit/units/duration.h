// Durations as people write them in settings, flags and environment variables.
//
// The one convention of redis-testkit and the signal gateway: a whole, non-negative number with an
// optional unit, case-insensitive, blanks around ignored:
//   (none) or ms  milliseconds   1500 = 1500ms
//   s             seconds        15s = 15000 ms
//   m             minutes        2m = 120000 ms   (in a byte size, m is a million bytes)
//   h             hours          1h = 3600000 ms
// At most 100 years (kMaxDuration): longer is a typo, and would overflow a clock's nanoseconds.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace redis_testkit::units {

inline constexpr std::chrono::milliseconds kMaxDuration = std::chrono::hours(24LL * 365 * 100);

// "15s" -> 15000 ms. Throws ParseError quoting the text and listing the accepted forms.
std::chrono::milliseconds ParseDuration(std::string_view text);
// The inverse, in the largest unit that shows the value exactly: 300000 ms -> "5m", 1500 ms ->
// "1500ms", 0 -> "0ms". ParseDuration(FormatDuration(d)) == d.
std::string FormatDuration(std::chrono::milliseconds value);

}  // namespace redis_testkit::units
