// A whole number followed by a unit from a table: the shared core of ParseByteSize and
// ParseDuration (private).
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace redis_testkit::units::internal {

struct Unit {
  std::string_view suffix;  // lower case; "" for a bare number
  long long multiplier;
};

// " 512MB " -> 512 * the multiplier of "mb": blanks around ignored, the unit case-insensitive.
// nullopt when the text is not digits followed by one of `units`, or the result exceeds `max`.
std::optional<long long> ParseQuantity(std::string_view text, std::span<const Unit> units,
                                       long long max);

}  // namespace redis_testkit::units::internal
