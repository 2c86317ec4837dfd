// Retention: validation and the XADD trim arguments.
#include "event_buffer/retention.h"

#include <stdexcept>

namespace event_buffer {

void Retention::Validate() const {
  if (kind == Kind::kMaxLen && max_len <= 0) {
    throw std::invalid_argument("retention max_len must be > 0 (got " + std::to_string(max_len) +
                                "); use Retention::None() for no retention");
  }
  if (kind == Kind::kMaxAge && max_age.count() <= 0) {
    throw std::invalid_argument("retention max_age must be > 0 ms (got " +
                                std::to_string(max_age.count()) +
                                "); use Retention::None() for no retention");
  }
}

std::vector<std::string> Retention::TrimArgs(long long now_ms) const {
  const std::string how = approximate ? "~" : "=";
  switch (kind) {
    case Kind::kNone:
      return {};
    case Kind::kMaxLen:
      return {"MAXLEN", how, std::to_string(max_len)};
    case Kind::kMaxAge: {
      const long long min_ms = now_ms - max_age.count();
      return {"MINID", how, std::to_string(min_ms < 0 ? 0 : min_ms) + "-0"};
    }
  }
  return {};
}

std::string Retention::ToString() const {
  const std::string how = approximate ? "~" : "=";
  switch (kind) {
    case Kind::kNone:
      return "none";
    case Kind::kMaxLen:
      return "maxlen " + how + std::to_string(max_len);
    case Kind::kMaxAge:
      return "max age " + how + std::to_string(max_age.count()) + " ms";
  }
  return "none";
}

}  // namespace event_buffer
