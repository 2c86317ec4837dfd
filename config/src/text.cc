#include "text.h"

namespace redis_testkit::internal {

std::vector<std::string> SplitList(std::string_view text, char separator) {
  std::vector<std::string> items;
  while (true) {
    const std::size_t pos = text.find(separator);
    const std::string_view item = Trim(text.substr(0, pos));
    if (!item.empty()) items.emplace_back(item);
    if (pos == std::string_view::npos) break;
    text.remove_prefix(pos + 1);
  }
  return items;
}

}  // namespace redis_testkit::internal
