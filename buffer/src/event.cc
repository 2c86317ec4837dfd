// Stream keys of topics.
#include "event_buffer/event.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace event_buffer {

std::string StreamKey(std::string_view topic) {
  const bool bad = topic.empty() || std::any_of(topic.begin(), topic.end(), [](char c) {
                     return std::isspace(static_cast<unsigned char>(c)) != 0;
                   });
  if (bad) {
    throw std::invalid_argument("topic \"" + std::string(topic) +
                                "\" must be non-empty without whitespace (e.g. \"firehose\")");
  }
  return "buffer:" + std::string(topic);
}

}  // namespace event_buffer
