#include "signal_gateway/gateway_config.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "command_line_error.h"

namespace signal_gateway {
namespace {

using test_support::ErrorOf;

TEST(GatewayConfigTest, DefaultsFollowTheContract) {
  const GatewayConfig config;
  EXPECT_NO_THROW(config.Validate());
  EXPECT_EQ(config.dedup_ttl, std::chrono::seconds(300));
  EXPECT_EQ(config.storm_window, std::chrono::seconds(60));
  EXPECT_EQ(config.storm_ttl, std::chrono::seconds(300));
  EXPECT_EQ(config.storm_threshold, 10);
  EXPECT_EQ(config.resource_cap, 100);
  EXPECT_EQ(config.rate_limit, 100);
  EXPECT_EQ(config.rate_window, std::chrono::minutes(1));
  EXPECT_EQ(config.body_limit, 100u * 1024);
}

TEST(GatewayConfigTest, Durations) {
  EXPECT_EQ(ParseDuration("1500", "x"), std::chrono::milliseconds(1500));
  EXPECT_EQ(ParseDuration("250ms", "x"), std::chrono::milliseconds(250));
  EXPECT_EQ(ParseDuration("30s", "x"), std::chrono::seconds(30));
  EXPECT_EQ(ParseDuration("5m", "x"), std::chrono::minutes(5));
  EXPECT_EQ(ParseDuration("1h", "x"), std::chrono::hours(1));
  EXPECT_THROW(ParseDuration("5 minutes", "x"), ConfigError);
  EXPECT_THROW(ParseDuration("-5s", "x"), ConfigError);
  EXPECT_THROW(ParseDuration("", "x"), ConfigError);
}

TEST(GatewayConfigTest, Sizes) {
  EXPECT_EQ(ParseByteSize("102400", "x"), 102400u);
  EXPECT_EQ(ParseByteSize("100KiB", "x"), 102400u);
  EXPECT_EQ(ParseByteSize("1MiB", "x"), 1048576u);
  // Redis' convention, as the kit's (units/byte_size.h): k = 1000, kb = KiB = 1024.
  EXPECT_EQ(ParseByteSize("100k", "x"), 100000u);
  EXPECT_EQ(ParseByteSize("100kb", "x"), 102400u);
  EXPECT_EQ(ParseByteSize("1GB", "x"), 1073741824u);
  EXPECT_THROW(ParseByteSize("1TB", "x"), ConfigError);
  EXPECT_THROW(ParseByteSize("-1", "x"), ConfigError);
}

TEST(GatewayConfigTest, ABadValueNamesTheSettingAndTheAcceptedForms) {
  try {
    ParseByteSize("lots", "body_limit");
    FAIL() << "no exception";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("body_limit: \"lots\" is not a byte size; ", 0), 0u)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("KiB"), std::string::npos) << e.what();
  }
  try {
    ParseDuration("soon", "dedup_ttl");
    FAIL() << "no exception";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("dedup_ttl: \"soon\" is not a duration; ", 0), 0u)
        << e.what();
  }
}

TEST(GatewayConfigTest, Flags) {
  const CommandLine cl = ParseCommandLine({"--listen",
                                           "127.0.0.1:9000",
                                           "--redis-db",
                                           "3",
                                           "--redis-url",
                                           "redis://10.1.2.3:6380",
                                           "--dedup-ttl=2s",
                                           "--storm-window",
                                           "500ms",
                                           "--storm-threshold",
                                           "4",
                                           "--storm-ttl",
                                           "1m",
                                           "--resource-cap",
                                           "20",
                                           "--rate-limit",
                                           "0",
                                           "--body-limit",
                                           "64KiB",
                                           "--rr-file",
                                           "/tmp/rr"});
  EXPECT_FALSE(cl.help);
  EXPECT_EQ(cl.config.listen_host, "127.0.0.1");
  EXPECT_EQ(cl.config.listen_port, 9000);
  EXPECT_EQ(cl.config.redis.host, "10.1.2.3");
  EXPECT_EQ(cl.config.redis.port, 6380);
  EXPECT_EQ(cl.config.redis.db, 3);  // --redis-db wins whatever the order
  EXPECT_EQ(cl.config.dedup_ttl, std::chrono::seconds(2));
  EXPECT_EQ(cl.config.storm_window, std::chrono::milliseconds(500));
  EXPECT_EQ(cl.config.storm_threshold, 4);
  EXPECT_EQ(cl.config.storm_ttl, std::chrono::minutes(1));
  EXPECT_EQ(cl.config.resource_cap, 20);
  EXPECT_EQ(cl.config.rate_limit, 0);
  EXPECT_EQ(cl.config.body_limit, 64u * 1024);
  EXPECT_EQ(cl.config.rr_file, "/tmp/rr");
}

TEST(GatewayConfigTest, Help) {
  EXPECT_TRUE(ParseCommandLine({"--help"}).help);
  EXPECT_TRUE(ParseCommandLine({"-h"}).help);
  EXPECT_NE(UsageText("gateway-server").find("--storm-threshold"), std::string::npos);
}

TEST(GatewayConfigTest, ClearErrors) {
  EXPECT_EQ(ErrorOf({"--storm-treshold", "5"}), "unknown flag --storm-treshold (see --help)");
  EXPECT_EQ(ErrorOf({"--dedup-ttl"}), "--dedup-ttl needs a value (see --help)");
  EXPECT_EQ(ErrorOf({"--storm-threshold", "ten"}),
            "storm_threshold: \"ten\" is not a whole number");
  EXPECT_NE(ErrorOf({"--redis-url", "http://x"}).find("redis_url:"), std::string::npos);
  EXPECT_EQ(ErrorOf({"--listen", "8080"}),
            "listen: \"8080\" is not HOST:PORT (e.g. 0.0.0.0:8080 or :8080)");
}

TEST(GatewayConfigTest, ValidationListsEveryProblem) {
  const std::string error = ErrorOf({"--storm-threshold", "1", "--resource-cap", "500",
                                     "--dedup-ttl", "0", "--listen", ":70000"});
  EXPECT_NE(error.find("invalid gateway configuration:"), std::string::npos);
  EXPECT_NE(error.find("storm_threshold must be at least 2 (got 1)"), std::string::npos) << error;
  EXPECT_NE(error.find("resource_cap must be in 1..120 (got 500)"), std::string::npos) << error;
  EXPECT_NE(error.find("dedup_ttl must be at least 1 ms (got 0 ms)"), std::string::npos) << error;
  EXPECT_NE(error.find("listen: port 70000 is not in 0..65535"), std::string::npos) << error;
}

TEST(GatewayConfigTest, JsonFileThenFlags) {
  const std::string path = ::testing::TempDir() + "gateway_config_test.json";
  {
    std::ofstream out(path);
    out << R"({"redis_url": "redis://127.0.0.1:7000/2", "storm_threshold": 5, "dedup_ttl": "10s",
               "namespace_environments": {"payments": "production"}})";
  }
  const CommandLine cl = ParseCommandLine({"--config", path, "--storm-threshold", "7"});
  EXPECT_EQ(cl.config.redis.port, 7000);
  EXPECT_EQ(cl.config.redis.db, 2);
  EXPECT_EQ(cl.config.storm_threshold, 7);  // the flag wins
  EXPECT_EQ(cl.config.dedup_ttl, std::chrono::seconds(10));
  EXPECT_EQ(cl.config.namespace_environments.at("payments"), "production");
  std::remove(path.c_str());
}

TEST(GatewayConfigTest, JsonErrors) {
  GatewayConfig config;
  EXPECT_THROW(ApplyJsonConfig(config, "{", "test"), ConfigError);
  EXPECT_THROW(ApplyJsonConfig(config, R"({"storm_threshold": 1e999})", "test"), ConfigError);
  try {
    ApplyJsonConfig(config, R"({"storm_treshold": 3})", "config file x.json");
    FAIL() << "an unknown key must be an error";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "config file x.json: unknown setting \"storm_treshold\" (see "
                 "gateway-server --help for the settings)");
  }
  EXPECT_THROW(ParseCommandLine({"--config", "/nonexistent/gw.json"}), ConfigError);
}

}  // namespace
}  // namespace signal_gateway
