// Stream entry IDs: parsing and printing.
#include "event_buffer/stream_id.h"

#include <charconv>
#include <stdexcept>

namespace event_buffer {
namespace {

std::uint64_t ParsePart(std::string_view part, std::string_view whole) {
  std::uint64_t value = 0;
  const auto* end = part.data() + part.size();
  const auto [ptr, ec] = std::from_chars(part.data(), end, value);
  if (part.empty() || ec != std::errc() || ptr != end) {
    throw std::invalid_argument("stream ID \"" + std::string(whole) +
                                "\" is not <milliseconds>-<sequence> (e.g. 1700000000000-0)");
  }
  return value;
}

}  // namespace

StreamId StreamId::Parse(std::string_view text) {
  const std::size_t dash = text.find('-');
  if (dash == std::string_view::npos) return StreamId{ParsePart(text, text), 0};
  return StreamId{ParsePart(text.substr(0, dash), text), ParsePart(text.substr(dash + 1), text)};
}

std::string StreamId::ToString() const { return std::to_string(ms) + "-" + std::to_string(seq); }

}  // namespace event_buffer
