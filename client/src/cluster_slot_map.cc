// CLUSTER SLOTS -> slot owners.
#include "redis_testkit/client/cluster_slot_map.h"

#include <algorithm>

#include "redis_testkit/client/cluster_slots.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/reply.h"

namespace redis_testkit::client {
namespace {

[[noreturn]] void Malformed(const std::string& what, const Reply& part) {
  throw Error("CLUSTER SLOTS: malformed reply (" + what + "): " + part.ToString());
}

long long IntegerAt(const std::vector<Reply>& items, std::size_t index, const Reply& whole) {
  if (index >= items.size() || items[index].type() != Reply::Type::kInteger) {
    Malformed("element " + std::to_string(index) + " is not an integer", whole);
  }
  return items[index].AsInteger();
}

}  // namespace

std::string ClusterNodeAddress::Address() const {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

ClusterSlotMap::ClusterSlotMap() : owner_(kClusterSlotCount, -1) {}

ClusterSlotMap ClusterSlotMap::FromClusterSlots(const Reply& reply,
                                                std::string_view fallback_host) {
  if (reply.type() != Reply::Type::kArray) Malformed("not an array", reply);
  ClusterSlotMap map;
  for (const Reply& range : reply.AsArray()) {
    if (range.type() != Reply::Type::kArray || range.AsArray().size() < 3) {
      Malformed("a range is not [start, end, master, ...]", range);
    }
    const std::vector<Reply>& items = range.AsArray();
    const long long start = IntegerAt(items, 0, range);
    const long long end = IntegerAt(items, 1, range);
    if (start < 0 || end < start || end >= kClusterSlotCount) {
      Malformed("slot range out of [0, 16383]", range);
    }
    const Reply& master = items[2];
    if (master.type() != Reply::Type::kArray || master.AsArray().size() < 2) {
      Malformed("a master is not [host, port, ...]", range);
    }
    const std::vector<Reply>& fields = master.AsArray();
    std::string host = fields[0].IsNil() ? "" : fields[0].AsString();
    if (host.empty() || host == "?") host = std::string(fallback_host);
    const long long port = IntegerAt(fields, 1, range);
    if (port <= 0 || port > 65535) Malformed("port out of range", range);
    const std::string id =
        fields.size() > 2 && fields[2].type() == Reply::Type::kString ? fields[2].AsString() : "";
    const std::size_t index = map.IndexOf(host, static_cast<int>(port), id);
    std::fill(map.owner_.begin() + start, map.owner_.begin() + end + 1,
              static_cast<std::int32_t>(index));
  }
  return map;
}

std::optional<std::size_t> ClusterSlotMap::MasterOf(int slot) const {
  if (slot < 0 || slot >= kClusterSlotCount) return std::nullopt;
  const std::int32_t owner = owner_[static_cast<std::size_t>(slot)];
  if (owner < 0) return std::nullopt;
  return static_cast<std::size_t>(owner);
}

void ClusterSlotMap::Assign(int slot, const std::string& host, int port) {
  if (slot < 0 || slot >= kClusterSlotCount) return;
  owner_[static_cast<std::size_t>(slot)] = static_cast<std::int32_t>(IndexOf(host, port, ""));
}

int ClusterSlotMap::CoveredSlots() const {
  return static_cast<int>(
      std::count_if(owner_.begin(), owner_.end(), [](std::int32_t owner) { return owner >= 0; }));
}

std::size_t ClusterSlotMap::IndexOf(const std::string& host, int port, std::string_view id) {
  for (std::size_t i = 0; i < masters_.size(); ++i) {
    if (masters_[i].host == host && masters_[i].port == port) {
      if (masters_[i].id.empty()) masters_[i].id = std::string(id);
      return i;
    }
  }
  masters_.push_back(ClusterNodeAddress{host, port, std::string(id)});
  return masters_.size() - 1;
}

}  // namespace redis_testkit::client
