// What every fuzz target uses to state an invariant: a violated one prints what broke and aborts,
// which libFuzzer reports as a crash and saves the input (crash-<sha1> in the working directory).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

namespace redis_testkit::fuzz {

[[noreturn]] inline void Fail(std::string_view invariant, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz invariant violated: %.*s%s%.*s\n", static_cast<int>(invariant.size()),
               invariant.data(), detail.empty() ? "" : ": ", static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// An exception the parser does not document: report its type's message and abort.
[[noreturn]] inline void UndocumentedException(std::string_view parser, const std::exception& e) {
  Fail(std::string(parser) + " threw an undocumented exception type", e.what());
}

inline void Check(bool condition, std::string_view invariant, std::string_view detail = {}) {
  if (!condition) Fail(invariant, detail);
}

}  // namespace redis_testkit::fuzz
