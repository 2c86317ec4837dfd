#include "signal_gateway/json_lines_file_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace signal_gateway {

JsonLinesFileSink::JsonLinesFileSink(std::string path) : path_(std::move(path)) {
  // "-" is stdout (a duplicate of fd 1, so closing the sink leaves stdout open).
  fd_ =
      path_ == "-" ? dup(1) : open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw std::runtime_error("cannot open remediation-request file " + path_ +
                             " for appending: " + std::strerror(errno) +
                             " (check the directory exists and is writable)");
  }
}

JsonLinesFileSink::~JsonLinesFileSink() {
  if (fd_ >= 0) close(fd_);
}

void JsonLinesFileSink::Publish(const SinkEvent& event) {
  const nlohmann::json line = {{"action", ActionName(event.action)},
                               {"request", event.request.ToJson()}};
  const std::string text = line.dump() + "\n";
  std::lock_guard lock(mutex_);
  struct stat before {};
  const bool regular = fstat(fd_, &before) == 0 && S_ISREG(before.st_mode);
  std::size_t written = 0;
  int error = 0;
  while (written < text.size()) {
    const ssize_t n = write(fd_, text.data() + written, text.size() - written);
    if (n > 0) {
      written += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      error = n < 0 ? errno : EIO;
      break;
    }
  }
  if (written == text.size()) return;
  // Never leave half a line: a reader would drop it or, worse, glue the next line to it.
  if (regular && written > 0 && ftruncate(fd_, before.st_size) != 0) error = errno;
  throw SinkError("writing remediation request " + event.request.name + " to " + path_ +
                  " failed: " + std::strerror(error) +
                  " (free space or fix permissions; the sender's retry creates it)");
}

}  // namespace signal_gateway
