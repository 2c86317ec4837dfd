// The error replies by which a Redis Cluster node turns a client away: "MOVED <slot> <host>:<port>"
// (the slot lives elsewhere for good: refresh the slot map), "ASK <slot> <host>:<port>" (this one
// key is being migrated: send ASKING and the command to that node, once, map unchanged), and the
// transient "TRYAGAIN ..." (a multi-key command during a migration) and "CLUSTERDOWN ..." (the
// cluster cannot serve right now), which are retried while time is left.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace redis_testkit::client {

struct ClusterRedirect {
  enum class Kind { kMoved, kAsk };
  Kind kind = Kind::kMoved;
  int slot = 0;
  // As the node sent it; empty when the node does not know its own address (Redis 7 may send
  // "MOVED 3999 :6381"): the caller then uses the host it asked.
  std::string host;
  int port = 0;

  bool operator==(const ClusterRedirect&) const = default;
};

// The redirect an error reply's text names; std::nullopt for any other error (or a malformed
// MOVED / ASK, which the caller reports as the error it is).
std::optional<ClusterRedirect> ParseClusterRedirect(std::string_view error_text);

// True for "TRYAGAIN ..." and "CLUSTERDOWN ...": the same command may succeed a moment later.
bool IsTransientClusterError(std::string_view error_text);

}  // namespace redis_testkit::client
