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
  std::string user;      // Redis 6 ACL user: AUTH user password (empty: AUTH password)

  // "redis://127.0.0.1:6379/0" or "unix:///path/to/redis.sock?db=0" (password never printed).
  std::string Url() const;
  // Same with the credentials, for handing the endpoint to a child process (never log it).
  std::string UrlWithPassword() const;
  // Short form for messages: "127.0.0.1:6379/0" or "/path/redis.sock/0".
  std::string ToString() const;
  // True when host is 127.0.0.0/8, ::1, "localhost", or a unix socket.
  bool IsLoopback() const;

  // Accepts redis://[[user]:password@]host[:port][/db] and unix://[[user]:password@]/path[?db=N]
  // (IPv6 hosts in brackets; user and password may be percent-encoded).
  // Throws std::invalid_argument naming the URL (password masked) and the accepted forms.
  // `names_db` (optional) is set to whether the URL names a database (a /N path or ?db=N).
  static Endpoint ParseUrl(std::string_view url, bool* names_db = nullptr);

  bool operator==(const Endpoint&) const = default;
};

}  // namespace redis_testkit::client
