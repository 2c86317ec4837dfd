// Parsing stream entries out of replies.
#include "entries.h"

#include "event_buffer/errors.h"

namespace event_buffer::internal {

namespace client = redis_testkit::client;

std::vector<Entry> ParseEntries(const client::Reply& entries) {
  if (entries.IsNil()) return {};
  if (entries.type() != client::Reply::Type::kArray) {
    throw BufferError("unexpected stream reply (expected an array of entries): " +
                      entries.ToString());
  }
  std::vector<Entry> out;
  out.reserve(entries.AsArray().size());
  for (const client::Reply& entry : entries.AsArray()) {
    const auto& parts = entry.AsArray();
    if (parts.size() != 2) throw BufferError("unexpected stream entry: " + entry.ToString());
    Entry parsed{parts[0].AsString(), {}};
    if (!parts[1].IsNil()) {
      const auto& flat = parts[1].AsArray();
      for (std::size_t i = 0; i + 1 < flat.size(); i += 2) {
        parsed.fields.emplace_back(flat[i].AsString(), flat[i + 1].AsString());
      }
    }
    out.push_back(std::move(parsed));
  }
  return out;
}

}  // namespace event_buffer::internal
