// Shared helpers of the buffer scenarios.
#include "buffer_scenario.h"

#include <thread>

#include "event_buffer/errors.h"

namespace buffer_scenarios {

namespace client = redis_testkit::client;

event_buffer::Fields Event(long long seq, std::size_t body_bytes) {
  std::string did = "did:plc:" + std::to_string(1'000'000'000'000LL + seq * 7919 % 999'983);
  std::string body(body_bytes, 'e');
  const std::string prefix = "{\"seq\":" + std::to_string(seq) + ",\"text\":\"";
  body.replace(0, std::min(prefix.size(), body.size()), prefix.substr(0, body.size()));
  return {{"seq", std::to_string(seq)},
          {"did", std::move(did)},
          {"kind", "commit"},
          {"body", std::move(body)}};
}

long long SeqOf(const event_buffer::Entry& entry) {
  for (const auto& [field, value] : entry.fields) {
    if (field == "seq") return std::stoll(value);
  }
  return -1;
}

client::ConnectionOptions Options(std::chrono::milliseconds command_timeout) {
  return Options(redis_testkit::GetEndpoint(), command_timeout);
}

client::ConnectionOptions Options(const client::Endpoint& endpoint,
                                  std::chrono::milliseconds command_timeout) {
  client::ConnectionOptions options;
  options.endpoint = endpoint;
  options.command_timeout = command_timeout;
  return options;
}

event_buffer::ConsumerOptions ConsumerNamed(const std::string& topic, const std::string& name,
                                            int batch) {
  event_buffer::ConsumerOptions o;
  o.topic = topic;
  o.group = "pipeline";
  o.name = name;
  o.batch = batch;
  return o;
}

std::map<long long, int> Drain(event_buffer::Consumer& consumer) {
  std::map<long long, int> seen;
  for (;;) {
    const std::vector<event_buffer::Entry> entries = consumer.Read();
    if (entries.empty()) return seen;
    std::vector<std::string> ids;
    for (const event_buffer::Entry& entry : entries) {
      ++seen[SeqOf(entry)];
      ids.push_back(entry.id);
    }
    consumer.Ack(ids);
  }
}

int AppendWithRetry(event_buffer::Producer& producer, const event_buffer::Fields& event,
                    std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  for (int attempt = 1;; ++attempt) {
    try {
      producer.Append(event);
      return attempt;
    } catch (const event_buffer::BufferError& error) {
      if (!error.retryable() || std::chrono::steady_clock::now() > until) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
}

long long InfoField(const std::string& section, const std::string& field) {
  const client::Info info = client::ParseInfo(redis_testkit::Connect().Info(section));
  const auto value = info.Get(field);
  return value ? std::stoll(*value) : 0;
}

void BufferScenario::SetUp() {
  // The stream keys are the buffer itself: they live until retention trims them (no TTL by
  // design), so they are allowlisted; the fixture adds nothing else.
  redis_testkit::AllowKeys("buffer:*");
}

}  // namespace buffer_scenarios
