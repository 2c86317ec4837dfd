// Stream replies (XREADGROUP, XAUTOCLAIM, XRANGE entries) into Entry values.
#pragma once

#include <vector>

#include "event_buffer/event.h"
#include "redis_testkit/client/reply.h"

namespace event_buffer::internal {

// An array of [id, [field, value, ...] | nil] into entries (nil fields: an entry trimmed while
// pending; its fields stay empty). Throws BufferError on a reply of another shape.
std::vector<Entry> ParseEntries(const redis_testkit::client::Reply& entries);

}  // namespace event_buffer::internal
