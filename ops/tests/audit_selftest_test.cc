// Runs the audit from the outside: the kit suite audit_kit_test.cc (ExpectProfile failing a test
// at the caller's line; REDIS_TESTKIT_PROFILE starting the server with a profile's settings) and
// the built `redis-testkit audit` (exit codes 0, 1, 2; --json), as subprocesses against real
// servers.
#include <gtest/gtest.h>
#include <stdlib.h>  // NOLINT: setenv/unsetenv
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "redis_testkit/client/connection.h"
#include "subprocess.h"
#include "test_server.h"

namespace {

namespace fs = std::filesystem;
using redis_testkit::containers::internal::CommandResult;
using redis_testkit::containers::internal::RunCommand;

class AuditSelfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("redis-testkit-audit-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ::unsetenv("REDIS_TESTKIT_POOL_DIR");
    ::unsetenv("REDIS_TESTKIT_URL");
    ::unsetenv("REDIS_TESTKIT_PROFILE");
    ::setenv("REDIS_TESTKIT_RUNTIME", "process", 1);
    ::setenv("REDIS_TESTKIT_REPORT_DIR", dir_.c_str(), 1);
    ::setenv("REDIS_TESTKIT_MAXMEMORY", "64mb", 1);
  }
  void TearDown() override {
    ::unsetenv("REDIS_TESTKIT_PROFILE");
    fs::remove_all(dir_);
  }

  static CommandResult Kit(const std::string& filter) {
    return RunCommand({AUDIT_KIT_BINARY, "--gtest_filter=" + filter}, std::chrono::seconds(60));
  }
  static CommandResult Cli(const std::vector<std::string>& args) {
    std::vector<std::string> argv{CLI_BINARY, "audit"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, std::chrono::seconds(30));
  }
  std::string Write(const std::string& name, const std::string& text) const {
    const fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  fs::path dir_;
};

TEST_F(AuditSelfTest, ExpectProfileFailsTheTestAtTheCallersLine) {
  const CommandResult result = Kit("AuditKit.DurableBuffer");
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const std::size_t at = result.out.find("ExpectProfile at line ");
  ASSERT_NE(at, std::string::npos) << result.out;
  const std::string line = result.out.substr(at + 22, result.out.find('\n', at) - at - 22);
  EXPECT_NE(result.out.find("audit_kit_test.cc:" + line + ": Failure"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("required check aof-on: appendonly is no, expected eq yes"),
            std::string::npos)
      << result.out;
  // One failure per failed required check: only aof-on fails on the kit's 64mb defaults.
  std::size_t failures = 0;
  for (std::size_t pos = 0; (pos = result.out.find(": Failure", pos)) != std::string::npos; ++pos) {
    ++failures;
  }
  EXPECT_EQ(failures, 1U) << result.out;
}

TEST_F(AuditSelfTest, DurableBufferProfileStartsTheServerWithItsSettings) {
  ::setenv("REDIS_TESTKIT_PROFILE", "durable-stream-buffer", 1);
  const CommandResult result =
      Kit("AuditKit.DurableBuffer:AuditKit.StartedWithTheProfile:AuditKit.StillTheProfile*");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("[  PASSED  ] 3 tests"), std::string::npos) << result.out;
  // The kit's hygiene took the profile's settings as its baseline: nothing set back.
  EXPECT_EQ(result.out.find("changed the server's settings"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("restored"), std::string::npos) << result.out;
}

TEST_F(AuditSelfTest, CacheProfileStartsTheServerWithItsSettings) {
  ::setenv("REDIS_TESTKIT_PROFILE", "cache", 1);
  const CommandResult result = Kit("AuditKit.StartedWithTheProfile:AuditKit.StillTheProfile*");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.out.find("restored"), std::string::npos) << result.out;
}

TEST_F(AuditSelfTest, ProfileFileStartsTheServerAndWarningsAreLogged) {
  const std::string file = Write("hz.json", R"({"name": "hz", "checks": [
    {"name": "hz-50", "config": "hz", "op": "eq", "value": 50, "level": "required", "why": "w"},
    {"name": "io-threads", "config": "io-threads", "op": "ge", "value": 4, "level": "warn",
     "why": "one I/O thread caps throughput"}]})");
  ::setenv("REDIS_TESTKIT_PROFILE", file.c_str(), 1);
  ::setenv("AUDIT_KIT_WARN_PROFILE", file.c_str(), 1);
  const CommandResult result = Kit("AuditKit.WarnOnlyProfile");
  ::unsetenv("AUDIT_KIT_WARN_PROFILE");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE((result.out + result.err).find("WARN profile hz: io-threads"), std::string::npos)
      << result.out << result.err;
}

TEST_F(AuditSelfTest, BadProfileVariableIsNamed) {
  ::setenv("REDIS_TESTKIT_PROFILE", "durable-buffr", 1);
  const CommandResult result = Kit("AuditKit.DurableBuffer");
  EXPECT_NE(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE((result.out + result.err).find("REDIS_TESTKIT_PROFILE=\"durable-buffr\""),
            std::string::npos)
      << result.out << result.err;
}

TEST_F(AuditSelfTest, CliExitCodes) {
  redis_testkit::test_support::TestServer server({.maxmemory_bytes = 64LL << 20});
  const std::string url = server.endpoint().Url();
  const CommandResult failed = Cli({"--profile", "durable-stream-buffer", "--url", url});
  EXPECT_EQ(failed.exit_code, 1) << failed.out << failed.err;
  EXPECT_NE(failed.out.find("FAIL aof-on: appendonly is no, expected eq yes"), std::string::npos)
      << failed.out;

  redis_testkit::client::Connection connection(server.ConnectOptions());
  connection.Command({"CONFIG", "SET", "appendonly", "yes"});
  const CommandResult passed = Cli({"--profile", "durable-stream-buffer", "--url", url, "--json"});
  EXPECT_EQ(passed.exit_code, 0) << passed.out << passed.err;
  const nlohmann::json report = nlohmann::json::parse(passed.out);
  EXPECT_EQ(report["passed"], true);
  EXPECT_EQ(report["profile"], "durable-stream-buffer");
  EXPECT_GE(report["checks"].size(), 7U);

  connection.Command({"CONFIG", "SET", "maxmemory-policy", "allkeys-lru"});
  const CommandResult evicting = Cli({"--profile", "durable-stream-buffer", "--url", url});
  EXPECT_EQ(evicting.exit_code, 1) << evicting.out << evicting.err;
  EXPECT_NE(evicting.out.find("the whole stream key can be evicted at once"), std::string::npos)
      << evicting.out;
}

TEST_F(AuditSelfTest, CliUsageAndConnectionErrorsExitTwo) {
  redis_testkit::test_support::TestServer server({.maxmemory_bytes = 64LL << 20});
  const std::string url = server.endpoint().Url();
  const CommandResult no_profile = Cli({"--url", url});
  EXPECT_EQ(no_profile.exit_code, 2) << no_profile.err;
  const CommandResult unknown = Cli({"--profile", "durable", "--url", url});
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
  EXPECT_NE(unknown.err.find("neither a built-in profile"), std::string::npos) << unknown.err;
  const std::string bad = Write("bad.json", R"({"checks": [{"name": "c", "config": "x",
    "op": "=<", "value": 1, "level": "required", "why": "w"}]})");
  const CommandResult bad_operator = Cli({"--profile", bad, "--url", url});
  EXPECT_EQ(bad_operator.exit_code, 2) << bad_operator.err;
  EXPECT_NE(bad_operator.err.find("bad.json\", check \"c\": unknown operator \"=<\""),
            std::string::npos)
      << bad_operator.err;
  const int port = redis_testkit::test_support::UnusedTcpPort();
  const CommandResult refused = Cli(
      {"--profile", "cache", "--url", "redis://:pw-not-shown@127.0.0.1:" + std::to_string(port)});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_EQ(refused.err.find("pw-not-shown"), std::string::npos) << refused.err;
  const CommandResult help = RunCommand({CLI_BINARY, "audit", "--help"}, std::chrono::seconds(10));
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("1  a required check failed"), std::string::npos) << help.out;
}

}  // namespace
