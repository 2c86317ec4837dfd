// Flusher: mode resolution and the remote-flush safeguard (no server needed).
#include "redis_testkit/cleanup/flusher.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace redis_testkit::cleanup {
namespace {

using Command = std::vector<std::string>;

client::Endpoint Tcp(std::string host) {
  client::Endpoint endpoint;
  endpoint.host = std::move(host);
  endpoint.port = 6390;
  return endpoint;
}

CleanupConfig Mode(FlushMode mode, bool allow_remote = false) {
  CleanupConfig config;
  config.flush = mode;
  config.allow_remote_flush = allow_remote;
  return config;
}

TEST(FlusherTest, AutoIsFlushAllOnOwnedAndFlushDbOnExternal) {
  EXPECT_EQ(Flusher(Mode(FlushMode::kAuto), true).Command(Tcp("127.0.0.1")),
            (Command{"FLUSHALL", "SYNC"}));
  EXPECT_EQ(Flusher(Mode(FlushMode::kAuto), false).Command(Tcp("127.0.0.1")),
            (Command{"FLUSHDB", "SYNC"}));
  EXPECT_EQ(Flusher(Mode(FlushMode::kAuto), false).Resolve(Tcp("localhost")), FlushMode::kFlushDb);
}

TEST(FlusherTest, ExplicitModes) {
  EXPECT_EQ(Flusher(Mode(FlushMode::kFlushDb), true).Command(Tcp("127.0.0.1")),
            (Command{"FLUSHDB", "SYNC"}));
  EXPECT_EQ(Flusher(Mode(FlushMode::kFlushAll), false).Command(Tcp("::1")),
            (Command{"FLUSHALL", "SYNC"}));
  EXPECT_TRUE(Flusher(Mode(FlushMode::kNone), false).Command(Tcp("10.1.2.3")).empty())
      << "none never needs the safeguard";
  Flusher legacy(Mode(FlushMode::kFlushAll), true);
  legacy.UseLegacySyntax();
  EXPECT_EQ(legacy.Command(Tcp("127.0.0.1")), (Command{"FLUSHALL"}));
}

TEST(FlusherTest, RefusesARemoteExternalServer) {
  for (FlushMode mode : {FlushMode::kAuto, FlushMode::kFlushAll, FlushMode::kFlushDb}) {
    const Flusher flusher(Mode(mode), false);
    try {
      flusher.Command(Tcp("10.1.2.3"));
      FAIL() << "flushing 10.1.2.3 must be refused (" << ToString(mode) << ")";
    } catch (const FlushRefused& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find("10.1.2.3:6390/0"), std::string::npos) << message;
      EXPECT_NE(message.find("not on loopback"), std::string::npos) << message;
      EXPECT_NE(message.find("REDIS_TESTKIT_ALLOW_REMOTE_FLUSH=1"), std::string::npos) << message;
      EXPECT_NE(message.find("REDIS_TESTKIT_FLUSH=none"), std::string::npos) << message;
    }
  }
}

TEST(FlusherTest, AllowRemoteFlushOrOwnedServerLiftsTheSafeguard) {
  EXPECT_EQ(Flusher(Mode(FlushMode::kAuto, true), false).Command(Tcp("redis.example.com")),
            (Command{"FLUSHDB", "SYNC"}));
  EXPECT_EQ(Flusher(Mode(FlushMode::kAuto), true).Command(Tcp("10.88.0.5")),
            (Command{"FLUSHALL", "SYNC"}))
      << "a container the kit started may sit on a bridge address";
}

TEST(FlusherTest, UnixSocketIsLocal) {
  client::Endpoint endpoint;
  endpoint.unix_socket = "/tmp/redis.sock";
  EXPECT_EQ(Flusher(Mode(FlushMode::kAuto), false).Command(endpoint), (Command{"FLUSHDB", "SYNC"}));
}

}  // namespace
}  // namespace redis_testkit::cleanup
