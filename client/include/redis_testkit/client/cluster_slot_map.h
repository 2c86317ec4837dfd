// Which master serves which of the 16384 slots, as one node's `CLUSTER SLOTS` answers it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redis_testkit::client {

class Reply;

// A master as CLUSTER SLOTS names it (the address it announces).
struct ClusterNodeAddress {
  std::string host;
  int port = 0;
  std::string id;  // the node id; empty when learned from a MOVED redirect

  // "host:port" ("[::1]:port" for IPv6): the key under which connections are kept.
  std::string Address() const;
  bool operator==(const ClusterNodeAddress&) const = default;
};

class ClusterSlotMap {
 public:
  ClusterSlotMap();  // no slot served

  // Parses the reply of CLUSTER SLOTS: [[start, end, [host, port, id, ...], replicas...], ...].
  // A host that is empty or "?" (a node that does not know its address) becomes `fallback_host`,
  // the host the reply came from. Throws client::Error naming what is malformed.
  static ClusterSlotMap FromClusterSlots(const Reply& reply, std::string_view fallback_host);

  // The master serving `slot` (an index into masters()); std::nullopt when none does.
  std::optional<std::size_t> MasterOf(int slot) const;
  const std::vector<ClusterNodeAddress>& masters() const { return masters_; }
  // Points `slot` at host:port (a MOVED redirect), adding the master when it is new.
  void Assign(int slot, const std::string& host, int port);
  // Number of slots some master serves (16384 on a healthy cluster).
  int CoveredSlots() const;

 private:
  std::size_t IndexOf(const std::string& host, int port, std::string_view id);

  std::vector<ClusterNodeAddress> masters_;
  std::vector<std::int32_t> owner_;  // slot -> index into masters_, -1 when unserved
};

}  // namespace redis_testkit::client
