// A Sink that appends one JSON line per event to a file: {"action":"created","request":{...}}.
// Used by gateway-server (--rr-file; "-" is stdout). Each line is flushed before Publish returns.
#pragma once

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "signal_gateway/sink.h"

namespace signal_gateway {

class JsonLinesFileSink : public Sink {
 public:
  // Opens `path` for appending; throws std::runtime_error naming the path and errno text.
  explicit JsonLinesFileSink(std::string path);

  void Publish(const SinkEvent& event) override;  // logs (spdlog) and drops on a write error
  const std::string& path() const { return path_; }

 private:
  struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  std::string path_;
  std::mutex mutex_;
  std::unique_ptr<std::FILE, FileCloser> file_;  // guarded by mutex_
};

}  // namespace signal_gateway
