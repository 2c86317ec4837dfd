#include "external_runtime.h"

#include <stdexcept>

#include "readiness.h"
#include "redis_testkit/containers/redis_server.h"

namespace redis_testkit::containers::internal {
namespace {

class ExternalInstance : public Instance {
 public:
  ExternalInstance(client::Endpoint endpoint, std::string name)
      : endpoint_(std::move(endpoint)), name_(std::move(name)) {}

  const client::Endpoint& endpoint() const override { return endpoint_; }
  const std::string& name() const override { return name_; }
  Runtime runtime() const override { return Runtime::kExternal; }
  bool owned() const override { return false; }
  std::optional<std::string> CheckExited() override { return std::nullopt; }
  std::string Logs(int) const override { return ""; }
  void Stop() noexcept override {}

 private:
  client::Endpoint endpoint_;
  std::string name_;
};

}  // namespace

std::unique_ptr<Instance> ExternalRuntime::Start(const ServerConfig& config) {
  client::Endpoint endpoint;
  try {
    endpoint = client::Endpoint::ParseUrl(config.url);
  } catch (const std::invalid_argument& error) {
    throw ConfigError(std::string("REDIS_TESTKIT_URL: ") + error.what());
  }
  if (endpoint.db == 0) endpoint.db = config.db;
  auto instance = std::make_unique<ExternalInstance>(endpoint, RedactUrl(config.url));
  ReadinessProbe probe;
  probe.endpoint = endpoint;
  probe.timeout = config.startup_timeout;
  const Readiness readiness = WaitUntilReady(probe);
  if (!readiness.ready) {
    throw StartError(
        "external Redis " + RedactUrl(config.url) + " (REDIS_TESTKIT_URL): " + readiness.problem,
        "");
  }
  return instance;
}

}  // namespace redis_testkit::containers::internal
