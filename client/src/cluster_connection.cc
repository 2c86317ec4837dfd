// ClusterConnection: slot routing, MOVED / ASK, TRYAGAIN / CLUSTERDOWN retries within a deadline.
#include "redis_testkit/client/cluster_connection.h"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <utility>

#include "command_keys.h"
#include "error_translation.h"
#include "redis_testkit/client/cluster_pipeline.h"
#include "redis_testkit/client/cluster_redirect.h"
#include "redis_testkit/client/cluster_slots.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/pipeline.h"

namespace redis_testkit::client {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kFirstBackoff{5};
constexpr milliseconds kMaxBackoff{100};

std::string NameOf(const std::vector<std::string_view>& args) {
  if (args.empty()) return internal::CommandName({});
  return internal::CommandName(args[0], args.size() > 1 ? args[1] : std::string_view());
}

milliseconds Remaining(Clock::time_point deadline) {
  return std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
}

}  // namespace

struct ClusterConnection::State {
  struct Node {
    std::unique_ptr<Connection> connection;
    milliseconds timeout{0};  // the socket timeout set on it now
  };
  ClusterOptions options;
  std::unordered_map<std::string, Node> nodes;  // by ClusterNodeAddress::Address()
  ClusterSlotMap map;
  ClusterNodeAddress default_node;  // keyless commands; the seed that answered first
  std::optional<internal::CommandKeyTable> keys;
  ClusterCounters counters;

  Endpoint EndpointOf(const ClusterNodeAddress& node) const {
    Endpoint endpoint = options.seeds.front();
    endpoint.host = node.host;
    endpoint.port = node.port;
    endpoint.unix_socket.clear();
    endpoint.db = 0;
    return endpoint;
  }
};

ClusterConnection::ClusterConnection(ClusterOptions options) : state_(std::make_unique<State>()) {
  if (options.seeds.empty()) {
    throw std::invalid_argument("ClusterConnection: no seed node; name at least one node");
  }
  for (const Endpoint& seed : options.seeds) {
    if (seed.db != 0) {
      throw std::invalid_argument("ClusterConnection: " + seed.ToString() + " names database " +
                                  std::to_string(seed.db) +
                                  "; a Redis Cluster has only database 0");
    }
    if (!seed.unix_socket.empty()) {
      throw std::invalid_argument("ClusterConnection: " + seed.ToString() +
                                  " is a unix socket; cluster nodes are reached over TCP");
    }
  }
  state_->options = std::move(options);
  std::string failures;
  for (const Endpoint& seed : state_->options.seeds) {
    const ClusterNodeAddress node{seed.host, seed.port, ""};
    try {
      Node(node);
      state_->default_node = node;
      RefreshSlotMap();
      return;
    } catch (const ReplyError& error) {
      const std::string text = error.what();
      if (text.find("cluster support disabled") != std::string::npos) {
        throw Error(seed.ToString() +
                    " is not a cluster node (cluster-enabled no); use Connection for a "
                    "standalone server, or REDIS_TESTKIT_TOPOLOGY=cluster for a cluster");
      }
      failures += (failures.empty() ? "" : "; ") + text;
    } catch (const IoError& error) {
      failures += (failures.empty() ? "" : "; ") + std::string(error.what());
    }
  }
  throw IoError("ClusterConnection: no seed node answered: " + failures);
}

ClusterConnection::~ClusterConnection() = default;
ClusterConnection::ClusterConnection(ClusterConnection&& other) noexcept = default;
ClusterConnection& ClusterConnection::operator=(ClusterConnection&& other) noexcept = default;

Reply ClusterConnection::Command(std::initializer_list<std::string_view> args) {
  return Command(std::vector<std::string_view>(args));
}

Reply ClusterConnection::Command(const std::vector<std::string>& args) {
  return Command(std::vector<std::string_view>(args.begin(), args.end()));
}

Reply ClusterConnection::Command(const std::vector<std::string_view>& args) {
  const ClusterNodeAddress first = TargetOf(args);
  Reply reply = Route(args);
  if (reply.IsError()) {
    const Endpoint where = state_->EndpointOf(first);
    internal::ThrowReplyError(reply.AsString(),
                              {NameOf(args), where, state_->options.command_timeout});
  }
  return reply;
}

ClusterPipeline ClusterConnection::MakePipeline() { return ClusterPipeline(*this); }

const ClusterSlotMap& ClusterConnection::slot_map() const { return state_->map; }
const ClusterCounters& ClusterConnection::counters() const { return state_->counters; }
const ClusterOptions& ClusterConnection::options() const { return state_->options; }

Connection& ClusterConnection::Node(const ClusterNodeAddress& node) {
  State::Node& entry = state_->nodes[node.Address()];
  if (!entry.connection || !entry.connection->connected()) {
    entry.connection.reset();
    ConnectionOptions options{state_->EndpointOf(node), state_->options.connect_timeout,
                              state_->options.command_timeout};
    try {
      entry.connection = std::make_unique<Connection>(std::move(options));
    } catch (...) {
      state_->nodes.erase(node.Address());
      throw;
    }
    entry.timeout = state_->options.command_timeout;
  }
  return *entry.connection;
}

void ClusterConnection::RefreshSlotMap() {
  // The default node first, then every known master: the first complete answer wins.
  std::vector<ClusterNodeAddress> candidates{state_->default_node};
  for (const ClusterNodeAddress& master : state_->map.masters()) candidates.push_back(master);
  std::string failures;
  for (const ClusterNodeAddress& node : candidates) {
    try {
      const Reply reply = Node(node).Command({"CLUSTER", "SLOTS"});
      ClusterSlotMap map = ClusterSlotMap::FromClusterSlots(reply, node.host);
      if (map.masters().empty()) {
        failures += (failures.empty() ? "" : "; ") + node.Address() + " serves no slot yet";
        continue;
      }
      state_->map = std::move(map);
      ++state_->counters.refreshes;
      return;
    } catch (const ReplyError&) {
      throw;  // a node that refuses CLUSTER SLOTS (not a cluster, no permission) says why
    } catch (const Error& error) {
      failures += (failures.empty() ? "" : "; ") + std::string(error.what());
    }
  }
  throw Error("CLUSTER SLOTS: no node gave a slot map (" + failures +
              "); is the cluster formed (CLUSTER ADDSLOTS / MEET, cluster_state:ok)?");
}

void ClusterConnection::LoadCommandTable() {
  state_->keys =
      internal::CommandKeyTable::FromCommandReply(Node(state_->default_node).Command({"COMMAND"}));
}

std::optional<int> ClusterConnection::SlotOf(const std::vector<std::string_view>& args) {
  if (!state_->keys) LoadCommandTable();
  const internal::KeyLookup lookup = state_->keys->Find(args);
  switch (lookup.kind) {
    case internal::KeyLookup::Kind::kKey:
      return KeySlot(args[lookup.index]);
    case internal::KeyLookup::Kind::kNoKey:
      return std::nullopt;
    case internal::KeyLookup::Kind::kAskServer:
      break;
  }
  std::vector<std::string_view> getkeys{"COMMAND", "GETKEYS"};
  getkeys.insert(getkeys.end(), args.begin(), args.end());
  Pipeline pipeline(Node(state_->default_node));
  pipeline.Add(std::vector<std::string>(getkeys.begin(), getkeys.end()));
  const Reply keys = pipeline.Execute().front();  // an error reply: the arguments name no key
  if (keys.type() != Reply::Type::kArray || keys.AsArray().empty()) return std::nullopt;
  return KeySlot(keys.AsArray().front().AsString());
}

ClusterNodeAddress ClusterConnection::TargetOf(const std::vector<std::string_view>& args) {
  const std::optional<int> slot = SlotOf(args);
  if (slot) {
    if (const std::optional<std::size_t> master = state_->map.MasterOf(*slot)) {
      return state_->map.masters()[*master];
    }
  }
  return state_->default_node;
}

Reply ClusterConnection::Send(const ClusterNodeAddress& node,
                              const std::vector<std::string_view>& args, bool asking,
                              milliseconds timeout) {
  Connection& connection = Node(node);
  State::Node& entry = state_->nodes[node.Address()];
  if (entry.timeout != timeout) {
    connection.SetCommandTimeout(timeout);
    entry.timeout = timeout;
  }
  Pipeline pipeline(connection);
  if (asking) pipeline.Add({"ASKING"});
  pipeline.Add(std::vector<std::string>(args.begin(), args.end()));
  std::vector<Reply> replies = pipeline.Execute();
  if (asking && replies.front().IsError()) return std::move(replies.front());
  return std::move(replies.back());
}

void ClusterConnection::OnMoved(int slot, const ClusterNodeAddress& node) {
  // The node that sent MOVED knows the new owner; the whole map may have changed (a resharding
  // moves many slots), so reload it, and trust the redirect for its own slot whatever a lagging
  // node said.
  RefreshSlotMap();
  state_->map.Assign(slot, node.host, node.port);
}

Reply ClusterConnection::Route(const std::vector<std::string_view>& args) {
  const milliseconds budget = state_->options.command_timeout;
  const Clock::time_point deadline = Clock::now() + budget;
  ClusterNodeAddress target = TargetOf(args);
  bool asking = false;
  int redirects = 0;
  milliseconds backoff = kFirstBackoff;
  for (bool first = true;; first = false) {
    const milliseconds remaining = first ? budget : std::max(Remaining(deadline), milliseconds(1));
    Reply reply = Send(target, args, asking, std::min(remaining, budget));
    asking = false;
    if (!reply.IsError()) return reply;
    const std::string& text = reply.AsString();
    if (const std::optional<ClusterRedirect> redirect = ParseClusterRedirect(text)) {
      if (++redirects > state_->options.max_redirects || Clock::now() >= deadline) {
        return Reply::Error(text + " (gave up after " + std::to_string(redirects - 1) +
                            " redirects; is the cluster resharding in a loop?)");
      }
      const ClusterNodeAddress next{redirect->host.empty() ? target.host : redirect->host,
                                    redirect->port, ""};
      if (redirect->kind == ClusterRedirect::Kind::kMoved) {
        ++state_->counters.moved;
        OnMoved(redirect->slot, next);
      } else {
        ++state_->counters.ask;
        asking = true;
      }
      target = next;
      continue;
    }
    if (IsTransientClusterError(text) && Remaining(deadline) > backoff) {
      ++state_->counters.retries;
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, kMaxBackoff);
      if (text.starts_with("CLUSTERDOWN")) {
        try {
          RefreshSlotMap();
        } catch (const Error&) {  // the cluster is down: the retry answers for it
        }
      }
      target = TargetOf(args);
      continue;
    }
    return reply;
  }
}

}  // namespace redis_testkit::client
