// Events as the buffer stores them: one Redis Stream per topic, one entry per event.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace event_buffer {

// The fields of one event, in order (XADD field value ...). At least one field.
using Fields = std::vector<std::pair<std::string, std::string>>;

// One entry read from the stream.
struct Entry {
  std::string id;  // the stream ID Redis gave it (automatic: <server ms>-<seq>)
  Fields fields;   // empty when the entry was trimmed after it was delivered (a pending ghost)
};

// The stream key of a topic: "buffer:<topic>". The only keys the buffer writes; they are meant to
// live (retention trims them, nothing expires them). Throws std::invalid_argument for an empty
// topic or one with whitespace.
std::string StreamKey(std::string_view topic);

}  // namespace event_buffer
