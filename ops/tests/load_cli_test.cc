// `redis-testkit load` as a user runs it (a subprocess against a private redis-server): the JSON
// fields, the exit codes (0 clean, 1 errors, 2 bad input or unreachable), errors naming the
// problem, the password never printed.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "subprocess.h"
#include "test_server.h"

namespace redis_testkit::ops {
namespace {

using containers::internal::CommandResult;
using containers::internal::RunCommand;

CommandResult Load(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {CLI_BINARY, "load"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, std::chrono::milliseconds(30000));
}

TEST(LoadCliTest, JsonHasTheDocumentedFieldsAndExitsZero) {
  test_support::TestServer server;
  const CommandResult run =
      Load({"--url", server.endpoint().Url(), "--rate", "500", "--duration", "1s", "--connections",
            "2", "--json", "--", "SET", "k:{seq}", "{payload:8}"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const nlohmann::json json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["target_rate"], 500);
  EXPECT_NEAR(json["achieved_rate"].get<double>(), 500, 50);
  EXPECT_TRUE(json["errors"].empty());
  for (const char* side : {"intended", "actual"}) {
    for (const char* figure : {"p50", "p90", "p99", "p999", "max"}) {
      EXPECT_TRUE(json["latency_ms"][side].contains(figure)) << side << " " << figure;
    }
  }
  EXPECT_EQ(json["windows"].size(), 1U);
  EXPECT_EQ(json["requests"]["completed"], 500);
}

TEST(LoadCliTest, ErrorRepliesExitOneAndAreCountedInTheSummary) {
  test_support::TestServer server;
  const CommandResult run = Load({"--url", server.endpoint().Url(), "--rate", "200", "--duration",
                                  "500ms", "--", "NOSUCHCOMMAND"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("ERR 100"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("intended"), std::string::npos) << run.out;
}

TEST(LoadCliTest, BadInputExitsTwoNamingTheProblem) {
  const std::string url = "redis://127.0.0.1:" + std::to_string(test_support::UnusedTcpPort());
  const CommandResult zero = Load({"--url", url, "--rate", "0", "--duration", "1s", "--", "PING"});
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_NE(zero.err.find("--rate"), std::string::npos) << zero.err;
  const CommandResult placeholder =
      Load({"--url", url, "--rate", "10", "--duration", "1s", "--", "GET", "{nope}"});
  EXPECT_EQ(placeholder.exit_code, 2);
  EXPECT_NE(placeholder.err.find("unknown placeholder {nope}"), std::string::npos)
      << placeholder.err;
  const CommandResult unit = Load({"--url", url, "--rate", "10", "--duration", "10", "--", "PING"});
  EXPECT_EQ(unit.exit_code, 2);
  EXPECT_NE(unit.err.find("needs a unit"), std::string::npos) << unit.err;
  const CommandResult secret =
      Load({"--url", "redis://:hunter2@127.0.0.1:" + std::to_string(test_support::UnusedTcpPort()),
            "--rate", "10", "--duration", "1s", "--", "PING"});
  EXPECT_EQ(secret.exit_code, 2);
  EXPECT_NE(secret.err.find("cannot reach"), std::string::npos) << secret.err;
  EXPECT_EQ((secret.out + secret.err).find("hunter2"), std::string::npos) << secret.err;
}

}  // namespace
}  // namespace redis_testkit::ops
