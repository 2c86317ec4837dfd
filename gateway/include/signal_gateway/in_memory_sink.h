// A thread-safe Sink that keeps every event in memory, for tests to inspect.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "signal_gateway/sink.h"

namespace signal_gateway {

class InMemorySink : public Sink {
 public:
  void Publish(const SinkEvent& event) override;

  // Every event, in publication order (copies: safe while other threads publish).
  std::vector<SinkEvent> Events() const;
  // The latest state of each request, in order of first appearance.
  std::vector<RemediationRequest> Requests() const;
  // The latest state of the request called `name`.
  std::optional<RemediationRequest> Find(std::string_view name) const;
  std::size_t CreatedCount() const;
  std::size_t UpdatedCount() const;
  // Requests (latest state) that carry storm information.
  std::vector<RemediationRequest> Storms() const;
  void Clear();

 private:
  mutable std::mutex mutex_;
  std::vector<SinkEvent> events_;  // guarded by mutex_
};

}  // namespace signal_gateway
