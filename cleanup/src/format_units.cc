// Human-readable figures (see format_units.h).
#include "redis_testkit/cleanup/format_units.h"

#include <array>
#include <cmath>
#include <cstdio>

namespace redis_testkit::cleanup {
namespace {

// Three significant digits: 1.10, 38.2, 512.
std::string ThreeDigits(double value, const char* unit) {
  std::array<char, 48> buffer{};
  const char* format = value < 9.995 ? "%.2f%s" : value < 99.95 ? "%.1f%s" : "%.0f%s";
  std::snprintf(buffer.data(), buffer.size(), format, value, unit);
  return buffer.data();
}

// prefix + text, without `"literal" + std::string&&` (GCC 12 -O2 reports a false -Wrestrict).
std::string Prefixed(char prefix, const std::string& text) {
  std::string out(1, prefix);
  out += text;
  return out;
}

}  // namespace

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
  return ThreeDigits(value, kUnits[unit]);
}

std::string FormatSignedBytes(long long bytes) {
  return bytes < 0 ? FormatBytes(bytes) : Prefixed('+', FormatBytes(bytes));
}

std::string FormatTtl(long long ttl_ms) {
  if (ttl_ms < 0) return "no ttl";
  if (ttl_ms < 1000) return "ttl " + std::to_string(ttl_ms) + "ms";
  const double seconds = static_cast<double>(ttl_ms) / 1000.0;
  if (seconds < 60) return "ttl " + ThreeDigits(seconds, "s");
  if (seconds < 3600) return "ttl " + ThreeDigits(seconds / 60, "m");
  if (seconds < 86400) return "ttl " + ThreeDigits(seconds / 3600, "h");
  return "ttl " + ThreeDigits(seconds / 86400, "d");
}

std::string FormatDuration(double ms) {
  if (ms < 1000) return ThreeDigits(ms < 0 ? 0 : ms, "ms");
  if (ms < 60'000) return ThreeDigits(ms / 1000, "s");
  return ThreeDigits(ms / 60'000, "m");
}

std::string FormatPercent(double share) {
  std::array<char, 32> buffer{};
  const double percent = share * 100.0;
  const char* format = percent >= 99.95 ? "%.0f%%" : "%.1f%%";
  std::snprintf(buffer.data(), buffer.size(), format, percent);
  return buffer.data();
}

}  // namespace redis_testkit::cleanup
