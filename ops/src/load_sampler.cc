#include "load_sampler.h"

#include <exception>
#include <string>
#include <utility>

#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/info.h"

namespace redis_testkit::ops::internal {
namespace {

long long Field(const client::Info& info, std::string_view name) {
  const std::optional<std::string> value = info.Get(name);
  if (!value) return 0;
  try {
    return std::stoll(*value);
  } catch (const std::exception&) {
    return 0;
  }
}

// LATENCY LATEST: [[event, timestamp, latest ms, max ms], ...]
void ReadLatency(const client::Reply& reply, LoadSample& sample) {
  if (reply.type() != client::Reply::Type::kArray) return;
  for (const client::Reply& event : reply.AsArray()) {
    if (event.type() != client::Reply::Type::kArray || event.AsArray().size() < 4) continue;
    const std::vector<client::Reply>& fields = event.AsArray();
    sample.latency_events[fields[0].AsString()] = {fields[2].AsInteger(), fields[3].AsInteger()};
  }
}

}  // namespace

LoadSampler::LoadSampler(client::Connection connection, std::chrono::milliseconds interval,
                         std::chrono::steady_clock::time_point start)
    : connection_(std::move(connection)), interval_(interval), start_(start) {
  thread_ = std::thread([this] { Loop(); });
}

LoadSampler::~LoadSampler() { Stop(); }

LoadSample LoadSampler::Take(client::Connection& connection, double at_s) {
  LoadSample sample;
  sample.at_s = at_s;
  try {
    const client::Info info = client::ParseInfo(connection.Info());
    sample.used_memory = info.memory.used_memory;
    sample.instantaneous_ops_per_sec = Field(info, "instantaneous_ops_per_sec");
    sample.total_commands_processed = Field(info, "total_commands_processed");
    sample.connected_clients = Field(info, "connected_clients");
    ReadLatency(connection.Command({"LATENCY", "LATEST"}), sample);
  } catch (const std::exception& error) {  // client errors, odd replies: the sample says why
    sample.error = error.what();
  }
  return sample;
}

void LoadSampler::Loop() {
  std::unique_lock lock(mutex_);
  auto next = start_ + interval_;
  while (!stopping_) {
    if (wake_.wait_until(lock, next, [this] { return stopping_; })) break;
    lock.unlock();
    const double at_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    LoadSample sample;
    if (connection_.connected()) {
      sample = Take(connection_, at_s);
    } else {
      sample.at_s = at_s;
      sample.error = "the sampling connection was lost";
    }
    lock.lock();
    samples_.push_back(std::move(sample));
    next += interval_;
  }
}

std::vector<LoadSample> LoadSampler::Stop() {
  {
    const std::lock_guard lock(mutex_);
    if (!thread_.joinable()) return samples_;
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  const double at_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (connection_.connected()) samples_.push_back(Take(connection_, at_s));
  return samples_;
}

}  // namespace redis_testkit::ops::internal
