// Retention of a topic's stream: by length (MAXLEN ~) or by age (MINID ~), applied by every XADD.
// Never by eviction: under noeviction a full Redis refuses writes (back-pressure) instead of
// evicting the whole stream key.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace event_buffer {

struct Retention {
  enum class Kind { kNone, kMaxLen, kMaxAge };
  Kind kind = Kind::kNone;
  long long max_len = 0;                 // kMaxLen: keep about this many entries
  std::chrono::milliseconds max_age{0};  // kMaxAge: drop entries older than this
  // "~": Redis trims whole radix-tree nodes (cheap; may keep up to ~100 entries more). false: "=".
  bool approximate = true;

  static Retention None() { return {}; }
  static Retention MaxLen(long long entries) { return {Kind::kMaxLen, entries, {}, true}; }
  static Retention MaxAge(std::chrono::milliseconds age) { return {Kind::kMaxAge, 0, age, true}; }

  // Throws std::invalid_argument naming the field: max_len <= 0 for kMaxLen, max_age <= 0 for
  // kMaxAge.
  void Validate() const;
  // The XADD trim arguments: {} / {"MAXLEN","~","N"} / {"MINID","~","<now - max_age>-0"}.
  // `now_ms`: the clock that stamps automatic IDs (milliseconds since the epoch).
  std::vector<std::string> TrimArgs(long long now_ms) const;
  std::string ToString() const;  // "none", "maxlen ~100000", "max age 3600000 ms"
};

}  // namespace event_buffer
