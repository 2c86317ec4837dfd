// RunCrashTrial: a writer thread pipelines numbered XADDs while this thread waits for the kill
// point, kills, restarts and reads the stream back (see crash_recovery.h).
#include "redis_testkit/ops/crash_recovery.h"

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/pipeline.h"

namespace redis_testkit::ops {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr long long kReadChunk = 10'000;  // XRANGE COUNT per read-back round trip

void Validate(const CrashTrialOptions& options) {
  if (options.stream_key.empty())
    throw std::invalid_argument("CrashTrialOptions::stream_key is empty");
  if (options.entries < 2) {
    throw std::invalid_argument("CrashTrialOptions::entries must be at least 2 (got " +
                                std::to_string(options.entries) + ")");
  }
  if (options.batch < 1) throw std::invalid_argument("CrashTrialOptions::batch must be at least 1");
  if (options.payload_bytes < 0) {
    throw std::invalid_argument("CrashTrialOptions::payload_bytes must not be negative");
  }
  if (options.kill_after < 0 || options.kill_after >= options.entries) {
    throw std::invalid_argument(
        "CrashTrialOptions::kill_after must be 0 (entries / 2) or less "
        "than entries (" +
        std::to_string(options.entries) + "); got " + std::to_string(options.kill_after));
  }
  if (options.timeout.count() <= 0) {
    throw std::invalid_argument("CrashTrialOptions::timeout must be longer than 0 ms");
  }
}

client::Connection Open(const client::Endpoint& endpoint, milliseconds timeout) {
  client::ConnectionOptions options;
  options.endpoint = endpoint;
  options.connect_timeout = timeout;
  options.command_timeout = timeout;
  return client::Connection(options);
}

// Writes entries 1..options.entries until the connection breaks; `acknowledged` is the highest
// sequence number whose reply (and every earlier one) has arrived.
class Writer {
 public:
  Writer(client::Connection connection, const CrashTrialOptions& options)
      : connection_(std::move(connection)), options_(options) {}

  void Run() {
    const std::string payload(static_cast<std::size_t>(options_.payload_bytes), 'x');
    client::Pipeline pipeline = connection_.MakePipeline();
    try {
      for (long long next = 1; next <= options_.entries && !stop_.load();) {
        const long long last = std::min(options_.entries, next + options_.batch - 1);
        for (long long seq = next; seq <= last; ++seq) {
          pipeline.Add(
              {"XADD", options_.stream_key, "*", "seq", std::to_string(seq), "payload", payload});
        }
        const std::vector<client::Reply> replies = pipeline.Execute();
        for (const client::Reply& reply : replies) {
          if (reply.IsError()) throw client::ReplyError("XADD: " + reply.AsString());
          acknowledged_.fetch_add(1);
        }
        next = last + 1;
      }
    } catch (const client::IoError&) {
      broken_ = true;  // the kill: expected
    } catch (const std::exception& error) {
      error_ = error.what();
    }
    done_ = true;
  }

  long long acknowledged() const { return acknowledged_.load(); }
  bool done() const { return done_.load(); }
  void Stop() { stop_ = true; }
  const std::string& error() const { return error_; }

 private:
  client::Connection connection_;
  const CrashTrialOptions& options_;
  std::atomic<long long> acknowledged_{0};
  std::atomic<bool> stop_{false};
  std::atomic<bool> done_{false};
  bool broken_ = false;
  std::string error_;
};

// Reads the stream back: counts entries and checks that the seq fields run 1, 2, 3, ...
void ReadBack(client::Connection& connection, const std::string& key, long long acknowledged,
              CrashTrialResult& result) {
  std::string start = "-";
  long long expected = 1;
  while (true) {
    const client::Reply reply =
        connection.Command({"XRANGE", key, start, "+", "COUNT", std::to_string(kReadChunk)});
    const auto& entries = reply.AsArray();
    for (const client::Reply& entry : entries) {
      const auto& fields = entry.AsArray().at(1).AsArray();
      const long long seq = std::stoll(fields.at(1).AsString());
      if (seq != expected) result.in_order = false;
      expected = seq + 1;
      ++result.recovered;
      if (seq > acknowledged) ++result.unacknowledged_recovered;
    }
    if (static_cast<long long>(entries.size()) < kReadChunk) break;
    start = "(" + entries.back().AsArray().at(0).AsString();
  }
  result.lost = std::max(0LL, acknowledged - (result.recovered - result.unacknowledged_recovered));
}

}  // namespace

std::string CrashTrialResult::Describe() const {
  return signal + " after " + std::to_string(acknowledged) +
         " acknowledged: " + std::to_string(recovered) + " recovered, " + std::to_string(lost) +
         " lost" + (in_order ? "" : " (sequence out of order)") + ", recovery " +
         std::to_string(recovery_time.count()) + " ms";
}

CrashTrialResult RunCrashTrial(containers::RedisServer& server, const CrashTrialOptions& options) {
  Validate(options);
  if (!server.owned()) server.Kill();  // throws NotOwnedError: never write to a foreign server
  const long long kill_after = options.kill_after > 0 ? options.kill_after : options.entries / 2;
  client::Connection control = Open(server.endpoint(), options.timeout);
  control.Command({"DEL", options.stream_key});

  Writer writer(Open(server.endpoint(), options.timeout), options);
  std::jthread thread([&writer] { writer.Run(); });
  const auto deadline = Clock::now() + options.timeout;
  while (writer.acknowledged() < kill_after && !writer.done() && Clock::now() < deadline) {
    std::this_thread::yield();
  }
  if (writer.done() || writer.acknowledged() < kill_after) {
    writer.Stop();
    thread.join();
    throw std::runtime_error("crash trial: the writer " +
                             (writer.error().empty()
                                  ? "did not reach " + std::to_string(kill_after) +
                                        " acknowledged entries within " +
                                        std::to_string(options.timeout.count()) + " ms"
                                  : "failed: " + writer.error()));
  }
  CrashTrialResult result;
  if (options.signal == CrashSignal::kKill) {
    result.signal = "SIGKILL";
    server.Kill();
  } else {
    result.signal = "SIGTERM";
    server.Shutdown(options.timeout);
  }
  thread.join();  // the connection broke: the writer has stopped
  result.acknowledged = writer.acknowledged();
  result.recovery_time = server.Relaunch(options.timeout);
  client::Connection reader = Open(server.endpoint(), options.timeout);
  ReadBack(reader, options.stream_key, result.acknowledged, result);
  return result;
}

}  // namespace redis_testkit::ops
