#include "signal_gateway/in_memory_sink.h"

#include <algorithm>
#include <unordered_map>

namespace signal_gateway {

void InMemorySink::Publish(const SinkEvent& event) {
  std::lock_guard lock(mutex_);
  events_.push_back(event);
}

std::vector<SinkEvent> InMemorySink::Events() const {
  std::lock_guard lock(mutex_);
  return events_;
}

std::vector<RemediationRequest> InMemorySink::Requests() const {
  std::lock_guard lock(mutex_);
  std::vector<RemediationRequest> latest;
  std::unordered_map<std::string, std::size_t> index;  // name -> position in `latest`
  for (const SinkEvent& event : events_) {
    auto [it, inserted] = index.emplace(event.request.name, latest.size());
    if (inserted) {
      latest.push_back(event.request);
    } else {
      latest[it->second] = event.request;
    }
  }
  return latest;
}

std::optional<RemediationRequest> InMemorySink::Find(std::string_view name) const {
  std::lock_guard lock(mutex_);
  for (auto it = events_.rbegin(); it != events_.rend(); ++it) {
    if (it->request.name == name) return it->request;
  }
  return std::nullopt;
}

std::size_t InMemorySink::CreatedCount() const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(std::count_if(events_.begin(), events_.end(), [](const auto& e) {
    return e.action == SinkAction::kCreated;
  }));
}

std::size_t InMemorySink::UpdatedCount() const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(std::count_if(events_.begin(), events_.end(), [](const auto& e) {
    return e.action == SinkAction::kUpdated;
  }));
}

std::vector<RemediationRequest> InMemorySink::Storms() const {
  std::vector<RemediationRequest> storms;
  for (RemediationRequest& request : Requests()) {
    if (request.storm) storms.push_back(std::move(request));
  }
  return storms;
}

void InMemorySink::Clear() {
  std::lock_guard lock(mutex_);
  events_.clear();
}

}  // namespace signal_gateway
