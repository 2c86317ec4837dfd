// ParseByteSize and FormatByteSize: Redis' memtoll convention, plus the IEC spellings.
#include "redis_testkit/units/byte_size.h"

#include <array>
#include <limits>
#include <string>

#include "quantity.h"
#include "redis_testkit/units/parse_error.h"

namespace redis_testkit::units {
namespace {

constexpr long long kKilo = 1000;
constexpr long long kKibi = 1024;
constexpr long long kMebi = kKibi * kKibi;
constexpr long long kGibi = kMebi * kKibi;

constexpr std::array<internal::Unit, 11> kByteUnits{{
    {"", 1},
    {"b", 1},
    {"k", kKilo},
    {"m", kKilo* kKilo},
    {"g", kKilo* kKilo* kKilo},
    {"kb", kKibi},
    {"mb", kMebi},
    {"gb", kGibi},
    {"kib", kKibi},
    {"mib", kMebi},
    {"gib", kGibi},
}};

// FormatByteSize's units, largest first: "1gb" rather than "1024mb".
constexpr std::array<internal::Unit, 3> kExactUnits{{{"gb", kGibi}, {"mb", kMebi}, {"kb", kKibi}}};

}  // namespace

long long ParseByteSize(std::string_view text) {
  const auto bytes =
      internal::ParseQuantity(text, kByteUnits, std::numeric_limits<long long>::max());
  if (bytes) return *bytes;
  throw ParseError("\"" + std::string(text) +
                   "\" is not a byte size; use a whole number of bytes with an optional unit "
                   "(case-insensitive): k, m, g = 1000, 1000^2, 1000^3; kb, mb, gb or KiB, MiB, "
                   "GiB = 1024, 1024^2, 1024^3 (e.g. 536870912, 100k, 512mb, 64MiB, 1gb)");
}

std::string FormatByteSize(long long bytes) {
  for (const internal::Unit& unit : kExactUnits) {
    if (bytes > 0 && bytes % unit.multiplier == 0) {
      return std::to_string(bytes / unit.multiplier) + std::string(unit.suffix);
    }
  }
  return std::to_string(bytes);
}

}  // namespace redis_testkit::units
