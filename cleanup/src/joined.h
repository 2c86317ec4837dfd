// Private: the items of a message list, "a, b, c" (settings restored, masters watched, the
// places a test leaked keys in).
#pragma once

#include <string>
#include <vector>

namespace redis_testkit::cleanup::internal {

inline std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace redis_testkit::cleanup::internal
