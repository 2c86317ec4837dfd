#include "signal_gateway/redis_session.h"

#include <utility>

#include "redis_testkit/client/cluster_connection.h"
#include "redis_testkit/client/cluster_pipeline.h"
#include "redis_testkit/client/cluster_slots.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/client/pipeline.h"

namespace signal_gateway {

namespace client = redis_testkit::client;

RedisSession::RedisSession(const client::ConnectionOptions& options, bool cluster,
                           const std::vector<client::Endpoint>& more_seeds)
    : options_(options) {
  if (!cluster) {
    server_ = std::make_unique<client::Connection>(options);
    return;
  }
  client::ClusterOptions cluster_options;
  cluster_options.seeds.push_back(options.endpoint);
  for (const client::Endpoint& seed : more_seeds) {
    if (!(seed == options.endpoint)) cluster_options.seeds.push_back(seed);
  }
  cluster_options.connect_timeout = options.connect_timeout;
  cluster_options.command_timeout = options.command_timeout;
  cluster_ = std::make_unique<client::ClusterConnection>(std::move(cluster_options));
}

RedisSession::~RedisSession() = default;
RedisSession::RedisSession(RedisSession&& other) noexcept = default;
RedisSession& RedisSession::operator=(RedisSession&& other) noexcept = default;

template <typename Fn>
auto RedisSession::Guarded(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const client::IoError&) {
    ReloadSlotMapQuietly();
    throw;
  }
}

void RedisSession::ReloadSlotMapQuietly() noexcept {
  if (!cluster_) return;
  try {
    cluster_->RefreshSlotMap();
  } catch (const std::exception&) {  // the cluster does not answer: the next call tries again
  }
}

client::Reply RedisSession::Command(const std::vector<std::string>& args) {
  if (!cluster_) return server_->Command(args);
  return Guarded([&] { return cluster_->Command(args); });
}

client::Reply RedisSession::Command(std::initializer_list<std::string_view> args) {
  return Command(std::vector<std::string>(args.begin(), args.end()));
}

std::vector<client::Reply> RedisSession::Execute(
    const std::vector<std::vector<std::string>>& commands) {
  if (!cluster_) {
    client::Pipeline pipeline = server_->MakePipeline();
    for (const std::vector<std::string>& command : commands) pipeline.Add(command);
    return pipeline.Execute();
  }
  return Guarded([&] {
    client::ClusterPipeline pipeline = cluster_->MakePipeline();
    for (const std::vector<std::string>& command : commands) pipeline.Add(command);
    return pipeline.Execute();
  });
}

client::ClusterNodeAddress RedisSession::NodeOf(std::string_view key) {
  if (!cluster_) return {options_.endpoint.host, options_.endpoint.port, ""};
  const std::optional<std::size_t> master = cluster_->slot_map().MasterOf(client::KeySlot(key));
  if (!master) {
    throw client::IoError("no node of the Redis Cluster serves slot " +
                          std::to_string(client::KeySlot(key)) + " (key " + std::string(key) +
                          "): the cluster is down or still forming");
  }
  return cluster_->Masters()[*master];
}

std::vector<client::ClusterNodeAddress> RedisSession::Nodes() {
  if (!cluster_) return {{options_.endpoint.host, options_.endpoint.port, ""}};
  return cluster_->Masters();
}

client::Reply RedisSession::CommandOn(const client::ClusterNodeAddress& node,
                                      const std::vector<std::string>& args) {
  if (!cluster_) return server_->Command(args);
  return Guarded([&] { return cluster_->Node(node).Command(args); });
}

void RedisSession::Ping() {
  if (!cluster_) {
    server_->Ping();
    return;
  }
  for (const client::ClusterNodeAddress& node : Nodes()) {
    Guarded([&] { cluster_->Node(node).Ping(); });
  }
}

bool RedisSession::usable() const { return cluster_ != nullptr || server_->connected(); }

std::string RedisSession::Describe() const {
  if (!cluster_) return options_.endpoint.ToString();
  return "Redis Cluster via " + options_.endpoint.ToString();
}

}  // namespace signal_gateway
