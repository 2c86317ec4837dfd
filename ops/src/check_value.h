// How a profile compares values (internal): numbers and memory sizes as numbers (bytes), the rest
// as case-insensitive text. The parser validates expected values with the same rules the
// evaluation uses, so a profile that parses is a profile that can be evaluated.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace redis_testkit::ops::internal {

// "0.8" -> 0.8, "1073741824" -> 1073741824, "1gb" -> 1073741824 (config's ParseMemorySize),
// "yes" -> nullopt.
std::optional<double> NumericValue(std::string_view text);
// Equal as numbers when both are numeric ("1gb" == "1073741824"), else equal ignoring case.
bool SameValue(std::string_view actual, std::string_view expected);
// A number as a message shows it: 0.8 -> "0.8", 1073741824 -> "1073741824", 0.123456 -> "0.1235".
std::string FormatNumber(double value);
// CONFIG parameters whose value is never shown (requirepass, masterauth): "***", or "(empty)".
std::string ShownValue(std::string_view field, const std::string& value);

}  // namespace redis_testkit::ops::internal
