// FormatBytes and FormatSignedBytes: byte figures for people.
#include <array>
#include <cstdio>
#include <string>

#include "redis_testkit/units/byte_size.h"

namespace redis_testkit::units {
namespace {

// prefix + text, without `"literal" + std::string&&` (GCC 12 -O2 reports a false -Wrestrict).
std::string Prefixed(char prefix, const std::string& text) {
  std::string out(1, prefix);
  out += text;
  return out;
}

}  // namespace

std::string FormatSignificant(double value, std::string_view suffix) {
  std::array<char, 48> buffer{};
  const char* format = value < 9.995 ? "%.2f" : value < 99.95 ? "%.1f" : "%.0f";
  std::snprintf(buffer.data(), buffer.size(), format, value);
  std::string out(buffer.data());
  out += suffix;
  return out;
}

std::string FormatBytes(long long bytes) {
  if (bytes < 0) return Prefixed('-', FormatBytes(-bytes));
  if (bytes < 1024) return std::to_string(bytes) + "B";
  static constexpr std::array<const char*, 5> kUnits{"KB", "MB", "GB", "TB", "PB"};
  double value = static_cast<double>(bytes) / 1024.0;
  std::size_t unit = 0;
  // Switch unit before printing "1024KB" (>= 999.5 rounds to 1000 with %.0f).
  while (value >= 999.5 && unit + 1 < kUnits.size()) {
    value /= 1024.0;
    ++unit;
  }
  return FormatSignificant(value, kUnits[unit]);
}

std::string FormatSignedBytes(long long bytes) {
  return bytes < 0 ? FormatBytes(bytes) : Prefixed('+', FormatBytes(bytes));
}

}  // namespace redis_testkit::units
