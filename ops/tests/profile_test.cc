// Profiles and their evaluation as pure logic (no server): parsing errors name the file, the check
// and the problem; operators, memory sizes and ratios evaluate as documented; the built-in
// profiles parse and give the settings a test server starts with.
#include "redis_testkit/ops/profile.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "redis_testkit/ops/audit.h"

namespace redis_testkit::ops {
namespace {

// The ProfileError message of parsing `json` as "bad.json" (empty when it parses).
std::string ParseErrorOf(const std::string& json) {
  try {
    ParseProfile(json, "bad.json");
  } catch (const ProfileError& error) {
    return error.what();
  }
  return "";
}

std::string OneCheck(const std::string& fields) {
  return R"({"name": "p", "checks": [{"name": "c1", )" + fields + "}]}";
}

TEST(ProfileParse, UnknownOperatorNamesFileCheckAndOperator) {
  const std::string error = ParseErrorOf(OneCheck(
      R"("config": "maxmemory", "op": "<=", "value": 1, "level": "required", "why": "w")"));
  EXPECT_NE(error.find("bad.json"), std::string::npos) << error;
  EXPECT_NE(error.find("check \"c1\""), std::string::npos) << error;
  EXPECT_NE(error.find("unknown operator \"<=\""), std::string::npos) << error;
}

TEST(ProfileParse, MissingFieldsAreNamed) {
  EXPECT_NE(ParseErrorOf(OneCheck(R"("config": "x", "op": "eq", "value": 1, "level": "warn")"))
                .find("missing field \"why\""),
            std::string::npos);
  EXPECT_NE(ParseErrorOf(OneCheck(R"("op": "eq", "value": 1, "level": "warn", "why": "w")"))
                .find("missing field \"config\", \"info\" or \"ratio\""),
            std::string::npos);
  EXPECT_NE(ParseErrorOf(OneCheck(R"("config": "x", "op": "eq", "level": "warn", "why": "w")"))
                .find("missing field \"value\""),
            std::string::npos);
  EXPECT_NE(ParseErrorOf(OneCheck(R"("config": "x", "op": "in", "value": 1, "level": "warn",
                                     "why": "w")"))
                .find("missing field \"values\""),
            std::string::npos);
  EXPECT_NE(ParseErrorOf(R"({"name": "p"})").find("missing field \"checks\""), std::string::npos);
  EXPECT_NE(ParseErrorOf(R"({"checks": [{"config": "x"}]})")
                .find("check \"#1\": missing field "
                      "\"name\""),
            std::string::npos);
}

TEST(ProfileParse, BadLevelIsNamed) {
  const std::string error = ParseErrorOf(
      OneCheck(R"("config": "x", "op": "eq", "value": 1, "level": "fatal", "why": "w")"));
  EXPECT_NE(error.find("check \"c1\": bad level \"fatal\"; use required or warn"),
            std::string::npos)
      << error;
}

TEST(ProfileParse, OtherMistakesAreNamed) {
  EXPECT_NE(ParseErrorOf("{not json").find("bad.json\": not valid JSON"), std::string::npos);
  EXPECT_NE(ParseErrorOf(R"({"checks": [], "x": 1e999})").find("not valid JSON"),
            std::string::npos);  // a number too large for a double: out_of_range, same error
  EXPECT_NE(ParseErrorOf(OneCheck(R"("config": "x", "op": "le", "value": "lots",
                                     "level": "warn", "why": "w")"))
                .find("needs a number or a memory size"),
            std::string::npos);
  EXPECT_NE(ParseErrorOf(OneCheck(R"("ratio": "used_memory", "op": "le", "value": 1,
                                     "level": "warn", "why": "w")"))
                .find("numerator/denominator"),
            std::string::npos);
  EXPECT_NE(ParseErrorOf(OneCheck(R"("config": "x", "op": "eq", "valeu": 1, "value": 1,
                                     "level": "warn", "why": "w")"))
                .find("unknown field \"valeu\""),
            std::string::npos);
  EXPECT_NE(ParseErrorOf(OneCheck(R"("config": "x", "op": "absent", "value": 1,
                                     "level": "warn", "why": "w")"))
                .find("takes no \"value\""),
            std::string::npos);
  EXPECT_NE(ParseErrorOf(OneCheck(R"("config": "x", "op": "matches", "value": "(",
                                     "level": "warn", "why": "w")"))
                .find("not a regular expression"),
            std::string::npos);
}

TEST(ProfileLoad, UnknownNameListsTheBuiltIns) {
  try {
    LoadProfile("durable-buffer");
    FAIL() << "no error";
  } catch (const ProfileError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("\"durable-buffer\" is neither a built-in profile (cache, "
                           "durable-stream-buffer)"),
              std::string::npos)
        << message;
  }
}

TEST(ProfileLoad, FileIsReadAndNamedByItsPath) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("profile-test-" + std::to_string(::getpid()));
  std::ofstream(path) << OneCheck(
      R"("info": "aof_last_write_status", "op": "eq", "value": "ok", "level": "required",
         "why": "w")");
  const Profile profile = LoadProfile(path.string());
  std::filesystem::remove(path);
  EXPECT_EQ(profile.origin, path.string());
  ASSERT_EQ(profile.checks.size(), 1U);
  EXPECT_EQ(profile.checks[0].source, CheckSource::kInfo);
  EXPECT_EQ(profile.checks[0].field, "aof_last_write_status");
}

TEST(ProfileLoad, BuiltinsParse) {
  for (const std::string& name : BuiltinProfileNames()) {
    const Profile profile = LoadProfile(name);
    EXPECT_EQ(profile.name, name);
    EXPECT_EQ(profile.origin, "built-in");
    EXPECT_GE(profile.checks.size(), 3U);
  }
}

// A server state as CONFIG GET * and INFO would give it.
ServerState State(const std::string& policy, long long used, long long maxmemory) {
  ServerState state;
  state.settings = {{"maxmemory-policy", policy},
                    {"maxmemory", std::to_string(maxmemory)},
                    {"appendonly", "yes"},
                    {"appendfsync", "everysec"},
                    {"auto-aof-rewrite-percentage", "100"},
                    {"no-appendfsync-on-rewrite", "no"},
                    {"lazyfree-lazy-eviction", "yes"}};
  state.info = client::ParseInfo("# Memory\r\nused_memory:" + std::to_string(used) +
                                 "\r\nmaxmemory:" + std::to_string(maxmemory) +
                                 "\r\n# Persistence\r\naof_last_write_status:ok\r\n");
  return state;
}

const CheckResult& ResultOf(const AuditReport& report, const std::string& name) {
  for (const CheckResult& result : report.results) {
    if (result.check.name == name) return result;
  }
  throw std::logic_error("no check " + name);
}

TEST(ProfileEvaluate, DurableBufferPassesAMatchingServer) {
  const AuditReport report =
      Evaluate(LoadProfile("durable-stream-buffer"), State("noeviction", 100 << 20, 1LL << 30));
  EXPECT_TRUE(report.Passed()) << report.ToText();
  EXPECT_EQ(report.Count(CheckOutcome::kPass), static_cast<int>(report.results.size()));
}

TEST(ProfileEvaluate, AllkeysPolicyFailsTheDurableBufferNamingTheRisk) {
  const AuditReport report =
      Evaluate(LoadProfile("durable-stream-buffer"), State("allkeys-lru", 100 << 20, 1LL << 30));
  EXPECT_FALSE(report.Passed());
  const CheckResult& result = ResultOf(report, "no-eviction");
  EXPECT_EQ(result.outcome, CheckOutcome::kFail);
  EXPECT_EQ(result.actual, "allkeys-lru");
  EXPECT_NE(report.ToText().find("the whole stream key can be evicted at once"), std::string::npos)
      << report.ToText();
}

TEST(ProfileEvaluate, HeadroomRatioIsLessOrEqual) {
  const Profile profile = LoadProfile("durable-stream-buffer");
  // 0.5 <= 0.8 passes, 0.9 fails: `le` evaluated as `ge` would invert both.
  EXPECT_EQ(ResultOf(Evaluate(profile, State("noeviction", 500, 1000)), "headroom").outcome,
            CheckOutcome::kPass);
  const CheckResult full = ResultOf(Evaluate(profile, State("noeviction", 900, 1000)), "headroom");
  EXPECT_EQ(full.outcome, CheckOutcome::kFail);
  EXPECT_EQ(full.actual, "0.9");
  // No cap: the ratio is undefined, and the check fails saying so.
  const CheckResult no_cap = ResultOf(Evaluate(profile, State("noeviction", 900, 0)), "headroom");
  EXPECT_EQ(no_cap.outcome, CheckOutcome::kFail);
  EXPECT_NE(no_cap.actual.find("maxmemory is 0"), std::string::npos) << no_cap.actual;
}

TEST(ProfileEvaluate, WarnLevelNeverFails) {
  ServerState state = State("noeviction", 1, 1000);
  state.settings["no-appendfsync-on-rewrite"] = "yes";
  const AuditReport report = Evaluate(LoadProfile("durable-stream-buffer"), state);
  EXPECT_TRUE(report.Passed()) << report.ToText();
  EXPECT_EQ(ResultOf(report, "fsync-during-rewrite").outcome, CheckOutcome::kWarn);
}

TEST(ProfileEvaluate, OperatorsAndMemorySizes) {
  const Profile profile = ParseProfile(R"({"name": "ops", "checks": [
    {"name": "mem-ge", "config": "maxmemory", "op": "ge", "value": "1gb", "level": "required", "why": "w"},
    {"name": "mem-eq", "config": "maxmemory", "op": "eq", "value": "1gb", "level": "required", "why": "w"},
    {"name": "mem-lt", "config": "maxmemory", "op": "lt", "value": "1gb", "level": "required", "why": "w"},
    {"name": "ne", "config": "appendonly", "op": "ne", "value": "no", "level": "required", "why": "w"},
    {"name": "not-in", "config": "maxmemory-policy", "op": "not_in", "values": ["allkeys-lru"], "level": "required", "why": "w"},
    {"name": "absent", "config": "no-such-parameter", "op": "absent", "level": "required", "why": "w"},
    {"name": "present", "info": "used_memory", "op": "present", "level": "required", "why": "w"},
    {"name": "matches", "config": "appendfsync", "op": "matches", "value": "every.*", "level": "required", "why": "w"},
    {"name": "missing", "info": "no_such_field", "op": "eq", "value": "x", "level": "required", "why": "w"}
  ]})",
                                       "ops.json");
  const AuditReport report = Evaluate(profile, State("noeviction", 1, 1LL << 30));
  EXPECT_EQ(ResultOf(report, "mem-ge").outcome, CheckOutcome::kPass);
  EXPECT_EQ(ResultOf(report, "mem-eq").outcome, CheckOutcome::kPass);
  EXPECT_EQ(ResultOf(report, "mem-lt").outcome, CheckOutcome::kFail);
  EXPECT_EQ(ResultOf(report, "ne").outcome, CheckOutcome::kPass);
  EXPECT_EQ(ResultOf(report, "not-in").outcome, CheckOutcome::kPass);
  EXPECT_EQ(ResultOf(report, "absent").outcome, CheckOutcome::kPass);
  EXPECT_EQ(ResultOf(report, "present").outcome, CheckOutcome::kPass);
  EXPECT_EQ(ResultOf(report, "matches").outcome, CheckOutcome::kPass);
  EXPECT_EQ(ResultOf(report, "missing").outcome, CheckOutcome::kFail);
  EXPECT_EQ(ResultOf(report, "missing").actual, "(absent)");
  EXPECT_EQ(report.Count(CheckOutcome::kFail), 2);
}

TEST(ProfileEvaluate, JsonHasEveryCheck) {
  const AuditReport report = Evaluate(LoadProfile("cache"), State("noeviction", 1, 1LL << 30));
  const std::string json = report.ToJson();
  EXPECT_NE(json.find("\"passed\": false"), std::string::npos) << json;
  EXPECT_NE(json.find("\"name\": \"allkeys-eviction\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"status\": \"FAIL\""), std::string::npos) << json;
}

TEST(ProfileSettings, RequiredEqAndFirstInValues) {
  const auto settings = StartupSettings(LoadProfile("durable-stream-buffer"));
  const std::vector<std::pair<std::string, std::string>> expected{
      {"maxmemory-policy", "noeviction"}, {"appendonly", "yes"}, {"appendfsync", "everysec"}};
  EXPECT_EQ(settings, expected);
}

TEST(ProfileSettings, ApplyReplacesPolicyAndCapAndKeepsKitOwnedParameters) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("profile-apply-" + std::to_string(::getpid()));
  std::ofstream(path) << R"({"checks": [
    {"name": "cap", "config": "maxmemory", "op": "eq", "value": "64mb", "level": "required", "why": "w"},
    {"name": "policy", "config": "maxmemory-policy", "op": "in", "values": ["allkeys-lfu", "allkeys-lru"], "level": "required", "why": "w"},
    {"name": "port", "config": "port", "op": "eq", "value": 6380, "level": "required", "why": "w"},
    {"name": "hz", "config": "hz", "op": "eq", "value": 50, "level": "required", "why": "w"},
    {"name": "warn-only", "config": "activedefrag", "op": "eq", "value": "yes", "level": "warn", "why": "w"}
  ]})";
  ServerConfig config;
  config.profile = path.string();
  ApplyProfileSettings(config);
  ApplyProfileSettings(config);  // twice: the same
  std::filesystem::remove(path);
  EXPECT_EQ(config.maxmemory_bytes, 64LL << 20);
  EXPECT_EQ(config.maxmemory_policy, "allkeys-lfu");
  const std::vector<std::pair<std::string, std::string>> expected{{"hz", "50"}};
  EXPECT_EQ(config.settings, expected);
}

TEST(ProfileSettings, BadProfileIsAConfigErrorNamingTheVariable) {
  ServerConfig config;
  config.profile = "no-such-profile";
  try {
    ApplyProfileSettings(config);
    FAIL() << "no error";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("REDIS_TESTKIT_PROFILE=\"no-such-profile\""),
              std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace redis_testkit::ops
