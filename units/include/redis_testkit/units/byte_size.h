// Byte sizes as people write them next to redis.conf, and as the kit prints them.
//
// The one unit convention of redis-testkit and the signal gateway (Redis' own, from memtoll):
//   (none) or b   bytes                      536870912, 100b
//   k,  m,  g     powers of 1000             100k = 100000, 2m = 2000000, 1g = 1000000000
//   kb, mb, gb    powers of 1024             100kb = 102400, 512mb = 536870912, 1gb = 1073741824
//   KiB, MiB, GiB the same powers of 1024    100KiB = 102400, 1MiB = 1048576
// Units are case-insensitive (64MB = 64mb), blanks around the text are ignored, the number is a
// whole, non-negative number (no sign, no fraction, no blank before the unit), and the result
// must fit a long long. There is no t/tb.
#pragma once

#include <string>
#include <string_view>

namespace redis_testkit::units {

// "512mb" -> 536870912. Throws ParseError quoting the text and listing the accepted forms.
long long ParseByteSize(std::string_view text);

// For redis.conf and settings: the largest 1024-based unit that divides exactly, in Redis'
// spelling, so that ParseByteSize reads it back: 536870912 -> "512mb", 102400 -> "100kb",
// 1000 -> "1000", 0 -> "0".
std::string FormatByteSize(long long bytes);

// For people (logs, reports, status lines): 1024-based, three significant digits, no blank:
// "0B", "512B", "3.10KB", "38.2KB", "1.10MB", "512MB", "3.00GB"; negative: "-2.00KB".
std::string FormatBytes(long long bytes);
// With a sign: "+38.2KB", "-1.20MB", "+0B".
std::string FormatSignedBytes(long long bytes);

// value with three significant digits, then suffix: (1.1, "MB") -> "1.10MB", (38.24, "s") ->
// "38.2s", (512, "ms") -> "512ms" (the rule FormatBytes uses, for other human figures).
std::string FormatSignificant(double value, std::string_view suffix);

}  // namespace redis_testkit::units
