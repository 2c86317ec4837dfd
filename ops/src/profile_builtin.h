// The built-in profiles (internal): their JSON text, parsed like any file.
#pragma once

#include <optional>
#include <string_view>

namespace redis_testkit::ops::internal {

// The JSON of a built-in profile, or nullopt when `name` is not one.
std::optional<std::string_view> BuiltinProfileText(std::string_view name);

}  // namespace redis_testkit::ops::internal
