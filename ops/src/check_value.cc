// Value comparison of profile checks (see check_value.h).
#include "check_value.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "redis_testkit/config.h"

namespace redis_testkit::ops::internal {
namespace {

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

bool EqualIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<double> NumericValue(std::string_view text) {
  const std::string_view trimmed = Trimmed(text);
  if (trimmed.empty()) return std::nullopt;
  double number = 0;
  const char* end = trimmed.data() + trimmed.size();
  auto [ptr, ec] = std::from_chars(trimmed.data(), end, number);
  if (ec == std::errc() && ptr == end && std::isfinite(number)) return number;
  try {
    return static_cast<double>(ParseMemorySize(trimmed, "value"));
  } catch (const ConfigError&) {
    return std::nullopt;
  }
}

bool SameValue(std::string_view actual, std::string_view expected) {
  const std::optional<double> a = NumericValue(actual);
  const std::optional<double> e = NumericValue(expected);
  if (a && e) return *a == *e;
  return EqualIgnoringCase(Trimmed(actual), Trimmed(expected));
}

std::string FormatNumber(double value) {
  if (std::fabs(value) < 1e15 && value == std::floor(value)) {
    return std::to_string(static_cast<long long>(value));
  }
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.4g", value);
  return buffer.data();
}

std::string ShownValue(std::string_view field, const std::string& value) {
  if (field == "requirepass" || field == "masterauth") return value.empty() ? "(empty)" : "***";
  return value.empty() ? "\"\"" : value;
}

}  // namespace redis_testkit::ops::internal
