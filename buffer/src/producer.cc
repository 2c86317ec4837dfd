// Producer: XADD with retention, MULTI/EXEC batches, OOM as back-pressure.
#include "event_buffer/producer.h"

#include <chrono>
#include <stdexcept>

#include "event_buffer/errors.h"
#include "redis_link.h"

namespace event_buffer {

namespace client = redis_testkit::client;

Producer::Producer(client::ConnectionOptions connection, ProducerOptions options)
    : options_(std::move(options)), key_(StreamKey(options_.topic)) {
  options_.retention.Validate();
  link_ = std::make_unique<internal::RedisLink>(std::move(connection),
                                                "producer of topic " + options_.topic);
}

Producer::~Producer() = default;
Producer::Producer(Producer&&) noexcept = default;
Producer& Producer::operator=(Producer&&) noexcept = default;

std::vector<std::string> Producer::XaddArgs(const Fields& event) const {
  if (event.empty()) {
    throw std::invalid_argument("an event needs at least one field (topic " + options_.topic + ")");
  }
  const long long now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  std::vector<std::string> args{"XADD", key_};
  for (std::string& arg : options_.retention.TrimArgs(now_ms)) args.push_back(std::move(arg));
  args.emplace_back("*");
  for (const auto& [field, value] : event) {
    args.push_back(field);
    args.push_back(value);
  }
  return args;
}

std::string Producer::Append(const Fields& event) {
  std::vector<std::string> args = XaddArgs(event);
  try {
    std::string id = link_->Command(args).AsString();
    ++appended_;
    return id;
  } catch (const BackPressureError&) {
    ++back_pressure_;
    throw;
  }
}

std::vector<std::string> Producer::AppendBatch(const std::vector<Fields>& events) {
  if (events.empty()) return {};
  std::vector<std::vector<std::string>> commands{{"MULTI"}};
  for (const Fields& event : events) commands.push_back(XaddArgs(event));
  commands.push_back({"EXEC"});
  const std::vector<client::Reply> replies = link_->Pipeline(commands);
  // OOM comes either when a command is queued (EXEC then answers EXECABORT) or at EXEC itself:
  // either way the transaction did not run.
  for (const client::Reply& reply : replies) {
    if (internal::IsOomReply(reply)) {
      ++back_pressure_;
      throw BackPressureError(
          link_->Where() + ": Redis is full, batch of " + std::to_string(events.size()) +
          " events not written (retry once consumers caught up): " + reply.AsString());
    }
  }
  const client::Reply& exec = replies.back();
  if (exec.IsError() || exec.type() != client::Reply::Type::kArray) {
    throw BufferError(link_->Where() + ": batch not written: " + exec.ToString());
  }
  std::vector<std::string> ids;
  ids.reserve(events.size());
  for (const client::Reply& reply : exec.AsArray()) {
    if (reply.IsError()) {
      throw BufferError(link_->Where() + ": XADD in a batch failed: " + reply.AsString());
    }
    ids.push_back(reply.AsString());
  }
  appended_ += static_cast<long long>(ids.size());
  return ids;
}

}  // namespace event_buffer
