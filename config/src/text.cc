#include "text.h"

#include <cctype>

namespace redis_testkit::internal {

std::string_view Trim(std::string_view text) {
  auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string ToLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

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
