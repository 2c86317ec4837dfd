// A Redis Stream entry ID ("<milliseconds>-<sequence>") as two numbers that compare in stream
// order.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace event_buffer {

struct StreamId {
  std::uint64_t ms = 0;   // the server's clock (milliseconds since the epoch) for automatic IDs
  std::uint64_t seq = 0;  // the sequence within that millisecond

  // "1700000000000-3", or "1700000000000" (sequence 0). Throws std::invalid_argument naming the
  // text and the expected form.
  static StreamId Parse(std::string_view text);
  std::string ToString() const;
  bool IsZero() const { return ms == 0 && seq == 0; }

  auto operator<=>(const StreamId&) const = default;
  bool operator==(const StreamId&) const = default;
};

}  // namespace event_buffer
