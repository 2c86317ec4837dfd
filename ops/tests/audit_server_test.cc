// The audit against real redis-server processes (the kit's process runtime): built-in profiles
// pass on servers configured to match and fail on servers that do not, with the risk named; a
// profile's settings are what a server started with them shows in CONFIG GET.
#include <gtest/gtest.h>

#include <string>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/info.h"
#include "redis_testkit/client/reply.h"
#include "redis_testkit/containers/redis_server.h"
#include "redis_testkit/ops/audit.h"
#include "redis_testkit/ops/profile.h"
#include "test_server.h"

namespace redis_testkit::ops {
namespace {

using test_support::TestServer;

const CheckResult& ResultOf(const AuditReport& report, const std::string& name) {
  for (const CheckResult& result : report.results) {
    if (result.check.name == name) return result;
  }
  throw std::logic_error("no check " + name);
}

void ConfigSet(client::Connection& connection, const std::string& name, const std::string& value) {
  connection.Command({"CONFIG", "SET", name, value});
}

TEST(AuditServer, DurableBufferFailsOnTheKitsDefaultsAndPassesOnceConfigured) {
  TestServer server({.maxmemory_bytes = 64LL << 20});
  client::Connection connection(server.ConnectOptions());
  const Profile profile = LoadProfile("durable-stream-buffer");

  const AuditReport before = Audit(profile, connection);
  EXPECT_FALSE(before.Passed()) << before.ToText();
  EXPECT_EQ(ResultOf(before, "aof-on").outcome, CheckOutcome::kFail);
  EXPECT_EQ(ResultOf(before, "aof-on").actual, "no");
  EXPECT_EQ(before.Count(CheckOutcome::kFail), 1) << before.ToText();

  ConfigSet(connection, "appendonly", "yes");
  const AuditReport after = Audit(profile, connection);
  EXPECT_TRUE(after.Passed()) << after.ToText();
  EXPECT_EQ(ResultOf(after, "aof-last-write-ok").actual, "ok");
  EXPECT_EQ(after.server, server.endpoint().Url());
}

TEST(AuditServer, AllkeysPolicyFailsTheDurableBufferNamingTheWholeStreamRisk) {
  TestServer server({.maxmemory_bytes = 64LL << 20, .maxmemory_policy = "allkeys-lru"});
  client::Connection connection(server.ConnectOptions());
  ConfigSet(connection, "appendonly", "yes");
  const AuditReport report = Audit(LoadProfile("durable-stream-buffer"), connection);
  EXPECT_FALSE(report.Passed());
  EXPECT_EQ(report.Count(CheckOutcome::kFail), 1) << report.ToText();
  const CheckResult& result = ResultOf(report, "no-eviction");
  EXPECT_EQ(result.outcome, CheckOutcome::kFail);
  EXPECT_EQ(result.actual, "allkeys-lru");
  const std::string text = report.ToText();
  EXPECT_NE(text.find("FAIL no-eviction: maxmemory-policy is allkeys-lru, expected eq noeviction"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("the whole stream key can be evicted at once"), std::string::npos) << text;
}

TEST(AuditServer, NoCapFailsMaxmemoryAndHeadroom) {
  TestServer server;  // maxmemory 0
  client::Connection connection(server.ConnectOptions());
  ConfigSet(connection, "appendonly", "yes");
  const AuditReport report = Audit(LoadProfile("durable-stream-buffer"), connection);
  EXPECT_EQ(ResultOf(report, "maxmemory-set").outcome, CheckOutcome::kFail);
  EXPECT_EQ(ResultOf(report, "headroom").outcome, CheckOutcome::kFail);
  EXPECT_NE(ResultOf(report, "headroom").actual.find("maxmemory is 0"), std::string::npos);
}

TEST(AuditServer, HeadroomFailsAboveTheRatio) {
  TestServer server({.maxmemory_bytes = 64LL << 20});
  client::Connection connection(server.ConnectOptions());
  ConfigSet(connection, "appendonly", "yes");
  const long long used = client::ParseInfo(connection.Info("memory")).memory.used_memory;
  // A cap just above what is used: the ratio is > 0.8 while writes still fit.
  ConfigSet(connection, "maxmemory", std::to_string(used + used / 10));
  const AuditReport report = Audit(LoadProfile("durable-stream-buffer"), connection);
  EXPECT_EQ(ResultOf(report, "headroom").outcome, CheckOutcome::kFail) << report.ToText();
  EXPECT_EQ(report.Count(CheckOutcome::kFail), 1) << report.ToText();
}

TEST(AuditServer, CacheProfilePassesAnAllkeysCacheAndFailsNoeviction) {
  TestServer server({.maxmemory_bytes = 64LL << 20, .maxmemory_policy = "allkeys-lfu"});
  client::Connection connection(server.ConnectOptions());
  const Profile profile = LoadProfile("cache");
  const AuditReport lazy_off = Audit(profile, connection);
  EXPECT_EQ(ResultOf(lazy_off, "lazy-eviction").outcome, CheckOutcome::kFail) << lazy_off.ToText();

  ConfigSet(connection, "lazyfree-lazy-eviction", "yes");
  const AuditReport good = Audit(profile, connection);
  EXPECT_TRUE(good.Passed()) << good.ToText();

  ConfigSet(connection, "maxmemory-policy", "noeviction");
  ConfigSet(connection, "appendonly", "yes");
  const AuditReport bad = Audit(profile, connection);
  EXPECT_FALSE(bad.Passed());
  EXPECT_EQ(ResultOf(bad, "allkeys-eviction").outcome, CheckOutcome::kFail);
  EXPECT_EQ(ResultOf(bad, "no-aof").outcome, CheckOutcome::kWarn);
}

TEST(AuditServer, ReadsEveryParameterAndInfoInOneRoundTrip) {
  TestServer server({.maxmemory_bytes = 64LL << 20});
  client::Connection connection(server.ConnectOptions());
  const client::Info before = client::ParseInfo(connection.Info("all"));
  const ServerState state = ReadServerState(connection);
  EXPECT_GT(state.settings.size(), 100U);  // CONFIG GET *, not a handful
  EXPECT_EQ(state.settings.at("maxmemory"), std::to_string(64LL << 20));
  EXPECT_EQ(state.info.memory.maxmemory, 64LL << 20);
  EXPECT_TRUE(state.info.Get("aof_last_write_status").has_value());
  const client::Info after = client::ParseInfo(connection.Info("all"));
  EXPECT_EQ(after.CommandCalls("config|get") - before.CommandCalls("config|get"), 1);
  // On the caller's connection: no other one was opened.
  EXPECT_EQ(after.Get("total_connections_received"), before.Get("total_connections_received"));
}

TEST(AuditServer, PasswordIsMaskedInTheReport) {
  TestServer server({.maxmemory_bytes = 64LL << 20, .password = "s3cret-pw"});
  client::ConnectionOptions options = server.ConnectOptions();
  options.endpoint.password = "s3cret-pw";
  client::Connection connection(options);
  const Profile profile = ParseProfile(R"({"name": "auth", "checks": [
    {"name": "password-set", "config": "requirepass", "op": "ne", "value": "", "level": "required",
     "why": "anyone who reaches the port can read and delete the buffer"}]})",
                                       "auth.json");
  const AuditReport report = Audit(profile, connection);
  EXPECT_TRUE(report.Passed()) << report.ToText();
  EXPECT_EQ(report.results.at(0).actual, "***");
  EXPECT_EQ(report.ToText().find("s3cret-pw"), std::string::npos) << report.ToText();
  EXPECT_EQ(report.ToJson().find("s3cret-pw"), std::string::npos) << report.ToJson();
  EXPECT_NE(report.server.find(":***@"), std::string::npos) << report.server;
}

TEST(AuditServer, ProfileSettingsAreWhatTheStartedServerShows) {
  ServerConfig config;
  config.runtime = Runtime::kProcess;
  config.maxmemory_bytes = 64LL << 20;
  config.profile = "durable-stream-buffer";
  ApplyProfileSettings(config);
  containers::RedisServer server = containers::RedisServer::Start(config);
  client::Connection connection(
      {server.endpoint(), config.command_timeout, config.command_timeout});
  auto get = [&connection](const std::string& name) {
    return connection.Command({"CONFIG", "GET", name}).AsArray().at(1).AsString();
  };
  EXPECT_EQ(get("appendonly"), "yes");
  EXPECT_EQ(get("appendfsync"), "everysec");
  EXPECT_EQ(get("maxmemory-policy"), "noeviction");
  EXPECT_EQ(get("maxmemory"), std::to_string(64LL << 20));  // the kit's cap: the profile names none
  EXPECT_TRUE(Audit(LoadProfile("durable-stream-buffer"), connection).Passed());
}

TEST(AuditServer, CacheProfileStartsAnAllkeysServer) {
  ServerConfig config;
  config.runtime = Runtime::kProcess;
  config.maxmemory_bytes = 64LL << 20;
  config.profile = "cache";
  ApplyProfileSettings(config);
  containers::RedisServer server = containers::RedisServer::Start(config);
  client::Connection connection(
      {server.endpoint(), config.command_timeout, config.command_timeout});
  const AuditReport report = Audit(LoadProfile("cache"), connection);
  EXPECT_TRUE(report.Passed()) << report.ToText();
  EXPECT_EQ(ResultOf(report, "allkeys-eviction").actual, "allkeys-lru");
}

}  // namespace
}  // namespace redis_testkit::ops
