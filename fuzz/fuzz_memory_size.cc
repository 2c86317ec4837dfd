// ParseMemorySize and FormatMemorySize (config) on any text. Invariants:
// - only ConfigError, whose message names the variable and quotes the value;
// - a size is never negative, units are case-insensitive and surrounding blanks do not matter;
// - FormatMemorySize's output parses back to the same number of bytes (for the parsed size and
//   for any non-negative 64-bit number taken from the input's first bytes).
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "redis_testkit/config.h"

namespace {

using redis_testkit::ConfigError;
using redis_testkit::FormatMemorySize;
using redis_testkit::ParseMemorySize;
namespace fuzz = redis_testkit::fuzz;

constexpr std::string_view kWhat = "REDIS_TESTKIT_FUZZ_SIZE";

long long MustParse(const std::string& text, std::string_view invariant) {
  try {
    return ParseMemorySize(text, kWhat);
  } catch (const std::exception& e) {
    fuzz::Fail(invariant, e.what());
  }
}

void CheckFormatRoundTrip(long long bytes) {
  const std::string formatted = FormatMemorySize(bytes);
  fuzz::Check(MustParse(formatted, "FormatMemorySize's output parses") == bytes,
              "FormatMemorySize round-trips", formatted);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (size >= sizeof(long long)) {
    long long bytes = 0;
    std::memcpy(&bytes, data, sizeof bytes);
    if (bytes >= 0) CheckFormatRoundTrip(bytes);
  }
  long long bytes = 0;
  try {
    bytes = ParseMemorySize(text, kWhat);
  } catch (const ConfigError& e) {
    const std::string_view message = e.what();
    // Environment variables and arguments cannot hold NUL, which would end what() early.
    fuzz::Check(text.find('\0') != std::string_view::npos ||
                    message.starts_with(std::string(kWhat) + "=\"" + text + "\""),
                "the error names the variable and quotes the value", message);
    return 0;
  } catch (const std::exception& e) {
    fuzz::UndocumentedException("ParseMemorySize", e);
  }
  fuzz::Check(bytes >= 0, "a memory size is not negative", text);
  CheckFormatRoundTrip(bytes);
  std::string upper = text;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  fuzz::Check(MustParse(upper, "upper case parses") == bytes, "units are case-insensitive", text);
  fuzz::Check(MustParse(" " + text + "\t", "blanks around parse") == bytes,
              "blanks around the value do not matter", text);
  return 0;
}
