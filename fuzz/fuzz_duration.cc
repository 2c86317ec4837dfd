// ParseDuration (config) on any text. Invariants:
// - only ConfigError, whose message names the variable and quotes the value;
// - a duration is never negative, units are case-insensitive and surrounding blanks do not matter;
// - the parsed milliseconds written as "<n>" and "<n>ms" parse back to the same duration.
#include <cctype>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "redis_testkit/config.h"

namespace {

using redis_testkit::ConfigError;
using redis_testkit::ParseDuration;
namespace fuzz = redis_testkit::fuzz;

constexpr std::string_view kWhat = "REDIS_TESTKIT_FUZZ_TIMEOUT";

std::chrono::milliseconds MustParse(const std::string& text, std::string_view invariant) {
  try {
    return ParseDuration(text, kWhat);
  } catch (const std::exception& e) {
    fuzz::Fail(invariant, e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::chrono::milliseconds duration{};
  try {
    duration = ParseDuration(text, kWhat);
  } catch (const ConfigError& e) {
    const std::string_view message = e.what();
    // Environment variables and arguments cannot hold NUL, which would end what() early.
    fuzz::Check(text.find('\0') != std::string_view::npos ||
                    message.starts_with(std::string(kWhat) + "=\"" + text + "\""),
                "the error names the variable and quotes the value", message);
    return 0;
  } catch (const std::exception& e) {
    fuzz::UndocumentedException("ParseDuration", e);
  }
  fuzz::Check(duration.count() >= 0, "a duration is not negative", text);
  const std::string ms = std::to_string(duration.count());
  fuzz::Check(MustParse(ms, "plain milliseconds parse") == duration, "\"<n>\" round-trips", ms);
  fuzz::Check(MustParse(ms + "ms", "\"<n>ms\" parses") == duration, "\"<n>ms\" round-trips", ms);
  std::string upper = text;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  fuzz::Check(MustParse(upper, "upper case parses") == duration, "units are case-insensitive",
              text);
  fuzz::Check(MustParse(" " + text + "\t", "blanks around parse") == duration,
              "blanks around the value do not matter", text);
  return 0;
}
