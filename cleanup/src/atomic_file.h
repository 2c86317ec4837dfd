// Private: write a file atomically (temp file in the same directory, then rename).
#pragma once

#include <filesystem>
#include <string_view>

namespace redis_testkit::cleanup::internal {

// Creates the parent directory when missing. Throws std::runtime_error naming the path and the
// OS error.
void WriteFileAtomically(const std::filesystem::path& path, std::string_view content);

}  // namespace redis_testkit::cleanup::internal
