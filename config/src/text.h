// Small string helpers shared by the config sources (private). Trim and ToLower are the units
// library's (the one copy of them).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "redis_testkit/units/text.h"

namespace redis_testkit::internal {

using units::ToLower;
using units::Trim;
// "a, b,,c" -> {"a", "b", "c"}: trimmed, empty items dropped.
std::vector<std::string> SplitList(std::string_view text, char separator);

}  // namespace redis_testkit::internal
