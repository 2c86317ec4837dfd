// Fill from the outside, as subprocesses against real servers: the kit suites (fill keys are not
// leaks while an ordinary key without a TTL still is; Stats() diffed per test in one process) and
// the built `redis-testkit fill` (levels, --json, exit codes, errors naming the flag, masking).
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
#include "redis_testkit/client/info.h"
#include "subprocess.h"
#include "test_server.h"

namespace {

namespace fs = std::filesystem;
using redis_testkit::containers::internal::CommandResult;
using redis_testkit::containers::internal::RunCommand;
using redis_testkit::test_support::TestServer;

class FillSelfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("redis-testkit-fill-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ::unsetenv("REDIS_TESTKIT_POOL_DIR");
    ::unsetenv("REDIS_TESTKIT_URL");
    ::unsetenv("REDIS_TESTKIT_LEAK_ALLOWLIST");
    ::setenv("REDIS_TESTKIT_RUNTIME", "process", 1);
    ::setenv("REDIS_TESTKIT_REPORT_DIR", dir_.c_str(), 1);
    ::setenv("REDIS_TESTKIT_MAXMEMORY", "32mb", 1);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static CommandResult Suite(const char* binary, const std::string& filter) {
    return RunCommand({binary, "--gtest_filter=" + filter}, std::chrono::seconds(60));
  }
  static CommandResult Cli(const std::vector<std::string>& args) {
    std::vector<std::string> argv{CLI_BINARY, "fill"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, std::chrono::seconds(60));
  }
  // The leaks of the one test in the per-process report.
  nlohmann::json Leaks() const {
    for (const auto& entry : fs::directory_iterator(dir_)) {
      if (entry.path().extension() != ".json") continue;
      std::ifstream in(entry.path());
      return nlohmann::json::parse(in).at("tests").at(0).at("leaks");
    }
    ADD_FAILURE() << "no report in " << dir_;
    return {};
  }

  fs::path dir_;
};

TEST_F(FillSelfTest, FillKeysAreFillDataWhileAnOrdinaryKeyStillFails) {
  const CommandResult result = Suite(FILL_LEAKY_BINARY, "FillLeaky.FillAndAnOrdinaryKey");
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("left 1 key without a TTL"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("ordinary:key"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("redis-testkit:fill:"), std::string::npos) << result.out;
  const nlohmann::json leaks = Leaks();
  EXPECT_EQ(leaks.at("no_ttl_count"), 1) << leaks.dump();
  EXPECT_GT(leaks.at("allowlisted_count").get<long long>(), 1000) << leaks.dump();
}

TEST_F(FillSelfTest, FillAloneDoesNotFailTheLeakCheck) {
  ::setenv("REDIS_TESTKIT_LEAK_POLICY", "fail-any", 1);
  const CommandResult result = Suite(FILL_LEAKY_BINARY, "FillLeaky.FillOnly");
  ::unsetenv("REDIS_TESTKIT_LEAK_POLICY");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(Leaks().at("no_ttl_count"), 0);
}

// Two tests in one process on one server: the second sees its own counters, not the first's
// evictions.
TEST_F(FillSelfTest, StatsAreDiffedPerTest) {
  const CommandResult result =
      Suite(FILL_KIT_BINARY, "FillKit.AllkeysLruEvictsTheWholeStreamAtOnce:FillKit.CountersStart*");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("[  PASSED  ] 2 tests"), std::string::npos) << result.out;
}

TEST_F(FillSelfTest, CliFillsToTheLevelAndPrintsJson) {
  const TestServer server({.maxmemory_bytes = 32LL * 1024 * 1024});
  const CommandResult result = Cli({"--url", server.endpoint().Url(), "--to", "90%", "--layout",
                                    "list", "--value-size", "512", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const nlohmann::json json = nlohmann::json::parse(result.out);
  EXPECT_NEAR(json.at("fraction_after").get<double>(), 0.9, 0.01) << result.out;
  EXPECT_EQ(json.at("layout"), "list");
  EXPECT_EQ(json.at("oom_rejections"), 0);
  EXPECT_EQ(json.at("bytes_written").get<long long>(),
            json.at("entries_written").get<long long>() * 512);
  redis_testkit::client::Connection connection(server.ConnectOptions());
  const auto info = redis_testkit::client::ParseInfo(connection.Command({"INFO"}).AsString());
  EXPECT_NEAR(static_cast<double>(info.memory.used_memory) / (32.0 * 1024 * 1024), 0.9, 0.01);
}

TEST_F(FillSelfTest, CliNamesTheBadFlagValueAndExitsTwo) {
  const TestServer server({.maxmemory_bytes = 32LL * 1024 * 1024});
  const std::string url = server.endpoint().Url();
  const CommandResult above = Cli({"--url", url, "--to", "150%"});
  EXPECT_EQ(above.exit_code, 2) << above.err;
  EXPECT_NE(above.err.find("--to 150%: fill: target '150%' is above 100%"), std::string::npos)
      << above.err;
  const CommandResult layout = Cli({"--url", url, "--to", "0.9", "--layout", "zset"});
  EXPECT_EQ(layout.exit_code, 2) << layout.err;
  EXPECT_NE(layout.err.find("--layout zset"), std::string::npos) << layout.err;
  const CommandResult size = Cli({"--url", url, "--to", "0.9", "--value-size", "big"});
  EXPECT_EQ(size.exit_code, 2) << size.err;
  EXPECT_NE(size.err.find("--value-size big"), std::string::npos) << size.err;
  const CommandResult no_to = Cli({"--url", url});
  EXPECT_EQ(no_to.exit_code, 2) << no_to.err;
  EXPECT_NE(no_to.err.find("--to LEVEL is required"), std::string::npos) << no_to.err;
  const CommandResult bad_url = Cli({"--url", "http://:hunter2@x", "--to", "0.9"});
  EXPECT_EQ(bad_url.exit_code, 2) << bad_url.err;
  EXPECT_EQ(bad_url.err.find("hunter2"), std::string::npos) << bad_url.err;
}

TEST_F(FillSelfTest, CliFailsWithoutMaxmemoryAndMasksThePassword) {
  const TestServer server({.maxmemory_bytes = 0, .password = "s3cret-pw"});
  const std::string url =
      "redis://:s3cret-pw@127.0.0.1:" + std::to_string(server.endpoint().port) + "/0";
  const CommandResult result = Cli({"--url", url, "--to", "90%"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.err.find("has no maxmemory"), std::string::npos) << result.err;
  EXPECT_EQ((result.out + result.err).find("s3cret-pw"), std::string::npos) << result.err;

  redis_testkit::client::ConnectionOptions options = server.ConnectOptions();
  options.endpoint.password = "s3cret-pw";
  redis_testkit::client::Connection(options).Command({"CONFIG", "SET", "maxmemory", "32mb"});
  const CommandResult filled = Cli({"--url", url, "--to", "0.5"});
  EXPECT_EQ(filled.exit_code, 0) << filled.out << filled.err;
  EXPECT_NE(filled.out.find("redis://:***@127.0.0.1:"), std::string::npos) << filled.out;
  EXPECT_EQ(filled.out.find("s3cret-pw"), std::string::npos) << filled.out;
}

}  // namespace
