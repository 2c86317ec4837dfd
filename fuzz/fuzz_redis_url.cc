// Endpoint::ParseUrl (client) and RedactUrl (config) on any text. Invariants:
// - ParseUrl throws std::invalid_argument only, and its message quotes the URL masked;
// - a parsed endpoint round-trips: ParseUrl(UrlWithPassword()) gives it back, ParseUrl(Url())
//   gives it back without credentials;
// - masking keeps everything but the password: ParseUrl(RedactUrl(...)) of the input and of
//   UrlWithPassword() give the same endpoint with the password "***".
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "redis_testkit/client/endpoint.h"
#include "redis_testkit/config.h"

namespace {

using redis_testkit::RedactUrl;
using redis_testkit::UrlCredentialsEnd;
using redis_testkit::client::Endpoint;
namespace fuzz = redis_testkit::fuzz;

// ParseUrl of a URL the kit made itself: it must parse.
Endpoint Reparse(const std::string& url, std::string_view what) {
  try {
    return Endpoint::ParseUrl(url);
  } catch (const std::exception& e) {
    fuzz::Fail(std::string(what) + " does not parse back", e.what());
  }
}

void CheckMasked(const Endpoint& masked, Endpoint expected, std::string_view what) {
  expected.password = "***";
  fuzz::Check(masked == expected, what, masked.UrlWithPassword());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view url(reinterpret_cast<const char*>(data), size);
  const std::string redacted = RedactUrl(url);
  Endpoint endpoint;
  bool names_db = false;
  try {
    endpoint = Endpoint::ParseUrl(url, &names_db);
  } catch (const std::invalid_argument& e) {
    const std::string_view message = e.what();
    // Environment variables and arguments cannot hold NUL, which would end what() early.
    fuzz::Check(
        url.find('\0') != std::string_view::npos ||
            message.find("\"" + redacted + "\" is not a Redis URL") != std::string_view::npos,
        "the error message quotes the URL masked", message);
    return 0;
  } catch (const std::exception& e) {
    fuzz::UndocumentedException("Endpoint::ParseUrl", e);
  }
  (void)endpoint.IsLoopback();
  (void)endpoint.ToString();
  fuzz::Check(endpoint.unix_socket.empty() != endpoint.host.empty(),
              "an endpoint is either a host or a unix socket");

  Endpoint with_credentials = endpoint;
  if (with_credentials.password.empty()) with_credentials.user.clear();  // no AUTH, no user
  fuzz::Check(Reparse(endpoint.UrlWithPassword(), "UrlWithPassword()") == with_credentials,
              "UrlWithPassword() round-trips", endpoint.UrlWithPassword());
  Endpoint shown = endpoint;
  shown.user.clear();
  shown.password.clear();
  fuzz::Check(Reparse(endpoint.Url(), "Url()") == shown, "Url() round-trips without credentials",
              endpoint.Url());

  if (!endpoint.password.empty()) {
    CheckMasked(Reparse(RedactUrl(endpoint.UrlWithPassword()), "RedactUrl(UrlWithPassword())"),
                endpoint, "RedactUrl(UrlWithPassword()) keeps all but the password");
  }
  if (UrlCredentialsEnd(url) != std::string_view::npos) {
    CheckMasked(Reparse(redacted, "RedactUrl(url)"), endpoint,
                "RedactUrl(url) keeps all but the password");
  } else {
    fuzz::Check(endpoint.password.empty() && endpoint.user.empty(),
                "credentials only where UrlCredentialsEnd finds them");
  }
  return 0;
}
