// WriteFileAtomically: <dir>/.<name>.<pid>.tmp, fsync-free (reports are not precious across a
// power cut), then rename over the target.
#include "atomic_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace redis_testkit::cleanup::internal {

void WriteFileAtomically(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path dir = path.parent_path().empty() ? "." : path.parent_path();
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    throw std::runtime_error("cannot create report directory " + dir.string() + ": " +
                             error.message());
  }
  std::string temp_name = ".";  // not `"." + ...`: GCC 12 -O2 reports a false -Wrestrict there
  temp_name += path.filename().string();
  temp_name += '.';
  temp_name += std::to_string(::getpid());
  temp_name += ".tmp";
  const std::filesystem::path temp = dir / temp_name;
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) {
      throw std::runtime_error("cannot write " + temp.string() + ": " + std::strerror(errno));
    }
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) {
      const std::string reason = std::strerror(errno);
      std::filesystem::remove(temp, error);
      throw std::runtime_error("cannot write " + temp.string() + ": " + reason);
    }
  }
  std::filesystem::rename(temp, path, error);
  if (error) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    throw std::runtime_error("cannot rename " + temp.string() + " to " + path.string() + ": " +
                             error.message());
  }
}

}  // namespace redis_testkit::cleanup::internal
