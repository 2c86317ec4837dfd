#include "process_record.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace redis_testkit::containers::internal {

namespace fs = std::filesystem;

std::string ProcessRecord::PathFor(const std::string& name) {
  return StateDir() + "/" + name + ".json";
}

std::optional<ProcessRecord> ProcessRecord::Load(const std::string& path) {
  std::ifstream file(path);
  if (!file) return std::nullopt;
  try {
    const nlohmann::json json = nlohmann::json::parse(file);
    ProcessRecord record;
    record.name = json.at("name").get<std::string>();
    record.server = {json.at("server_pid").get<pid_t>(),
                     json.at("server_start").get<unsigned long long>()};
    record.port = json.at("port").get<int>();
    record.dir = json.at("dir").get<std::string>();
    record.detached = json.at("detached").get<bool>();
    record.owner = {json.at("owner_pid").get<pid_t>(),
                    json.at("owner_start").get<unsigned long long>()};
    record.argv = json.value("argv", std::vector<std::string>{});
    return record;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::vector<std::string> ProcessRecord::AllPaths() {
  std::vector<std::string> paths;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(StateDir(), error)) {
    if (entry.path().extension() == ".json") paths.push_back(entry.path().string());
  }
  return paths;
}

void ProcessRecord::Save() const {
  const nlohmann::json json{{"name", name},
                            {"server_pid", server.pid},
                            {"server_start", server.start_time},
                            {"port", port},
                            {"dir", dir},
                            {"detached", detached},
                            {"owner_pid", owner.pid},
                            {"owner_start", owner.start_time},
                            {"argv", argv}};
  const std::string path = PathFor(name);
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream file(temporary, std::ios::trunc);
    file << json.dump(2) << '\n';
    if (!file) throw std::runtime_error("cannot write " + temporary);
  }
  fs::rename(temporary, path);
}

void ProcessRecord::Remove() const noexcept {
  std::error_code error;
  fs::remove(PathFor(name), error);
  if (!dir.empty()) fs::remove_all(dir, error);
}

}  // namespace redis_testkit::containers::internal
