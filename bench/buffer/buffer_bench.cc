// The event buffer's figures on one redis-server the kit starts (process runtime, aof-everysec,
// noeviction, 64 MB cap): bytes per event, 2 GB capacity, recovery time, throughput percentiles.
//
//   event_buffer_bench [--seconds 30] [--events 50000]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <thread>

#include "event_buffer/consumer.h"
#include "event_buffer/producer.h"
#include "redis_testkit/client/info.h"
#include "redis_testkit/containers/redis_server.h"
#include "redis_testkit/ops/load.h"

namespace {

using namespace redis_testkit;  // NOLINT(google-build-using-namespace): a benchmark's main

constexpr long long kCap = 64LL * 1024 * 1024;
constexpr double kTwoGb = 2.0 * 1024 * 1024 * 1024;

event_buffer::Fields Event(long long seq) {
  return {{"seq", std::to_string(seq)},
          {"did", "did:plc:" + std::to_string(1'000'000'000'000LL + seq)},
          {"kind", "commit"},
          {"body", std::string(440, 'e')}};
}

long long InfoField(client::Connection& redis, const char* section, const char* field) {
  const auto value = client::ParseInfo(redis.Info(section)).Get(field);
  return value ? std::stoll(*value) : 0;
}

void Produce(event_buffer::Producer& producer, long long first, long long count) {
  for (long long done = 0; done < count;) {
    std::vector<event_buffer::Fields> batch;
    for (int i = 0; i < 500 && done < count; ++i, ++done) batch.push_back(Event(first + done));
    producer.AppendBatch(batch);
  }
}

double LoggedLoadMs(const std::string& logs) {
  const std::string marker = "DB loaded from append only file: ";
  const std::size_t at = logs.rfind(marker);
  return at == std::string::npos ? -1
                                 : std::strtod(logs.c_str() + at + marker.size(), nullptr) * 1000;
}

void Capacity(client::Connection& redis, const client::ConnectionOptions& options,
              long long events) {
  event_buffer::Producer producer(options, {.topic = "bench", .retention = {}});
  const long long before = InfoField(redis, "memory", "used_memory");
  Produce(producer, 0, events);
  const long long after = InfoField(redis, "memory", "used_memory");
  const double per_event = static_cast<double>(after - before) / static_cast<double>(events);
  const double usage =
      static_cast<double>(
          redis.Command({"MEMORY", "USAGE", "buffer:bench", "SAMPLES", "0"}).AsInteger()) /
      static_cast<double>(events);
  std::size_t raw = 0;
  for (const auto& [field, value] : Event(events / 2)) raw += field.size() + value.size();
  std::printf(
      "bytes per event: %.1f (used_memory), %.1f (MEMORY USAGE of the stream); anchor: %zu "
      "bytes of fields and values (%.2fx)\n",
      per_event, usage, raw, per_event / static_cast<double>(raw));
  // Up to 80% of the cap (the durable-stream-buffer profile's headroom), then extrapolate.
  long long total = events;
  while (InfoField(redis, "memory", "used_memory") < kCap * 8 / 10) {
    Produce(producer, total, 5'000);
    total += 5'000;
  }
  const long long used = InfoField(redis, "memory", "used_memory");
  const double slope = static_cast<double>(used - before) / static_cast<double>(total);
  std::printf(
      "capacity: %lld events in %.1f MB of a 64 MB cap (%.1f bytes each); 2 GB holds %.2f M "
      "events at 80%% (the profile's headroom), %.2f M at 100%%; the seeds' 2.7 M need "
      "%.2f GB (%.0f%% of 2 GB)\n",
      total, static_cast<double>(used) / 1048576.0, slope,
      (0.8 * kTwoGb - static_cast<double>(before)) / slope / 1e6,
      (kTwoGb - static_cast<double>(before)) / slope / 1e6,
      (2.7e6 * slope + static_cast<double>(before)) / 1073741824.0,
      100.0 * (2.7e6 * slope + static_cast<double>(before)) / kTwoGb);
}

void Recovery(containers::RedisServer& server, client::Connection& redis) {
  const long long length = redis.Command({"XLEN", "buffer:bench"}).AsInteger();
  while (InfoField(redis, "persistence", "aof_buffer_length") != 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  server.Kill();
  const auto recovery = server.Relaunch(std::chrono::seconds(60));
  client::Connection again({.endpoint = server.endpoint()});
  std::printf(
      "recovery after SIGKILL (aof-everysec): %lld events (%lld recovered) in %lld ms; "
      "anchor: Redis logged the AOF load as %.1f ms\n",
      length, again.Command({"XLEN", "buffer:bench"}).AsInteger(),
      static_cast<long long>(recovery.count()), LoggedLoadMs(server.Logs(200)));
  again.Command({"DEL", "buffer:bench"});
}

ops::LoadResult Load(const client::Endpoint& endpoint, std::vector<std::string> command,
                     int seconds) {
  ops::LoadOptions load;
  load.endpoint = endpoint;
  load.command = std::move(command);
  load.rate = 1000;
  load.duration = std::chrono::seconds(seconds);
  load.connections = 4;
  return ops::RunLoad(load);
}

void Throughput(const client::Endpoint& endpoint, const client::ConnectionOptions& options,
                int seconds) {
  event_buffer::ConsumerOptions consumer_options;
  consumer_options.topic = "firehose";
  consumer_options.group = "pipeline";
  consumer_options.name = "bench";
  consumer_options.batch = 500;
  consumer_options.block = std::chrono::milliseconds(100);
  event_buffer::Consumer consumer(options, consumer_options);
  consumer.EnsureGroup();
  std::atomic<bool> done{false};
  std::thread drain([&] {
    for (;;) {
      std::vector<std::string> ids;
      for (const auto& entry : consumer.Read()) ids.push_back(entry.id);
      if (ids.empty() && done) return;
      consumer.Ack(ids);
    }
  });
  const ops::LoadResult xadd =
      Load(endpoint,
           {"XADD", "buffer:firehose", "MAXLEN", "~", "2700000", "*", "seq", "{seq}", "did",
            "did:plc:{rand}", "kind", "commit", "body", "{payload:440}"},
           seconds);
  done = true;
  drain.join();
  const ops::LoadResult ping = Load(endpoint, {"PING"}, seconds);
  const auto row = [](const char* what, const ops::LoadResult& r) {
    std::printf("%-34s %8.1f/s %6lld  %7.3f %7.3f %7.3f %8.3f %8.3f   %7.3f %7.3f\n", what,
                r.achieved_rate, static_cast<long long>(r.ErrorCount()), r.intended.p50_ms,
                r.intended.p90_ms, r.intended.p99_ms, r.intended.p999_ms, r.intended.max_ms,
                r.actual.p99_ms, r.actual.p999_ms);
  };
  std::printf("throughput, 1000/s for %d s, 4 connections (ms; intended = from the due time)\n",
              seconds);
  std::printf("%-34s %10s %6s  %7s %7s %7s %8s %8s   %7s %7s\n", "command", "rate", "errors", "p50",
              "p90", "p99", "p99.9", "max", "act p99", "p99.9");
  row("XADD event + consumer group drain", xadd);
  row("anchor: PING, same rate", ping);
  std::printf("targets: p99 <= 5 ms, p99.9 <= 20 ms from the intended send: %s\n",
              xadd.intended.p99_ms <= 5 && xadd.intended.p999_ms <= 20 ? "met" : "NOT met");
}

}  // namespace

int main(int argc, char** argv) {
  int seconds = 30;
  long long events = 50'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--seconds") {
      seconds = std::atoi(argv[i + 1]);
    } else if (flag == "--events") {
      events = std::atoll(argv[i + 1]);
    } else {
      std::fprintf(stderr, "unknown flag %s (use --seconds N, --events N)\n", flag.c_str());
      return 2;
    }
  }
  if (seconds <= 0 || events <= 0) {
    std::fprintf(stderr, "--seconds and --events must be > 0\n");
    return 2;
  }
  try {
    ServerConfig config;
    config.runtime = Runtime::kProcess;
    config.maxmemory_bytes = kCap;
    config.persistence = Persistence::kAofEverysec;
    config.startup_timeout = std::chrono::seconds(60);
    containers::RedisServer server = containers::RedisServer::Start(config);
    client::ConnectionOptions options{.endpoint = server.endpoint()};
    client::Connection redis(options);
    std::printf(
        "event buffer bench: redis-server (process runtime, aof-everysec, noeviction, 64 MB "
        "cap); events of %zu value bytes\n",
        std::string(440, 'e').size());
    Capacity(redis, options, events);
    Recovery(server, redis);
    Throughput(server.endpoint(), options, seconds);
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "event_buffer_bench: %s\n", error.what());
    return 1;
  }
}
