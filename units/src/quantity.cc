#include "quantity.h"

#include <charconv>
#include <string>

#include "redis_testkit/units/text.h"

namespace redis_testkit::units::internal {

std::optional<long long> ParseQuantity(std::string_view text, std::span<const Unit> units,
                                       long long max) {
  const std::string_view trimmed = Trim(text);
  // from_chars would take a leading '-': only digits may start a quantity.
  if (trimmed.empty() || trimmed.front() < '0' || trimmed.front() > '9') return std::nullopt;
  long long number = 0;
  const char* end = trimmed.data() + trimmed.size();
  const auto [ptr, ec] = std::from_chars(trimmed.data(), end, number);
  if (ec != std::errc()) return std::nullopt;  // more digits than a long long holds
  const std::string suffix = ToLower(std::string_view(ptr, static_cast<std::size_t>(end - ptr)));
  for (const Unit& unit : units) {
    if (suffix != unit.suffix) continue;
    if (number > max / unit.multiplier) return std::nullopt;
    return number * unit.multiplier;
  }
  return std::nullopt;
}

}  // namespace redis_testkit::units::internal
