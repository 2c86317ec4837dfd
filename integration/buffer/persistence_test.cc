// Phases 2-3, persistence, on the buffer's own server (durable-stream-buffer profile,
// aof-everysec; a process of its own per test, killed and restarted by redis_testkit::Server()).
//
// What SIGKILL with everysec promises, precisely: Redis write()s its AOF buffer before it replies,
// so a killed process loses nothing that reached the file; but while a background fsync is slow,
// everysec postpones that write by up to 2 s and still replies. So the everysec scenario checks
// every event acknowledged before Redis reported an empty AOF buffer (aof_buffer_length:0), and
// prints what it lost after that point; the aof-always scenario checks every acknowledged event.
#include <redis_testkit/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "buffer_scenario.h"
#include "event_buffer/errors.h"

namespace buffer_scenarios {
namespace {

using Persistence = BufferScenario;
using std::chrono::milliseconds;

// Appends Event(0), Event(1), ... one at a time until stopped or Redis goes away; acknowledged()
// is the number of events acknowledged (0..n-1).
class BackgroundProducer {
 public:
  BackgroundProducer()
      : thread_([this] {
          event_buffer::Producer producer(Options(milliseconds(1000)),
                                          {.topic = "firehose", .retention = {}});
          for (long long seq = 0; !stop_; ++seq) {
            try {
              producer.Append(Event(seq));
            } catch (const event_buffer::BufferError&) {
              return;
            }
            acknowledged_ = seq + 1;
          }
        }) {}
  ~BackgroundProducer() { Stop(); }
  BackgroundProducer(const BackgroundProducer&) = delete;
  BackgroundProducer& operator=(const BackgroundProducer&) = delete;
  long long acknowledged() const { return acknowledged_; }
  void WaitFor(long long events) const {
    while (acknowledged_ < events) std::this_thread::sleep_for(milliseconds(2));
  }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<long long> acknowledged_{0};
  std::thread thread_;
};

// The events recovered, by seq.
std::set<long long> Recovered() {
  event_buffer::Consumer reader(Options(), ConsumerNamed("firehose", "audit", 10'000));
  reader.EnsureGroup();
  std::set<long long> seqs;
  for (const auto& [seq, n] : Drain(reader)) seqs.insert(seq);
  return seqs;
}

long long MissingBelow(const std::set<long long>& recovered, long long n) {
  long long missing = 0;
  for (long long seq = 0; seq < n; ++seq) missing += recovered.contains(seq) ? 0 : 1;
  return missing;
}

// The number of events acknowledged before an INFO that reported an empty AOF buffer.
long long AcknowledgedAndWritten(const BackgroundProducer& producer) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < until) {
    const long long acknowledged = producer.acknowledged();
    if (InfoField("persistence", "aof_buffer_length") == 0) return acknowledged;
  }
  ADD_FAILURE() << "the AOF buffer never emptied within 5 s";
  return 0;
}

// Waits (at most 5 s) until INFO reports an empty AOF buffer: with everysec, what was acknowledged
// before is in the file and survives SIGKILL; what came after may not (see the top of this file).
void AwaitAofWritten() {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (InfoField("persistence", "aof_buffer_length") != 0) {
    if (std::chrono::steady_clock::now() >= until) {
      ADD_FAILURE() << "the AOF buffer never emptied within 5 s";
      return;
    }
    std::this_thread::sleep_for(milliseconds(5));
  }
}

TEST_F(Persistence, SigkillDuringProductionLosesNoEventWrittenToTheAof) {
  BackgroundProducer producer;
  producer.WaitFor(3000);
  const long long written = AcknowledgedAndWritten(producer);
  redis_testkit::Server().Kill();
  const long long acknowledged = producer.acknowledged();
  producer.Stop();
  const auto recovery = redis_testkit::Server().Restart();
  const std::set<long long> recovered = Recovered();
  EXPECT_GE(written, 3000);
  EXPECT_EQ(MissingBelow(recovered, written), 0)
      << "an event acknowledged before Redis reported its AOF buffer written was lost";
  std::printf(
      "SIGKILL (aof-everysec): %lld acknowledged, %lld of them before aof_buffer_length:0"
      " (0 lost), %lld lost of the %lld acknowledged after it; recovery %lld ms\n",
      acknowledged, written, MissingBelow(recovered, acknowledged), acknowledged - written,
      static_cast<long long>(recovery.count()));
}

TEST_F(Persistence, SigkillWithAofAlwaysLosesNoAcknowledgedEvent) {
  redis_testkit::Connect().Command({"CONFIG", "SET", "appendfsync", "always"});
  BackgroundProducer producer;
  producer.WaitFor(2000);
  redis_testkit::Server().Kill();
  const long long acknowledged = producer.acknowledged();
  producer.Stop();
  redis_testkit::Server().Restart();
  EXPECT_EQ(MissingBelow(Recovered(), acknowledged), 0) << acknowledged << " acknowledged";
}

TEST_F(Persistence, SigtermDuringProductionLosesNone) {
  BackgroundProducer producer;
  producer.WaitFor(3000);
  redis_testkit::Server().Stop();  // SIGTERM: Redis writes and fsyncs the AOF, then exits
  const long long acknowledged = producer.acknowledged();
  producer.Stop();
  redis_testkit::Server().Start();
  EXPECT_EQ(MissingBelow(Recovered(), acknowledged), 0) << acknowledged << " acknowledged";
}

TEST_F(Persistence, TheConsumerGroupResumesWhereItWas) {
  event_buffer::Producer producer(Options(), {.topic = "firehose", .retention = {}});
  for (int i = 0; i < 1000; ++i) producer.Append(Event(i, 100));
  std::map<long long, int> delivered;
  std::vector<std::string> in_flight;
  {
    event_buffer::Consumer consumer(Options(), ConsumerNamed("firehose", "w1", 100));
    consumer.EnsureGroup();
    for (int batch = 0; batch < 5; ++batch) {
      std::vector<std::string> ids;
      for (const auto& entry : consumer.Read()) {
        ids.push_back(entry.id);
        if (batch < 4) ++delivered[SeqOf(entry)];
      }
      if (batch < 4) consumer.Ack(ids);
      if (batch == 4) in_flight = ids;  // read, not acknowledged: the crash comes first
    }
  }
  // everysec: the group's state is kept once it reached the AOF (a loaded machine may hold the
  // last writes back for up to 2 s, and a SIGKILL then would lose them: not this test's claim).
  AwaitAofWritten();
  redis_testkit::Server().Kill();
  redis_testkit::Server().Restart();
  event_buffer::Consumer consumer(Options(), ConsumerNamed("firehose", "w1", 100));
  EXPECT_EQ(consumer.Pending(), 100);
  const auto again = consumer.Read();
  ASSERT_EQ(again.size(), 100U);
  EXPECT_EQ(again.front().id, in_flight.front()) << "its own pending entries come first";
  for (const auto& entry : again) ++delivered[SeqOf(entry)];
  consumer.Ack([&] {
    std::vector<std::string> ids;
    for (const auto& entry : again) ids.push_back(entry.id);
    return ids;
  }());
  for (const auto& [seq, n] : Drain(consumer)) delivered[seq] += n;
  ASSERT_EQ(delivered.size(), 1000U);
  for (const auto& [seq, n] : delivered) EXPECT_EQ(n, 1) << "event " << seq;
}

TEST_F(Persistence, RecoveryTimeOfTwentyThousandEventsIsMeasured) {
  event_buffer::Producer producer(Options(), {.topic = "firehose", .retention = {}});
  for (int first = 0; first < 20'000; first += 500) {
    std::vector<event_buffer::Fields> batch;
    for (int i = first; i < first + 500; ++i) batch.push_back(Event(i));
    producer.AppendBatch(batch);
  }
  AwaitAofWritten();
  redis_testkit::Server().Kill();
  const milliseconds recovery = redis_testkit::Server().Restart();
  EXPECT_EQ(redis_testkit::Connect().Command({"XLEN", "buffer:firehose"}).AsInteger(), 20'000);
  EXPECT_GT(recovery.count(), 0);
  ::testing::Test::RecordProperty("recovery_ms", std::to_string(recovery.count()));
  std::printf("recovery of 20,000 events (~11 MB AOF) after SIGKILL: %lld ms\n",
              static_cast<long long>(recovery.count()));
}

TEST_F(Persistence, AnAofRewriteDuringProductionLosesNothing) {
  BackgroundProducer producer;
  producer.WaitFor(2000);
  const long long rewrites_before = InfoField("persistence", "aof_rewrites");
  redis_testkit::Connect().Command({"BGREWRITEAOF"});
  while (InfoField("persistence", "aof_rewrite_in_progress") != 0 ||
         InfoField("persistence", "aof_rewrite_scheduled") != 0) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  producer.WaitFor(producer.acknowledged() + 500);  // production goes on after the rewrite
  producer.Stop();
  const long long acknowledged = producer.acknowledged();
  EXPECT_EQ(InfoField("persistence", "aof_rewrites"), rewrites_before + 1);
  redis_testkit::Server().Restart();  // SIGTERM, start again from the rewritten AOF
  const std::set<long long> recovered = Recovered();
  EXPECT_EQ(MissingBelow(recovered, acknowledged), 0);
  EXPECT_EQ(static_cast<long long>(recovered.size()), acknowledged);
}

TEST_F(Persistence, TheKitsCrashTrialOnTheBuffersServer) {
  redis_testkit::Connect().Command({"CONFIG", "SET", "appendfsync", "always"});
  redis_testkit::ops::CrashTrialOptions options;
  options.stream_key = "buffer:crash-trial";
  options.entries = 20'000;
  options.kill_after = 5'000;
  options.payload_bytes = 484;
  const auto trial = redis_testkit::ops::RunCrashTrial(redis_testkit::Server().server(), options);
  EXPECT_EQ(trial.lost, 0) << trial.Describe();
  EXPECT_TRUE(trial.in_order) << trial.Describe();
}

}  // namespace
}  // namespace buffer_scenarios
