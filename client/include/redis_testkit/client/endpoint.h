// Where a Redis server listens: TCP host/port or a unix socket, plus the database number.
#pragma once

#include <string>
#include <string_view>

namespace redis_testkit::client {

struct Endpoint {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string unix_socket;  // when not empty, used instead of host/port
  int db = 0;
  std::string password;  // empty: no AUTH

  // "redis://127.0.0.1:6379/0" or "unix:///path/to/redis.sock?db=0" (password never printed).
  std::string Url() const;
  // Short form for messages: "127.0.0.1:6379/0" or "/path/redis.sock/0".
  std::string ToString() const;
  // True when host is 127.0.0.0/8, ::1, "localhost", or a unix socket.
  bool IsLoopback() const;

  // Accepts redis://[[user]:password@]host[:port][/db] and unix://[:password@]/path[?db=N].
  // Throws std::invalid_argument naming the URL and the accepted forms.
  static Endpoint ParseUrl(std::string_view url);
};

}  // namespace redis_testkit::client
