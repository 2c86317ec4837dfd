// Small string helpers shared by the config sources (private).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace redis_testkit::internal {

std::string_view Trim(std::string_view text);
std::string ToLower(std::string_view text);
// "a, b,,c" -> {"a", "b", "c"}: trimmed, empty items dropped.
std::vector<std::string> SplitList(std::string_view text, char separator);

}  // namespace redis_testkit::internal
