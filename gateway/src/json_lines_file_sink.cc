#include "signal_gateway/json_lines_file_sink.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace signal_gateway {

JsonLinesFileSink::JsonLinesFileSink(std::string path) : path_(std::move(path)) {
  // "-" is stdout (a duplicate of fd 1, so closing the sink leaves stdout open).
  file_.reset(path_ == "-" ? fdopen(dup(1), "a") : std::fopen(path_.c_str(), "a"));
  if (!file_) {
    throw std::runtime_error("cannot open remediation-request file " + path_ +
                             " for appending: " + std::strerror(errno) +
                             " (check the directory exists and is writable)");
  }
}

void JsonLinesFileSink::Publish(const SinkEvent& event) {
  const nlohmann::json line = {{"action", ActionName(event.action)},
                               {"request", event.request.ToJson()}};
  const std::string text = line.dump() + "\n";
  std::lock_guard lock(mutex_);
  if (std::fwrite(text.data(), 1, text.size(), file_.get()) != text.size() ||
      std::fflush(file_.get()) != 0) {
    spdlog::error("writing remediation request {} to {} failed: {}", event.request.name, path_,
                  std::strerror(errno));
  }
}

}  // namespace signal_gateway
