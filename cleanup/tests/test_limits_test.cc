// TestLimits and CommandProfile: pure logic on figures (no server).
#include "redis_testkit/cleanup/test_limits.h"

#include <gtest/gtest.h>

#include "redis_testkit/cleanup/command_profile.h"
#include "redis_testkit/cleanup/format_units.h"

namespace redis_testkit::cleanup {
namespace {

StatsSnapshot Stats(std::map<std::string, long long> calls, std::map<std::string, long long> usec) {
  StatsSnapshot s;
  s.command_calls = std::move(calls);
  s.command_usec = std::move(usec);
  return s;
}

TEST(CommandProfileTest, TheKitsOwnCommandsAreTakenOut) {
  const StatsSnapshot before = Stats({{"info", 10}, {"get", 5}}, {{"info", 1000}, {"get", 50}});
  const StatsSnapshot after = Stats({{"info", 11}, {"get", 8}, {"scan", 2}, {"keys", 1}},
                                    {{"info", 1100}, {"get", 80}, {"scan", 40}, {"keys", 500}});
  const std::vector<CommandFigures> profile =
      CommandProfile::Delta(before, after, {{"info", 1}, {"scan", 2}});
  ASSERT_EQ(profile.size(), 2U);  // the kit's INFO and SCANs are not the test's
  EXPECT_EQ(profile[0], (CommandFigures{"keys", 1, 500}));
  EXPECT_EQ(profile[1], (CommandFigures{"get", 3, 30}));
}

TEST(CommandProfileTest, ATestsOwnInfoStaysWithTheKitsEstimatedTimeRemoved) {
  const StatsSnapshot before = Stats({{"info", 4}}, {{"info", 400}});
  const StatsSnapshot after = Stats({{"info", 7}}, {{"info", 800}});
  const std::vector<CommandFigures> profile = CommandProfile::Delta(before, after, {{"info", 1}});
  ASSERT_EQ(profile.size(), 1U);
  EXPECT_EQ(profile[0], (CommandFigures{"info", 2, 300}));
}

TEST(CommandProfileTest, ARestartedServerCountsFromZero) {
  const StatsSnapshot before = Stats({{"get", 100}}, {{"get", 1000}});
  const StatsSnapshot after = Stats({{"get", 3}}, {{"get", 9}});
  const std::vector<CommandFigures> profile = CommandProfile::Delta(before, after, {});
  ASSERT_EQ(profile.size(), 1U);
  EXPECT_EQ(profile[0], (CommandFigures{"get", 3, 9}));
}

TEST(CommandProfileTest, SlowlogEntriesOldestFirstWithoutTheKitsOwn) {
  using client::Reply;
  auto entry = [](long long id, std::vector<Reply> args) {
    return Reply::Array({Reply::Integer(id), Reply::Integer(1700000000), Reply::Integer(15000),
                         Reply::Array(std::move(args)), Reply::String("127.0.0.1:5000"),
                         Reply::String("")});
  };
  const Reply reply = Reply::Array(
      {entry(3, {Reply::String("KEYS"), Reply::String("*")}), entry(2, {Reply::String("INFO")}),
       entry(1, {Reply::String("SET"), Reply::String("k"), Reply::String(std::string(100, 'x'))})});
  const std::vector<SlowCommand> slow = CommandProfile::ParseSlowlog(reply);
  ASSERT_EQ(slow.size(), 2U);
  EXPECT_EQ(slow[0].id, 1);
  EXPECT_EQ(slow[0].command, "SET k " + std::string(64, 'x') + "...");
  EXPECT_EQ(slow[1].command, "KEYS *");
  EXPECT_EQ(slow[1].usec, 15000);
  EXPECT_EQ(slow[1].client, "127.0.0.1:5000");
}

TEST(CommandProfileTest, RunTotalsSumPerCommand) {
  std::vector<CommandFigures> total;
  CommandProfile::Accumulate(total, {{"get", 2, 10}, {"set", 1, 5}});
  CommandProfile::Accumulate(total, {{"set", 4, 20}});
  ASSERT_EQ(total.size(), 2U);
  EXPECT_EQ(total[0], (CommandFigures{"set", 5, 25}));
  EXPECT_EQ(CommandProfile::FormatTop(total, 1), "set x5 " + FormatDuration(0.025));
}

TEST(TestLimitsTest, ForbiddenCommandsAnyCaseAndSubcommands) {
  const TestLimits limits({"keys", " Config ", "CLIENT|KILL"}, 0);
  const std::vector<std::string> run = limits.ForbiddenRun(
      {{"keys", 3, 1}, {"get", 9, 1}, {"config|set", 1, 1}, {"client|list", 1, 1}});
  EXPECT_EQ(run, (std::vector<std::string>{"KEYS (3 calls)", "CONFIG SET (1 call)"}));
  EXPECT_TRUE(TestLimits({}, 0).ForbiddenRun({{"keys", 1, 1}}).empty());
  EXPECT_EQ(TestLimits({"client kill"}, 0).ForbiddenRun({{"client|kill", 2, 1}}).size(), 1U);
}

TEST(TestLimitsTest, JudgeNamesTheCommandAndTheOversizedKey) {
  const TestLimits limits({"KEYS"}, 10 * 1024);
  TestRecord record;
  record.commands = {{"keys", 2, 100}};
  LeakedKey big{"doc:1", "string", 5000, "raw", 41'000, 0};
  LeakedKey small{"doc:2", "string", 5000, "raw", 100, 0};
  record.oversized_keys = limits.Oversized({small, big});
  ASSERT_EQ(record.oversized_keys.size(), 1U);
  limits.Judge(record);
  EXPECT_TRUE(record.verdict.failed);
  EXPECT_NE(record.verdict.message.find("KEYS (2 calls)"), std::string::npos);
  EXPECT_NE(record.verdict.message.find("doc:1 (string, 41000 bytes"), std::string::npos)
      << record.verdict.message;
  EXPECT_NE(record.verdict.message.find("10kb"), std::string::npos);
}

TEST(TestLimitsTest, NoLimitNoOversizedKeysAndAPassingVerdictStays) {
  const TestLimits limits({}, 0);
  EXPECT_TRUE(limits.Oversized({{"doc:1", "string", -1, "raw", 1'000'000, 0}}).empty());
  TestRecord record;
  record.commands = {{"keys", 2, 100}};
  limits.Judge(record);
  EXPECT_FALSE(record.verdict.failed);
}

}  // namespace
}  // namespace redis_testkit::cleanup
