// AUTH with the password of a URL, against a real redis-server whose requirepass holds '/' and
// '@': the percent-encoded form (RFC 3986 userinfo) and the clear form both authenticate.
#include <gtest/gtest.h>

#include <string>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/client/errors.h"
#include "test_server.h"

namespace redis_testkit::client {
namespace {

using std::chrono::milliseconds;

constexpr const char* kPassword = "S3cr/t@x";

std::string UrlOf(const test_support::TestServer& server, const std::string& userinfo) {
  return "redis://" + userinfo + "@127.0.0.1:" + std::to_string(server.endpoint().port) + "/0";
}

Connection Connect(const std::string& url) {
  return Connection({Endpoint::ParseUrl(url), milliseconds(2000), milliseconds(2000)});
}

TEST(UrlAuth, PercentEncodedPasswordWithSlashAndAt) {
  test_support::TestServer server({.password = kPassword});
  Connection c = Connect(UrlOf(server, ":S3cr%2Ft%40x"));
  c.Ping();
  EXPECT_EQ(c.Command({"SET", "k", "v"}).AsString(), "OK");
}

TEST(UrlAuth, ClearPasswordWithSlashAndAt) {
  test_support::TestServer server({.password = kPassword});
  Connect(UrlOf(server, ":S3cr/t@x")).Ping();
}

TEST(UrlAuth, UserAndPercentEncodedPassword) {
  test_support::TestServer server({.password = kPassword});
  {
    Connection admin = Connect(UrlOf(server, ":S3cr%2Ft%40x"));
    admin.Command({"ACL", "SETUSER", "al@ice", "on", ">p@ss/w", "~*", "+@all"});
  }
  Connect(UrlOf(server, "al%40ice:p%40ss%2Fw")).Ping();
}

TEST(UrlAuth, WrongPasswordFailsWithoutShowingIt) {
  test_support::TestServer server({.password = kPassword});
  try {
    Connect(UrlOf(server, ":S3cr%2Ft%40y"));
    FAIL() << "AUTH with a wrong password succeeded";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.find("S3cr"), std::string::npos) << message;
  }
  // Without a password the server refuses commands.
  Connection anonymous({server.endpoint(), milliseconds(2000), milliseconds(2000)});
  EXPECT_THROW(anonymous.Command({"SET", "k", "v"}), Error);
}

}  // namespace
}  // namespace redis_testkit::client
