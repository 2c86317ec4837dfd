// ScenarioRedis: one server or a cluster behind the same calls (see scenario_redis.h).
#include "scenario_redis.h"

#include "redis_testkit/gtest.h"

namespace gateway_scenarios {

using redis_testkit::client::Connection;
using redis_testkit::client::Reply;

ScenarioRedis::ScenarioRedis() {
  if (redis_testkit::IsCluster()) {
    cluster_.emplace(redis_testkit::ConnectCluster());
  } else {
    server_.emplace(redis_testkit::Connect());
  }
}

Reply ScenarioRedis::Command(std::initializer_list<std::string_view> args) {
  return cluster_ ? cluster_->Command(args) : server_->Command(args);
}

Reply ScenarioRedis::Command(const std::vector<std::string>& args) {
  return cluster_ ? cluster_->Command(args) : server_->Command(args);
}

void ScenarioRedis::OnEveryMaster(std::initializer_list<std::string_view> args) {
  for (Connection* master : Masters()) master->Command(args);
}

std::vector<Connection*> ScenarioRedis::Masters() {
  if (!cluster_) return {&*server_};
  std::vector<Connection*> masters;
  for (const auto& master : cluster_->Masters()) masters.push_back(&cluster_->Node(master));
  return masters;
}

}  // namespace gateway_scenarios
