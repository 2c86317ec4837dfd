// Crash-recovery trials against real servers started by the kit (process runtime).
#include "redis_testkit/ops/crash_recovery.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "redis_testkit/client/connection.h"

namespace redis_testkit::ops {
namespace {

containers::RedisServer StartServer(Persistence persistence) {
  ServerConfig config;
  config.runtime = Runtime::kProcess;
  config.maxmemory_bytes = 0;
  config.persistence = persistence;
  config.startup_timeout = std::chrono::seconds(30);
  return containers::RedisServer::Start(config);
}

CrashTrialOptions SmallTrial() {
  CrashTrialOptions options;
  options.entries = 20'000;
  options.kill_after = 5'000;
  return options;
}

// aof-always: written and fsynced before the reply. (everysec may postpone the write by up to 2 s
// while a background fsync is slow and still reply: bench/recovery measures what that costs.)
TEST(CrashRecovery, SigkillDuringWritesLosesNoAcknowledgedEntryWithAofAlways) {
  containers::RedisServer server = StartServer(Persistence::kAofAlways);
  const CrashTrialResult trial = RunCrashTrial(server, SmallTrial());
  EXPECT_EQ(trial.signal, "SIGKILL");
  EXPECT_GE(trial.acknowledged, 5'000);
  EXPECT_LT(trial.acknowledged, 20'000) << "killed during the writes";
  EXPECT_EQ(trial.lost, 0) << trial.Describe();
  EXPECT_GE(trial.recovered, trial.acknowledged) << trial.Describe();
  EXPECT_TRUE(trial.in_order) << trial.Describe();
  EXPECT_TRUE(server.IsRunning());
}

// SIGTERM: Redis flushes and fsyncs the AOF before it exits.
TEST(CrashRecovery, SigtermDuringWritesLosesNoAcknowledgedEntryWithAofEverysec) {
  containers::RedisServer server = StartServer(Persistence::kAofEverysec);
  CrashTrialOptions options = SmallTrial();
  options.signal = CrashSignal::kTerm;
  const CrashTrialResult trial = RunCrashTrial(server, options);
  EXPECT_EQ(trial.signal, "SIGTERM");
  EXPECT_EQ(trial.lost, 0) << trial.Describe();
  EXPECT_GE(trial.recovered, trial.acknowledged);
}

TEST(CrashRecovery, WithoutPersistenceEveryAcknowledgedEntryIsLost) {
  containers::RedisServer server = StartServer(Persistence::kNone);
  const CrashTrialResult trial = RunCrashTrial(server, SmallTrial());
  EXPECT_EQ(trial.recovered, 0);
  EXPECT_EQ(trial.lost, trial.acknowledged) << trial.Describe();
  EXPECT_NE(trial.Describe().find(std::to_string(trial.lost) + " lost"), std::string::npos);
}

TEST(CrashRecovery, BadOptionsAreNamed) {
  containers::RedisServer server = StartServer(Persistence::kNone);
  CrashTrialOptions options;
  options.entries = 100;
  options.kill_after = 100;
  try {
    RunCrashTrial(server, options);
    FAIL() << "kill_after >= entries must be refused";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("kill_after"), std::string::npos) << error.what();
  }
  options = CrashTrialOptions{};
  options.batch = 0;
  EXPECT_THROW(RunCrashTrial(server, options), std::invalid_argument);
}

TEST(CrashRecovery, AnExternalServerIsNeverWrittenOrKilled) {
  containers::RedisServer owned = StartServer(Persistence::kNone);
  ServerConfig config;
  config.runtime = Runtime::kExternal;
  config.url = owned.endpoint().Url();
  containers::RedisServer external = containers::RedisServer::Start(config);
  EXPECT_THROW(RunCrashTrial(external, SmallTrial()), containers::NotOwnedError);
  client::ConnectionOptions connect;
  connect.endpoint = owned.endpoint();
  EXPECT_EQ(client::Connection(connect).Command({"DBSIZE"}).AsInteger(), 0);
}

}  // namespace
}  // namespace redis_testkit::ops
