// A Sink that appends one JSON line per event to a file: {"action":"created","request":{...}}.
// Used by gateway-server (--rr-file; "-" is stdout). Each line is one write(2) to a descriptor
// opened with O_APPEND, done before Publish returns; a line the file cannot take (disk full,
// permission, I/O error) is cut back off a regular file and Publish throws SinkError, so the file
// never holds a partial line and the gateway answers 503 (the sender retries).
#pragma once

#include <mutex>
#include <string>

#include "signal_gateway/sink.h"

namespace signal_gateway {

class JsonLinesFileSink : public Sink {
 public:
  // Opens `path` for appending; throws std::runtime_error naming the path and errno text.
  explicit JsonLinesFileSink(std::string path);
  ~JsonLinesFileSink() override;
  JsonLinesFileSink(const JsonLinesFileSink&) = delete;
  JsonLinesFileSink& operator=(const JsonLinesFileSink&) = delete;

  void Publish(const SinkEvent& event) override;  // throws SinkError on a write error
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::mutex mutex_;
  int fd_ = -1;  // guarded by mutex_
};

}  // namespace signal_gateway
