// Endpoint::ParseUrl with passwords that hold '/', '@' or both, clear or percent-encoded: the
// password parsed is the one meant, and no error message shows it (the split and the mask are
// config's UrlCredentialsEnd and RedactUrl: one rule).
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/config.h"

namespace redis_testkit::client {
namespace {

std::string ErrorOf(const std::string& url) {
  try {
    Endpoint::ParseUrl(url);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

TEST(UrlSecrets, PasswordsWithSlashAndAt) {
  const Endpoint slash = Endpoint::ParseUrl("redis://:pa/ss@h:1/0");
  EXPECT_EQ(slash.password, "pa/ss");
  EXPECT_EQ(slash.host, "h");
  EXPECT_EQ(slash.port, 1);
  const Endpoint at = Endpoint::ParseUrl("redis://:pa@ss@h:1/0");
  EXPECT_EQ(at.password, "pa@ss");
  EXPECT_EQ(at.host, "h");
  const Endpoint both = Endpoint::ParseUrl("redis://:S3cr/t@x@127.0.0.1:6390/2");
  EXPECT_EQ(both.password, "S3cr/t@x");
  EXPECT_EQ(both.host, "127.0.0.1");
  EXPECT_EQ(both.port, 6390);
  EXPECT_EQ(both.db, 2);
  const Endpoint at_slash = Endpoint::ParseUrl("redis://:a@/b@h:1/0");  // "@/" in the password
  EXPECT_EQ(at_slash.password, "a@/b");
  EXPECT_EQ(at_slash.host, "h");
}

TEST(UrlSecrets, PercentEncodedPassword) {
  const Endpoint e = Endpoint::ParseUrl("redis://:S3cr%2Ft%40x@127.0.0.1:6390/0");
  EXPECT_EQ(e.password, "S3cr/t@x");
  EXPECT_EQ(e.user, "");
  EXPECT_EQ(e.host, "127.0.0.1");
  const Endpoint user = Endpoint::ParseUrl("redis://al%40ice:S3cr%2Ft%40x@h");
  EXPECT_EQ(user.user, "al@ice");
  EXPECT_EQ(user.password, "S3cr/t@x");
  // The URL handed to a child process encodes it again, and parses back to the same endpoint.
  EXPECT_EQ(Endpoint::ParseUrl(e.UrlWithPassword()), e);
  EXPECT_EQ(e.UrlWithPassword().find("S3cr/t@x"), std::string::npos);
}

TEST(UrlSecrets, UnixSocketWithCredentialsAndAtInThePath) {
  const Endpoint e = Endpoint::ParseUrl("unix://:S3cr/t@x@/run/a@b.sock?db=3");
  EXPECT_EQ(e.password, "S3cr/t@x");
  EXPECT_EQ(e.unix_socket, "/run/a@b.sock");
  EXPECT_EQ(e.db, 3);
  const Endpoint plain = Endpoint::ParseUrl("unix:///run/a@/b.sock");  // no credentials
  EXPECT_EQ(plain.password, "");
  EXPECT_EQ(plain.unix_socket, "/run/a@/b.sock");
}

TEST(UrlSecrets, ErrorsNeverShowThePassword) {
  for (const std::string url :
       {"redis://:S3cr/t@x@h:99999", "redis://:S3cr/t@x@h/x", "redis://:S3cr/t@x@",
        "redis://:S3cr%2Ft%40x@h:0", "redis://bob:S3cr/t@x@[::1", "unix://:S3cr/t@x@relative",
        "unix://:S3cr/t@x@/s.sock?db=x", "redis://:S3cr%2Ft%4@h", "redis://:S3cr/t@x%zz@h",
        "rediss://:S3cr/t@x@h", "http://:S3cr/t@x@h"}) {
    const std::string message = ErrorOf(url);
    ASSERT_FALSE(message.empty()) << url;
    EXPECT_EQ(message.find("S3cr/t@x"), std::string::npos) << message;
    EXPECT_EQ(message.find("S3cr%2Ft%40x"), std::string::npos) << message;
    EXPECT_EQ(message.find("S3cr"), std::string::npos) << message;
    // The message shows exactly what RedactUrl shows.
    EXPECT_NE(message.find("\"" + RedactUrl(url) + "\""), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace redis_testkit::client
