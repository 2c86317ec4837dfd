#include "runtime_selection.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "process_identity.h"
#include "subprocess.h"

namespace redis_testkit::containers::internal {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kProbeTimeout{10000};
constexpr std::chrono::seconds kCacheLifetime{60};

std::string FirstLine(const std::string& text) {
  const std::size_t start = text.find_first_not_of(" \n");
  if (start == std::string::npos) return "";
  return text.substr(start, text.find('\n', start) - start);
}

}  // namespace

std::optional<std::string> ProbeEngine(const std::string& binary) {
  if (!FindExecutable(binary)) return "not installed";
  const CommandResult info =
      RunCommand({binary, "info", "--format", "{{.Host.Hostname}}"}, kProbeTimeout);
  if (info.ok()) return std::nullopt;
  if (info.timed_out) return "`" + binary + " info` timed out after 10 s";
  const std::string detail = FirstLine(info.err.empty() ? info.out : info.err);
  if (detail.find("Cannot connect to the Docker daemon") != std::string::npos ||
      detail.find("docker daemon") != std::string::npos) {
    return "client only, no engine";
  }
  return "`" + binary + " info` failed (exit " + std::to_string(info.exit_code) + ": " + detail +
         ")";
}

namespace {

std::string CachePath() { return StateDir() + "/runtime-probe.json"; }

std::optional<RuntimeChoice> ReadCache() {
  try {
    const auto path = CachePath();
    std::ifstream file(path);
    if (!file) return std::nullopt;
    const auto age =
        std::filesystem::file_time_type::clock::now() - std::filesystem::last_write_time(path);
    if (age < std::chrono::seconds(0) || age > kCacheLifetime) return std::nullopt;
    const nlohmann::json json = nlohmann::json::parse(file);
    RuntimeChoice choice;
    const std::string runtime = json.at("runtime").get<std::string>();
    if (runtime == "podman") {
      choice.runtime = Runtime::kPodman;
    } else if (runtime == "docker") {
      choice.runtime = Runtime::kDocker;
    } else if (runtime == "process") {
      choice.runtime = Runtime::kProcess;
    } else {
      return std::nullopt;
    }
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(age).count();
    choice.reason =
        json.at("reason").get<std::string>() + " (probed " + std::to_string(seconds) + " s ago)";
    return choice;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void WriteCache(const RuntimeChoice& choice) {
  try {
    const std::string path = CachePath();
    const std::string temporary = path + ".tmp." + std::to_string(::getpid());
    {
      std::ofstream file(temporary, std::ios::trunc);
      file << nlohmann::json{{"runtime", ToString(choice.runtime)}, {"reason", choice.reason}}
                  .dump();
    }
    std::filesystem::rename(temporary, path);
  } catch (const std::exception&) {
    // A cache that cannot be written only costs the next probe.
  }
}

}  // namespace

RuntimeChoice ProbeContainerEngines() {
  const std::optional<std::string> podman = ProbeEngine("podman");
  if (!podman) return {Runtime::kPodman, "podman: `podman info` answered"};
  const std::optional<std::string> docker = ProbeEngine("docker");
  if (!docker)
    return {Runtime::kDocker, "docker: `docker info` answered (podman: " + *podman + ")"};
  return {Runtime::kProcess,
          "process: no container engine (podman: " + *podman + "; docker: " + *docker + ")"};
}

RuntimeChoice ChooseRuntime(const ServerConfig& config) {
  if (config.runtime != Runtime::kAuto) {
    if (config.runtime == Runtime::kExternal) {
      return {Runtime::kExternal, "configured: external (REDIS_TESTKIT_URL)"};
    }
    return {config.runtime,
            std::string("configured: REDIS_TESTKIT_RUNTIME=") + ToString(config.runtime)};
  }
  if (std::optional<RuntimeChoice> cached = ReadCache()) return *cached;
  RuntimeChoice choice = ProbeContainerEngines();
  WriteCache(choice);
  return choice;
}

}  // namespace redis_testkit::containers::internal
