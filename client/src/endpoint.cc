// Endpoint: URL parsing and printing.
#include "redis_testkit/client/endpoint.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cctype>
#include <charconv>
#include <stdexcept>
#include <string>

#include "redis_testkit/config.h"

namespace redis_testkit::client {
namespace {

constexpr std::string_view kAccepted =
    "accepted: redis://[[user]:password@]host[:port][/db], "
    "unix://[[user]:password@]/path/to/redis.sock[?db=N]";

[[noreturn]] void Bad(std::string_view url, std::string_view problem) {
  throw std::invalid_argument("\"" + RedactUrl(url) + "\" is not a Redis URL: " +
                              std::string(problem) + "; " + std::string(kAccepted));
}

bool ParseNumber(std::string_view text, int min, int max, int& out) {
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || value < min ||
      value > max) {
    return false;
  }
  out = value;
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view url, std::string_view text) {
  std::string decoded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      decoded += text[i];
      continue;
    }
    if (i + 2 >= text.size()) Bad(url, "truncated %-escape in the credentials");
    const int high = HexValue(text[i + 1]);
    const int low = HexValue(text[i + 2]);
    if (high < 0 || low < 0) Bad(url, "bad %-escape in the credentials");
    decoded += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return decoded;
}

// A host name or an IPv4 address (letters, digits, '-', '.', '_'), or inside brackets an IPv6
// address (hex digits, ':', '.', and a zone after '%'). Anything else ('?', '#', blanks, control
// characters) is not a host, and would be shown differently once a message masks the URL.
bool IsHostText(std::string_view host, bool bracketed) {
  for (const char c : host) {
    const auto u = static_cast<unsigned char>(c);
    const bool ok = std::isalnum(u) || c == '-' || c == '.' || c == '_' ||
                    (bracketed && (c == ':' || c == '%'));
    if (!ok) return false;
  }
  return true;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      encoded += c;
    } else {
      encoded += '%';
      encoded += kHex[u >> 4];
      encoded += kHex[u & 15];
    }
  }
  return encoded;
}

// "user:password" or ":password" or "password" before '@'.
void ParseCredentials(std::string_view url, std::string_view userinfo, Endpoint& endpoint) {
  const std::size_t colon = userinfo.find(':');
  if (colon == std::string_view::npos) {
    endpoint.password = PercentDecode(url, userinfo);  // redis://password@host (legacy form)
  } else {
    endpoint.user = PercentDecode(url, userinfo.substr(0, colon));
    endpoint.password = PercentDecode(url, userinfo.substr(colon + 1));
  }
}

std::string FormatUrl(const Endpoint& e, bool with_password) {
  std::string credentials;
  if (with_password && !e.password.empty()) {
    credentials = PercentEncode(e.user) + ":" + PercentEncode(e.password) + "@";
  }
  if (!e.unix_socket.empty()) {
    return "unix://" + credentials + e.unix_socket + "?db=" + std::to_string(e.db);
  }
  const bool ipv6 = e.host.find(':') != std::string::npos;
  const std::string host = ipv6 ? "[" + e.host + "]" : e.host;
  return "redis://" + credentials + host + ":" + std::to_string(e.port) + "/" +
         std::to_string(e.db);
}

}  // namespace

std::string Endpoint::Url() const { return FormatUrl(*this, false); }

std::string Endpoint::UrlWithPassword() const { return FormatUrl(*this, true); }

std::string Endpoint::ToString() const {
  if (!unix_socket.empty()) return unix_socket + "/" + std::to_string(db);
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/" + std::to_string(db);
}

bool Endpoint::IsLoopback() const {
  if (!unix_socket.empty()) return true;
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

Endpoint Endpoint::ParseUrl(std::string_view url, bool* names_db) {
  constexpr int kMaxDb = 1 << 20;
  Endpoint endpoint;
  bool db_given = false;
  if (names_db != nullptr) *names_db = false;
  std::string_view rest;
  bool unix_form = false;
  if (url.starts_with("redis://")) {
    rest = url.substr(8);
  } else if (url.starts_with("unix://")) {
    rest = url.substr(7);
    unix_form = true;
  } else if (url.starts_with("rediss://")) {
    Bad(url, "TLS (rediss://) is not supported by this client (hiredis 0.14 without SSL)");
  } else {
    Bad(url, "unknown scheme");
  }

  // The same split as RedactUrl's: what is parsed as the password is what a message masks.
  const std::size_t at = UrlCredentialsEnd(url);
  if (at != std::string_view::npos) {
    const std::size_t userinfo = url.size() - rest.size();
    ParseCredentials(url, url.substr(userinfo, at - userinfo), endpoint);
    rest = url.substr(at + 1);
  }

  if (unix_form) {
    const std::size_t query = rest.find('?');
    std::string_view path = rest.substr(0, query);
    if (!path.starts_with("/")) Bad(url, "the socket path must be absolute (unix:///path)");
    endpoint.unix_socket = std::string(path);
    endpoint.host.clear();
    endpoint.port = 0;
    if (query != std::string_view::npos) {
      const std::string_view params = rest.substr(query + 1);
      if (!params.starts_with("db=") || !ParseNumber(params.substr(3), 0, kMaxDb, endpoint.db)) {
        Bad(url, "the only query parameter is db=N with N a database number");
      }
      db_given = true;
    }
    if (names_db != nullptr) *names_db = db_given;
    return endpoint;
  }

  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    const std::string_view db = rest.substr(slash + 1);
    if (!db.empty() && !ParseNumber(db, 0, kMaxDb, endpoint.db)) {
      Bad(url, "the path must be a database number, e.g. /0");
    }
    db_given = !db.empty();
  }
  std::string_view port;
  const bool bracketed = authority.starts_with("[");
  if (bracketed) {  // [::1]:6379
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) Bad(url, "unclosed '[' in an IPv6 host");
    endpoint.host = std::string(authority.substr(1, close - 1));
    // Only an IPv6 address goes in brackets: "[%]" or "[h]" would print back without them, as
    // another URL (found by fuzz_redis_url).
    if (endpoint.host.find(':') == std::string::npos) {
      Bad(url, "brackets hold an IPv6 address only (e.g. [::1]); write a host name without them");
    }
    authority.remove_prefix(close + 1);
    if (authority.starts_with(":")) {
      port = authority.substr(1);
    } else if (!authority.empty()) {
      Bad(url, "unexpected text after the IPv6 host");
    }
  } else {
    const std::size_t colon = authority.find(':');
    endpoint.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    if (colon != std::string_view::npos && port.empty()) Bad(url, "empty port");
  }
  if (endpoint.host.empty()) Bad(url, "no host");
  if (!IsHostText(endpoint.host, bracketed)) {
    Bad(url,
        "the host may hold letters, digits, '-', '.' and '_' only (an IPv6 address goes in "
        "brackets: [::1])");
  }
  if (!port.empty() && !ParseNumber(port, 1, 65535, endpoint.port)) {
    Bad(url, "the port must be a number from 1 to 65535");
  }
  if (names_db != nullptr) *names_db = db_given;
  return endpoint;
}

}  // namespace redis_testkit::client
