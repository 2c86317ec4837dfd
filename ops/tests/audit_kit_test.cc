// A suite written with the kit that audits its own server (redis_testkit::ExpectProfile). Not
// registered with ctest: audit_selftest_test.cc runs it as a subprocess, with and without
// REDIS_TESTKIT_PROFILE, where failing is sometimes the expected outcome.
#include <stdlib.h>  // NOLINT: getenv

#include <cstdio>
#include <string>

#include "redis_testkit/gtest.h"

namespace {

std::string ConfigGet(redis_testkit::client::Connection& connection, const std::string& name) {
  return connection.Command({"CONFIG", "GET", name}).AsArray().at(1).AsString();
}

std::string Profile() {
  const char* profile = std::getenv("REDIS_TESTKIT_PROFILE");
  return profile == nullptr ? "" : profile;
}

// Fails on the kit's defaults (appendonly no); passes when started with the profile.
TEST(AuditKit, DurableBuffer) {
  std::printf("ExpectProfile at line %d\n", __LINE__ + 1);
  redis_testkit::ExpectProfile("durable-stream-buffer");
}

// Started with REDIS_TESTKIT_PROFILE: the server shows the profile's settings and passes it.
TEST(AuditKit, StartedWithTheProfile) {
  ASSERT_FALSE(Profile().empty()) << "run with REDIS_TESTKIT_PROFILE";
  auto connection = redis_testkit::Connect();
  if (Profile() == "durable-stream-buffer") {
    EXPECT_EQ(ConfigGet(connection, "appendonly"), "yes");
    EXPECT_EQ(ConfigGet(connection, "appendfsync"), "everysec");
    EXPECT_EQ(ConfigGet(connection, "maxmemory-policy"), "noeviction");
  } else if (Profile() == "cache") {
    EXPECT_EQ(ConfigGet(connection, "maxmemory-policy"), "allkeys-lru");
    EXPECT_EQ(ConfigGet(connection, "lazyfree-lazy-eviction"), "yes");
  }
  EXPECT_TRUE(redis_testkit::ExpectProfile(Profile()).Passed());
  connection.Command({"XADD", "audit:kit:stream", "*", "event", "1"});
  connection.Command({"EXPIRE", "audit:kit:stream", "60"});
}

// A second test on the same server: the settings are still the profile's (the kit's hygiene took
// them as its baseline and did not set them back).
TEST(AuditKit, StillTheProfileInTheNextTest) {
  EXPECT_TRUE(redis_testkit::ExpectProfile(Profile()).Passed());
}

// A profile whose only failing check is warn-level: logged, the test passes.
TEST(AuditKit, WarnOnlyProfile) {
  const char* file = std::getenv("AUDIT_KIT_WARN_PROFILE");
  ASSERT_NE(file, nullptr);
  const auto report = redis_testkit::ExpectProfile(file);
  EXPECT_EQ(report.Count(redis_testkit::ops::CheckOutcome::kWarn), 1);
}

}  // namespace
