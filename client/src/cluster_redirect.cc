// MOVED / ASK parsing and the transient cluster errors.
#include "redis_testkit/client/cluster_redirect.h"

#include <charconv>

#include "redis_testkit/client/cluster_slots.h"

namespace redis_testkit::client {
namespace {

std::optional<int> ParseInt(std::string_view text) {
  int value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<ClusterRedirect> ParseClusterRedirect(std::string_view error_text) {
  ClusterRedirect redirect;
  std::string_view rest;
  if (error_text.starts_with("MOVED ")) {
    redirect.kind = ClusterRedirect::Kind::kMoved;
    rest = error_text.substr(6);
  } else if (error_text.starts_with("ASK ")) {
    redirect.kind = ClusterRedirect::Kind::kAsk;
    rest = error_text.substr(4);
  } else {
    return std::nullopt;
  }
  const std::size_t space = rest.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const std::optional<int> slot = ParseInt(rest.substr(0, space));
  if (!slot || *slot < 0 || *slot >= kClusterSlotCount) return std::nullopt;
  const std::string_view address = rest.substr(space + 1);
  const std::size_t colon = address.rfind(':');  // an IPv6 host holds colons: the port is last
  if (colon == std::string_view::npos) return std::nullopt;
  const std::optional<int> port = ParseInt(address.substr(colon + 1));
  if (!port || *port <= 0 || *port > 65535) return std::nullopt;
  std::string_view host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  redirect.slot = *slot;
  redirect.host = std::string(host);
  redirect.port = *port;
  return redirect;
}

bool IsTransientClusterError(std::string_view error_text) {
  return error_text.starts_with("TRYAGAIN") || error_text.starts_with("CLUSTERDOWN");
}

}  // namespace redis_testkit::client
