#include "redis_testkit/containers/server_pool.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "redis_testkit/client/cluster_slot_map.h"
#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/errors.h"
#include "redis_testkit/containers/redis_server.h"

namespace redis_testkit::containers {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

std::string PoolFile(const std::string& dir) { return dir + "/pool.json"; }
std::string LockFile(const std::string& dir, int index) {
  return dir + "/slot-" + std::to_string(index) + ".lock";
}

Runtime RuntimeFromName(const std::string& name) {
  for (Runtime runtime :
       {Runtime::kPodman, Runtime::kDocker, Runtime::kProcess, Runtime::kExternal}) {
    if (name == ToString(runtime)) return runtime;
  }
  throw std::runtime_error("unknown runtime '" + name + "' in pool.json");
}

std::vector<std::string> NodeUrls(const std::vector<client::Endpoint>& nodes) {
  std::vector<std::string> urls;
  urls.reserve(nodes.size());
  for (const client::Endpoint& node : nodes) urls.push_back(node.Url());
  return urls;
}

void WritePoolFile(const std::string& dir, const std::vector<PoolSlot>& slots, pid_t owner) {
  nlohmann::json json;
  json["owner_pid"] = owner;
  json["slots"] = nlohmann::json::array();
  for (const PoolSlot& slot : slots) {
    json["slots"].push_back({{"index", slot.index},
                             {"name", slot.name},
                             {"runtime", ToString(slot.runtime)},
                             {"runtime_reason", slot.runtime_reason},
                             {"url", slot.endpoint.Url()},
                             {"topology", ToString(slot.topology)},
                             {"nodes", NodeUrls(slot.nodes)},
                             {"settings", slot.settings},
                             {"node_settings", slot.node_settings}});
  }
  const std::string temporary = PoolFile(dir) + ".tmp";
  {
    std::ofstream file(temporary, std::ios::trunc);
    file << json.dump(2) << '\n';
    if (!file) throw std::runtime_error("cannot write " + temporary);
  }
  fs::rename(temporary, PoolFile(dir));
}

// CONFIG GET * of `endpoint`, a node of a server that was just started. Throws StartError when
// it cannot be read.
client::Settings FreshSettings(const RedisServer& server, const client::Endpoint& endpoint,
                               const ServerConfig& config) {
  try {
    client::ConnectionOptions options;
    options.endpoint = endpoint;
    options.connect_timeout = config.command_timeout;
    options.command_timeout = config.command_timeout;
    client::Connection connection(options);
    return client::ReadSettings(connection);
  } catch (const client::Error& error) {
    throw StartError("pool: cannot read the settings of " + server.name() + " on " +
                         endpoint.ToString() + " (CONFIG GET *): " + error.what(),
                     server.Logs());
  }
}

}  // namespace

PoolLease::PoolLease(PoolLease&& other) noexcept
    : slot_(std::move(other.slot_)), lock_fd_(std::exchange(other.lock_fd_, -1)) {}

PoolLease& PoolLease::operator=(PoolLease&& other) noexcept {
  if (this != &other) {
    if (lock_fd_ >= 0) ::close(lock_fd_);
    slot_ = std::move(other.slot_);
    lock_fd_ = std::exchange(other.lock_fd_, -1);
  }
  return *this;
}

PoolLease::~PoolLease() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

std::vector<PoolSlot> ServerPool::Up(const std::string& dir, int slots, const ServerConfig& config,
                                     pid_t owner) {
  if (slots < 1) throw ConfigError("pool: --slots must be at least 1");
  if (fs::exists(PoolFile(dir))) Down(dir, config);
  fs::create_directories(dir);
  const std::string base =
      config.name.empty() ? "redis-testkit-pool-" + std::to_string(owner) : config.name;
  std::vector<RedisServer> started;
  std::vector<PoolSlot> result;
  for (int index = 0; index < slots; ++index) {
    ServerConfig slot_config = config;
    slot_config.name = base + "-" + std::to_string(index);
    StartOptions options;
    options.owner = owner;
    try {
      started.push_back(RedisServer::Start(slot_config, options));  // on throw: `started` stops
    } catch (const StartError& error) {
      throw StartError("pool slot " + std::to_string(index) + " of " + std::to_string(slots) +
                           " (" + slot_config.name + ", " + ToString(config.topology) +
                           "): " + error.problem(),
                       error.server_logs());
    }
    const RedisServer& server = started.back();
    PoolSlot slot{index,
                  server.name(),
                  server.runtime(),
                  server.runtime_reason(),
                  server.endpoint(),
                  server.topology(),
                  server.nodes(),
                  {},
                  {}};
    if (slot.topology == Topology::kCluster) {
      const auto address = [](const client::Endpoint& node) {
        return client::ClusterNodeAddress{node.host, node.port, ""}.Address();
      };
      for (const client::Endpoint& node : slot.nodes) {
        slot.node_settings[address(node)] = FreshSettings(server, node, config);
      }
      slot.settings = slot.node_settings.at(address(slot.endpoint));  // the first node's: read once
    } else {
      slot.settings = FreshSettings(server, slot.endpoint, config);
    }
    result.push_back(std::move(slot));
  }
  WritePoolFile(dir, result, owner);
  for (RedisServer& server : started) server.Release();  // they live on until the owner dies
  return result;
}

std::vector<PoolSlot> ServerPool::Read(const std::string& dir) {
  std::ifstream file(PoolFile(dir));
  if (!file) {
    throw std::runtime_error("no Redis pool in " + dir + " (" + PoolFile(dir) +
                             " missing): run `redis-testkit pool up --dir " + dir + "` first");
  }
  try {
    const nlohmann::json json = nlohmann::json::parse(file);
    std::vector<PoolSlot> slots;
    for (const auto& item : json.at("slots")) {
      PoolSlot slot;
      slot.index = item.at("index").get<int>();
      slot.name = item.at("name").get<std::string>();
      slot.runtime = RuntimeFromName(item.at("runtime").get<std::string>());
      slot.runtime_reason = item.value("runtime_reason", "");
      slot.endpoint = client::Endpoint::ParseUrl(item.at("url").get<std::string>());
      slot.topology = ParseTopology(item.value("topology", "standalone"), "pool.json topology");
      for (const auto& url : item.value("nodes", std::vector<std::string>{})) {
        slot.nodes.push_back(client::Endpoint::ParseUrl(url));
      }
      if (slot.nodes.empty()) slot.nodes.push_back(slot.endpoint);
      slot.settings = item.value("settings", client::Settings{});
      slot.node_settings = item.value("node_settings", std::map<std::string, client::Settings>{});
      slots.push_back(std::move(slot));
    }
    return slots;
  } catch (const std::exception& error) {
    throw std::runtime_error("cannot read " + PoolFile(dir) + ": " + error.what());
  }
}

PoolLease ServerPool::Lease(const std::string& dir, milliseconds timeout) {
  const std::vector<PoolSlot> slots = Read(dir);
  if (slots.empty()) throw std::runtime_error("the pool in " + dir + " has no slots");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    for (const PoolSlot& slot : slots) {
      const std::string path = LockFile(dir, slot.index);
      const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
      if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return PoolLease(slot, fd);
      ::close(fd);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      throw std::runtime_error("all " + std::to_string(slots.size()) +
                               " slots of the Redis pool in " + dir + " stayed busy for " +
                               std::to_string(timeout.count()) +
                               " ms; start the pool with more slots or run fewer tests at once");
    }
    std::this_thread::sleep_for(milliseconds(10));
  }
}

int ServerPool::Down(const std::string& dir, const ServerConfig& config) {
  std::vector<PoolSlot> slots;
  try {
    slots = Read(dir);
  } catch (const std::exception&) {
    return 0;
  }
  int stopped = 0;
  for (const PoolSlot& slot : slots) {
    ServerConfig slot_config = config;
    slot_config.name = slot.name;
    slot_config.runtime = slot.runtime;
    if (std::optional<RedisServer> server = RedisServer::Find(slot_config)) {
      server->Stop();
      ++stopped;
    }
    std::error_code error;
    fs::remove(LockFile(dir, slot.index), error);
  }
  std::error_code error;
  fs::remove(PoolFile(dir), error);
  return stopped;
}

}  // namespace redis_testkit::containers
