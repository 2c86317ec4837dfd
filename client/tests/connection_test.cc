// Connection against a real redis-server: round trips over unix socket and TCP, AUTH, SELECT.
#include "redis_testkit/client/connection.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/info.h"
#include "test_server.h"
#include "unix_socket_server.h"

namespace redis_testkit::client {
namespace {

using std::chrono::milliseconds;
using test_support::TestServer;
using test_support::UnixSocketServer;

TEST(Connection, RoundTripOverUnixSocket) {
  UnixSocketServer server;
  Connection c(server.ConnectOptions());
  EXPECT_TRUE(c.connected());
  c.Ping();
  EXPECT_EQ(c.Command({"SET", "greeting", "hello"}).AsString(), "OK");
  EXPECT_EQ(c.Command({"GET", "greeting"}).AsOptionalString(), "hello");
  EXPECT_EQ(c.Command({"INCRBY", "counter", "5"}).AsInteger(), 5);
  EXPECT_EQ(c.Command({"GET", "counter"}).AsInteger(), 5);
  const Reply list = c.Command(std::vector<std::string>{"RPUSH", "l", "a", "b"});
  EXPECT_EQ(list.AsInteger(), 2);
  const Reply range = c.Command({"LRANGE", "l", "0", "-1"});
  ASSERT_EQ(range.AsArray().size(), 2u);
  EXPECT_EQ(range.AsArray()[1].AsString(), "b");
}

TEST(Connection, RoundTripOverTcp) {
  UnixSocketServer server;  // listens on TCP and on a unix socket
  Connection c({server.TcpEndpoint(), milliseconds(2000), milliseconds(2000)});
  c.Ping();
  c.Command({"SET", "k", "v"});
  // The same server, seen through its unix socket.
  Connection u(server.ConnectOptions());
  EXPECT_EQ(u.Command({"GET", "k"}).AsOptionalString(), "v");
  EXPECT_EQ(c.endpoint().ToString(),
            "127.0.0.1:" + std::to_string(server.TcpEndpoint().port) + "/0");
}

TEST(Connection, BinarySafeValuesAndKeys) {
  TestServer server;
  Connection c(server.ConnectOptions());
  std::string value;
  for (int i = 0; i < 256; ++i) value += static_cast<char>(i);
  value += std::string("\r\n\0\r\n", 5);
  const std::string key("k\0ey\n", 5);
  c.Command({"SET", key, value});
  const Reply got = c.Command({"GET", key});
  ASSERT_EQ(got.type(), Reply::Type::kString);
  EXPECT_EQ(got.AsString(), value);
  EXPECT_EQ(c.Command({"STRLEN", key}).AsInteger(), 261);
}

TEST(Connection, NilIsAReplyNotAnError) {
  TestServer server;
  Connection c(server.ConnectOptions());
  const Reply r = c.Command({"GET", "missing"});
  EXPECT_TRUE(r.IsNil());
  EXPECT_EQ(r.AsOptionalString(), std::nullopt);
  const Reply mget = c.Command({"MGET", "missing", "also-missing"});
  ASSERT_EQ(mget.AsArray().size(), 2u);
  EXPECT_TRUE(mget.AsArray()[0].IsNil());
}

TEST(Connection, SelectsTheEndpointDatabase) {
  TestServer server;
  Connection db3({server.endpoint(3), milliseconds(2000), milliseconds(2000)});
  db3.Command({"SET", "in-db3", "1"});
  Connection db0(server.ConnectOptions());
  EXPECT_TRUE(db0.Command({"GET", "in-db3"}).IsNil());
  const Info info = ParseInfo(db0.Info("keyspace"));
  EXPECT_EQ(info.keyspace.count(0), 0u);
  ASSERT_EQ(info.keyspace.count(3), 1u);
  EXPECT_EQ(info.keyspace.at(3).keys, 1);
}

TEST(Connection, InfoFromALiveServerParses) {
  TestServer server({.maxmemory_bytes = 3LL * 1024 * 1024});
  Connection c(server.ConnectOptions());
  const Info info = ParseInfo(c.Info());
  EXPECT_EQ(info.memory.maxmemory, 3 * 1024 * 1024);
  EXPECT_EQ(info.memory.maxmemory_policy, "noeviction");
  EXPECT_GT(info.memory.used_memory, 0);
  EXPECT_GT(info.server.process_id, 0);
  EXPECT_FALSE(info.server.redis_version.empty());
  EXPECT_EQ(ParseInfo(c.Info("memory")).sections.size(), 1u);
}

TEST(Connection, AuthWithPassword) {
  TestServer server({.password = "s3cret"});
  Endpoint good = server.endpoint();
  good.password = "s3cret";
  Connection c({good, milliseconds(2000), milliseconds(2000)});
  c.Ping();

  Endpoint bad = good;
  bad.password = "wrong";
  EXPECT_THROW(Connection({bad, milliseconds(2000), milliseconds(2000)}), ReplyError);

  Connection anonymous(server.ConnectOptions());
  try {
    anonymous.Command({"GET", "k"});
    FAIL() << "NOAUTH expected";
  } catch (const ReplyError& e) {
    EXPECT_NE(std::string(e.what()).find("NOAUTH"), std::string::npos) << e.what();
  }
}

TEST(Connection, ErrorMessagesNeverContainThePassword) {
  TestServer server({.password = "s3cret"});
  Endpoint bad = server.endpoint();
  bad.password = "hunter2-wrong";
  try {
    Connection c({bad, milliseconds(2000), milliseconds(2000)});
    FAIL() << "AUTH should fail";
  } catch (const ReplyError& e) {
    const std::string message = e.what();
    EXPECT_TRUE(message.starts_with("AUTH on ")) << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  }
}

TEST(Connection, MovedFromIsClosed) {
  TestServer server;
  Connection a(server.ConnectOptions());
  Connection b(std::move(a));
  b.Ping();
  EXPECT_FALSE(a.connected());  // NOLINT(bugprone-use-after-move): the point of the test
  EXPECT_THROW(a.Command({"PING"}), ClosedError);
  Connection c(server.ConnectOptions());
  c = std::move(b);
  c.Ping();
}

TEST(Connection, RefusedIsAnIoErrorThatSaysWhatToCheck) {
  Endpoint nobody;
  nobody.port = test_support::UnusedTcpPort();  // nothing listens there
  try {
    Connection c({nobody, milliseconds(1000), milliseconds(1000)});
    FAIL() << "connected to nothing";
  } catch (const TimeoutError& e) {
    FAIL() << "refused is not a timeout: " << e.what();
  } catch (const IoError& e) {
    EXPECT_EQ(std::string(e.what()),
              "connect to 127.0.0.1:" + std::to_string(nobody.port) +
                  "/0 failed: Connection refused (is Redis running? check REDIS_TESTKIT_URL / "
                  "the server logs)");
  }
}

TEST(Connection, ConnectTimeoutAgainstAFullListenBacklog) {
  // A listening socket that never accepts: once its backlog is full the kernel drops further SYNs,
  // so connect() would wait for minutes without the connect timeout.
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(::listen(listener, 0), 0);
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  std::vector<int> fillers;
  for (int i = 0; i < 4; ++i) {  // fill the backlog (non-blocking, so these never wait)
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    (void)::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));  // EINPROGRESS
    fillers.push_back(fd);
  }
  Endpoint endpoint;
  endpoint.port = ntohs(addr.sin_port);
  try {
    Connection c({endpoint, milliseconds(200), milliseconds(200)});
    ADD_FAILURE() << "connected through a full backlog";
  } catch (const TimeoutError& e) {
    EXPECT_EQ(std::string(e.what()),
              "connect to 127.0.0.1:" + std::to_string(endpoint.port) +
                  "/0 timed out after 200 ms (is the host reachable and Redis running? check "
                  "REDIS_TESTKIT_URL / the server logs)");
  } catch (const Error& e) {
    ADD_FAILURE() << "expected a TimeoutError, got: " << e.what();
  }
  for (int fd : fillers) ::close(fd);
  ::close(listener);
}

TEST(Connection, MissingUnixSocketIsAnIoError) {
  Endpoint nowhere;
  nowhere.unix_socket = "/tmp/rtk-client-test-no-such-dir/redis.sock";
  try {
    Connection c({nowhere, milliseconds(1000), milliseconds(1000)});
    FAIL() << "connected to nothing";
  } catch (const IoError& e) {
    EXPECT_TRUE(std::string(e.what()).starts_with(
        "connect to /tmp/rtk-client-test-no-such-dir/redis.sock/0 failed: No such file"))
        << e.what();
  }
}

}  // namespace
}  // namespace redis_testkit::client
