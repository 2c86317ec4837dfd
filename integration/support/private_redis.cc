#include "private_redis.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "redis_testkit/gtest.h"

namespace gateway_scenarios {

namespace client = redis_testkit::client;
namespace containers = redis_testkit::containers;

PrivateRedis::PrivateRedis(long long maxmemory_bytes) : config_(redis_testkit::GetConfig().server) {
  if (config_.runtime == redis_testkit::Runtime::kExternal) {
    // An external server cannot be stopped or starved by a test: use a local redis-server.
    config_.runtime = redis_testkit::Runtime::kProcess;
    config_.url.clear();
  }
  config_.name.clear();  // "redis-testkit-<pid>-<n>": never the kit's own instance
  config_.port = 0;
  if (maxmemory_bytes > 0) config_.maxmemory_bytes = maxmemory_bytes;
  server_.emplace(containers::RedisServer::Start(config_));
  endpoint_ = server_->endpoint();
  config_.port = endpoint_.port;  // a restart comes back where the gateway looks for it
}

PrivateRedis::~PrivateRedis() { Stop(); }

client::Connection PrivateRedis::Connect() const {
  client::ConnectionOptions options;
  options.endpoint = endpoint_;
  options.connect_timeout = config_.command_timeout;
  options.command_timeout = config_.command_timeout;
  return client::Connection(options);
}

void PrivateRedis::Stop() {
  if (!server_) return;
  server_->Stop();
  server_.reset();
}

void PrivateRedis::Restart() {
  Stop();
  server_.emplace(containers::RedisServer::Start(config_));
  if (server_->endpoint().port != endpoint_.port) {
    throw std::runtime_error("restarted Redis listens on port " +
                             std::to_string(server_->endpoint().port) + " instead of " +
                             std::to_string(endpoint_.port));
  }
}

int ClosedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket(): ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    const int saved = errno;
    ::close(fd);
    throw std::runtime_error(std::string("cannot pick a free loopback port: ") +
                             std::strerror(saved));
  }
  ::close(fd);  // bound, never listened on: nothing answers there
  return ntohs(address.sin_port);
}

}  // namespace gateway_scenarios
