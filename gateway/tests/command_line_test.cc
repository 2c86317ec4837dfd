// gateway-server's command line (command_line.cc): every flag of the definitions (the table of
// settings and --config) is in the generated --help, a flag that needs a value never takes the
// next flag as its value, and the flags still parse to the same values.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "command_line_error.h"
#include "gateway_settings.h"
#include "signal_gateway/gateway_config.h"

namespace signal_gateway {
namespace {

using test_support::ErrorOf;

TEST(GatewayCommandLineTest, HelpListsEveryFlagWithItsMeaningAndDefault) {
  const std::string help = UsageText("gateway-server");
  EXPECT_EQ(help.rfind("Usage: gateway-server [flags]\n", 0), 0U) << help;
  EXPECT_NE(help.find("--config FILE"), std::string::npos) << help;
  ASSERT_GE(Settings().size(), 23U);
  for (const Setting& setting : Settings()) {
    EXPECT_NE(help.find(setting.Flag() + " " + setting.value_name), std::string::npos)
        << setting.Flag() << " is missing from --help:\n"
        << help;
    EXPECT_NE(help.find(setting.meaning.substr(0, 24)), std::string::npos)
        << setting.Flag() << "'s meaning is missing from --help:\n"
        << help;
  }
  EXPECT_NE(help.find("--redis-acquire-timeout DUR"), std::string::npos) << help;
  EXPECT_NE(help.find("--http-max-queued N"), std::string::npos) << help;
  EXPECT_NE(help.find("(default 5m)"), std::string::npos) << help;     // dedup_ttl, storm_ttl
  EXPECT_NE(help.find("(default 100kb)"), std::string::npos) << help;  // body_limit
  EXPECT_NE(help.find("namespace_environments"), std::string::npos) << help;
}

TEST(GatewayCommandLineTest, EveryJsonSettingIsAFlag) {
  for (const Setting& setting : Settings()) {
    const CommandLine cl = ParseCommandLine({setting.Flag() + "=" + setting.show(GatewayConfig{})});
    EXPECT_FALSE(cl.help) << setting.Flag();
  }
}

TEST(GatewayCommandLineTest, AFlagNeedingAValueNeverTakesTheNextFlag) {
  EXPECT_EQ(ErrorOf({"--rr-file", "--listen", "x"}),
            "--rr-file: needs a value, got the flag --listen (see --help)");
  EXPECT_EQ(ErrorOf({"--config", "--storm-threshold", "3"}),
            "--config: needs a value, got the flag --storm-threshold (see --help)");
  EXPECT_EQ(ErrorOf({"--listen", "-h"}), "--listen: needs a value, got the flag -h (see --help)");
  // "-" (stdout) and negative numbers are values.
  EXPECT_EQ(ParseCommandLine({"--rr-file", "-"}).config.rr_file, "-");
  EXPECT_NE(ErrorOf({"--rate-limit", "-1"}).find("rate_limit must be 0 (off) or more"),
            std::string::npos);
}

TEST(GatewayCommandLineTest, NewFlagsAndRepeatedFlagsParse) {
  const CommandLine cl =
      ParseCommandLine({"--redis-acquire-timeout", "250ms", "--http-max-queued=16",
                        "--storm-threshold", "3", "--storm-threshold", "5", "--rr-file", "-"});
  EXPECT_EQ(cl.config.redis_acquire_timeout, std::chrono::milliseconds(250));
  EXPECT_EQ(cl.config.http_max_queued, 16U);
  EXPECT_EQ(cl.config.storm_threshold, 5);  // the last one wins, as before
  EXPECT_EQ(ErrorOf({"stray"}), "unexpected argument \"stray\" (flags start with --; see --help)");
  EXPECT_EQ(ErrorOf({"--storm-treshold=5"}), "unknown flag --storm-treshold (see --help)");
}

}  // namespace
}  // namespace signal_gateway
