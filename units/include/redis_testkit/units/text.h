// The small text helpers every layer needs (ASCII only, locale-independent).
#pragma once

#include <string>
#include <string_view>

namespace redis_testkit::units {

// The blanks of the C locale's isspace: space, \t, \n, \v, \f, \r.
inline constexpr std::string_view kBlanks = " \t\n\v\f\r";

// text without the characters of `blanks` at either end: Trim("  a b\t") -> "a b".
std::string_view Trim(std::string_view text, std::string_view blanks = kBlanks);
// ASCII lower case: "Used_Memory" -> "used_memory".
std::string ToLower(std::string_view text);
// A command-line word that is a flag, not a value: "-" followed by anything but a digit ("--url",
// "-h"); "-" alone (stdout) and negative numbers ("-5") are values. Both programs' flag parsers
// refuse such a word as a flag's value, so that a missing value never swallows the next flag.
bool LooksLikeFlag(std::string_view word);

}  // namespace redis_testkit::units
