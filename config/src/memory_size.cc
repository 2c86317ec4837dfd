// Memory sizes and durations as a person writes them in an environment variable.
#include <array>
#include <cctype>
#include <charconv>
#include <limits>
#include <string>
#include <string_view>

#include "redis_testkit/config.h"
#include "text.h"

namespace redis_testkit {
namespace {

struct Unit {
  std::string_view suffix;
  long long multiplier;
};

// Redis' own memtoll units: k/m/g are powers of 1000, kb/mb/gb powers of 1024.
constexpr std::array<Unit, 8> kMemoryUnits{{
    {"", 1},
    {"b", 1},
    {"k", 1000},
    {"kb", 1024},
    {"m", 1000LL * 1000},
    {"mb", 1024LL * 1024},
    {"g", 1000LL * 1000 * 1000},
    {"gb", 1024LL * 1024 * 1024},
}};

constexpr std::array<Unit, 5> kDurationUnits{{
    {"", 1},
    {"ms", 1},
    {"s", 1000},
    {"m", 60LL * 1000},
    {"h", 60LL * 60 * 1000},
}};

// Splits "512mb" into 512 and "mb". False when there is no leading number or it overflows.
bool SplitNumber(std::string_view text, long long& number, std::string& unit) {
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, number);
  if (ec != std::errc() || ptr == begin || number < 0) return false;
  unit = internal::ToLower(std::string_view(ptr, static_cast<std::size_t>(end - ptr)));
  return true;
}

bool Multiply(long long number, long long multiplier, long long& result) {
  if (number > std::numeric_limits<long long>::max() / multiplier) return false;
  result = number * multiplier;
  return true;
}

}  // namespace

long long ParseMemorySize(std::string_view text, std::string_view what) {
  const std::string_view trimmed = internal::Trim(text);
  long long number = 0;
  std::string unit;
  if (SplitNumber(trimmed, number, unit)) {
    long long result = 0;
    for (const Unit& u : kMemoryUnits) {
      if (unit == u.suffix && Multiply(number, u.multiplier, result)) return result;
    }
  }
  throw ConfigError(std::string(what) + "=\"" + std::string(text) +
                    "\" is not a memory size; use a number with an optional unit: 536870912, "
                    "512mb, 64MB, 1gb, 100kb");
}

std::chrono::milliseconds ParseDuration(std::string_view text, std::string_view what) {
  const std::string_view trimmed = internal::Trim(text);
  long long number = 0;
  std::string unit;
  if (SplitNumber(trimmed, number, unit)) {
    long long result = 0;
    for (const Unit& u : kDurationUnits) {
      if (unit == u.suffix && Multiply(number, u.multiplier, result)) {
        return std::chrono::milliseconds(result);
      }
    }
  }
  throw ConfigError(std::string(what) + "=\"" + std::string(text) +
                    "\" is not a duration; use a whole number with an optional unit: 1500 "
                    "(milliseconds), 500ms, 15s, 2m, 1h");
}

std::string FormatMemorySize(long long bytes) {
  constexpr long long kKb = 1024;
  constexpr long long kMb = kKb * 1024;
  constexpr long long kGb = kMb * 1024;
  if (bytes > 0 && bytes % kGb == 0) return std::to_string(bytes / kGb) + "gb";
  if (bytes > 0 && bytes % kMb == 0) return std::to_string(bytes / kMb) + "mb";
  if (bytes > 0 && bytes % kKb == 0) return std::to_string(bytes / kKb) + "kb";
  return std::to_string(bytes);
}

}  // namespace redis_testkit
