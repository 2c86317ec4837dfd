// Human-readable figures (see format_units.h).
#include "redis_testkit/cleanup/format_units.h"

#include <array>
#include <cstdio>

namespace redis_testkit::cleanup {
using units::FormatSignificant;  // three significant digits, as FormatBytes

std::string FormatTtl(long long ttl_ms) {
  if (ttl_ms < 0) return "no ttl";
  if (ttl_ms < 1000) return "ttl " + std::to_string(ttl_ms) + "ms";
  const double seconds = static_cast<double>(ttl_ms) / 1000.0;
  if (seconds < 60) return "ttl " + FormatSignificant(seconds, "s");
  if (seconds < 3600) return "ttl " + FormatSignificant(seconds / 60, "m");
  if (seconds < 86400) return "ttl " + FormatSignificant(seconds / 3600, "h");
  return "ttl " + FormatSignificant(seconds / 86400, "d");
}

std::string FormatDuration(double ms) {
  if (ms < 1000) return FormatSignificant(ms < 0 ? 0 : ms, "ms");
  if (ms < 60'000) return FormatSignificant(ms / 1000, "s");
  return FormatSignificant(ms / 60'000, "m");
}

std::string FormatPercent(double share) {
  std::array<char, 32> buffer{};
  const double percent = share * 100.0;
  const char* format = percent >= 99.95 ? "%.0f%%" : "%.1f%%";
  std::snprintf(buffer.data(), buffer.size(), format, percent);
  return buffer.data();
}

}  // namespace redis_testkit::cleanup
