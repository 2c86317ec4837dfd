// UrlCredentialsEnd and RedactUrl: where a URL's credentials end, and the URL as it may be shown.
// The client's Endpoint::ParseUrl splits URLs with the same UrlCredentialsEnd, so what the parser
// takes for the password is exactly what RedactUrl masks.
#include <cctype>
#include <string>

#include "redis_testkit/config.h"
#include "text.h"

namespace redis_testkit {
namespace {

constexpr std::size_t kNone = std::string_view::npos;
constexpr std::string_view kMask = "***";

// Where the authority starts: after "<scheme>://" when the text starts with a scheme (RFC 3986:
// a letter, then letters, digits, '+', '-', '.'), else 0 (the whole text is treated as one).
std::size_t AuthorityStart(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == kNone || scheme_end == 0) return 0;
  if (!std::isalpha(static_cast<unsigned char>(url.front()))) return 0;
  for (const char c : url.substr(0, scheme_end)) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::isalnum(u) && c != '+' && c != '-' && c != '.') return 0;
  }
  return scheme_end + 3;
}

// A query parameter whose value is a secret (`?password=...`, `&auth_token=...`).
bool IsSecretParameter(std::string_view name) {
  const std::string lower = internal::ToLower(name);
  for (const std::string_view word : {"pass", "pwd", "secret", "token", "auth"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

// `text` with the value of every secret query parameter (after the first '?') masked.
std::string MaskQuery(std::string_view text) {
  const std::size_t query = text.find('?');
  if (query == kNone) return std::string(text);
  std::string masked(text.substr(0, query + 1));
  std::string_view rest = text.substr(query + 1);
  while (true) {
    const std::size_t end = rest.find_first_of("&;#");
    const std::string_view parameter = rest.substr(0, end);
    const std::size_t equals = parameter.find('=');
    if (equals != kNone && IsSecretParameter(parameter.substr(0, equals))) {
      masked += parameter.substr(0, equals + 1);
      masked += kMask;
    } else {
      masked += parameter;
    }
    if (end == kNone) break;
    masked += rest[end];
    rest.remove_prefix(end + 1);
  }
  return masked;
}

}  // namespace

std::size_t UrlCredentialsEnd(std::string_view url) {
  const std::size_t authority = AuthorityStart(url);
  const std::string_view rest = url.substr(authority);
  if (internal::ToLower(url.substr(0, authority)) == "unix://") {
    if (rest.starts_with('/')) return kNone;  // unix:///path: no credentials, '@' is the path's
    const std::size_t path = rest.rfind("@/");
    if (path != kNone) return authority + path;
  }
  const std::size_t at = rest.rfind('@');
  return at == kNone ? kNone : authority + at;
}

std::string RedactUrl(std::string_view url) {
  const std::size_t at = UrlCredentialsEnd(url);
  if (at == kNone) return MaskQuery(url);
  const std::size_t authority = AuthorityStart(url);
  const std::string_view userinfo = url.substr(authority, at - authority);
  std::string redacted(url.substr(0, authority));
  const std::size_t colon = userinfo.find(':');
  if (colon != kNone) redacted += userinfo.substr(0, colon + 1);  // the user name stays
  redacted += kMask;
  redacted += MaskQuery(url.substr(at));
  return redacted;
}

}  // namespace redis_testkit
