#include "runtime_selection.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string_view>

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
  // The exit status alone: `info --format` templates differ between the engines (podman's
  // {{.Host.Hostname}} is "can't evaluate field Host" for docker, docker's {{.ServerVersion}} is
  // unknown to podman), and `info` fails when the client reaches no engine.
  const CommandResult info = RunCommand({binary, "info"}, kProbeTimeout);
  if (info.ok()) return std::nullopt;
  if (info.timed_out) return "`" + binary + " info` timed out after 10 s";
  // docker 28 says so on stderr; docker 20.10 says "errors pretty printing info" there and puts
  // "ERROR: Cannot connect to the Docker daemon at ..." into its stdout.
  for (const std::string* text : {&info.err, &info.out}) {
    if (text->find("Cannot connect to the Docker daemon") != std::string::npos ||
        text->find("Is the docker daemon running") != std::string::npos) {
      return "client only, no engine";
    }
  }
  const std::string detail = FirstLine(info.err.empty() ? info.out : info.err);
  return "`" + binary + " info` failed (exit " + std::to_string(info.exit_code) + ": " + detail +
         ")";
}

std::string ProbeFingerprint() {
  std::string fingerprint;
  for (const char* binary : {"podman", "docker"}) {
    fingerprint += std::string(binary) + "=" + FindExecutable(binary).value_or("") + ";";
  }
  std::string socket = "/var/run/docker.sock";
  for (const char* name : {"DOCKER_HOST", "DOCKER_CONTEXT", "CONTAINER_HOST"}) {
    const char* value = std::getenv(name);
    const std::string text = value != nullptr ? value : "";
    fingerprint += std::string(name) + "=" + text + ";";
    if (std::string_view(name) == "DOCKER_HOST" && !text.empty()) {
      socket = text.starts_with("unix://") ? text.substr(7) : "";
    }
  }
  struct stat info {};
  if (!socket.empty() && ::stat(socket.c_str(), &info) == 0) {
    fingerprint += "socket=" + std::to_string(info.st_ino) + "@" +
                   std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec);
  } else {
    fingerprint += "socket=none";
  }
  return fingerprint;
}

namespace {

std::optional<RuntimeChoice> ReadCache(const std::string& path, const std::string& fingerprint) {
  if (path.empty()) return std::nullopt;
  try {
    std::ifstream file(path);
    if (!file) return std::nullopt;
    const auto age =
        std::filesystem::file_time_type::clock::now() - std::filesystem::last_write_time(path);
    if (age < std::chrono::seconds(0) || age > kCacheLifetime) return std::nullopt;
    const nlohmann::json json = nlohmann::json::parse(file);
    if (json.at("fingerprint").get<std::string>() != fingerprint) return std::nullopt;
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

void WriteCache(const std::string& path, const std::string& fingerprint,
                const RuntimeChoice& choice) {
  if (path.empty()) return;
  try {
    const std::string temporary = path + ".tmp." + std::to_string(::getpid());
    {
      std::ofstream file(temporary, std::ios::trunc);
      file << nlohmann::json{{"runtime", ToString(choice.runtime)},
                             {"reason", choice.reason},
                             {"fingerprint", fingerprint}}
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
  std::string cache_path;  // none: probe every time
  if (config.runtime == Runtime::kAuto) {
    try {
      cache_path = StateDir() + "/runtime-probe.json";
    } catch (const std::exception&) {
    }
  }
  return ChooseRuntime(config, cache_path);
}

RuntimeChoice ChooseRuntime(const ServerConfig& config, const std::string& cache_path) {
  if (config.runtime != Runtime::kAuto) {
    if (config.runtime == Runtime::kExternal) {
      return {Runtime::kExternal, "configured: external (REDIS_TESTKIT_URL)"};
    }
    return {config.runtime,
            std::string("configured: REDIS_TESTKIT_RUNTIME=") + ToString(config.runtime)};
  }
  // Before the probe: an engine that appears during the probe makes the cached result stale.
  const std::string fingerprint = ProbeFingerprint();
  if (std::optional<RuntimeChoice> cached = ReadCache(cache_path, fingerprint)) return *cached;
  RuntimeChoice choice = ProbeContainerEngines();
  WriteCache(cache_path, fingerprint, choice);
  return choice;
}

}  // namespace redis_testkit::containers::internal
