// How `auto` finds an engine, against fake podman/docker clients: an engine that answers `info`
// is found whichever engine it is (so a template only one engine understands is caught without a
// real engine), a client without its engine says so, and the minute-long probe cache is dropped
// as soon as what it depended on changes (dockerd starting, another PATH).
#include "runtime_selection.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "subprocess.h"
#include "test_support.h"

namespace redis_testkit::containers::internal {
namespace {

namespace fs = std::filesystem;

using testing::ScopedEnv;

// Prints the first top-level field of every {{...}} template among the arguments ("Host" for
// {{.Host.Hostname}}, "" for {{json .}}), one per line.
constexpr const char* kTemplateFields = R"sh(
template_fields() {
  printf '%s\n' "$@" | grep -o '{{[^.}]*\.[A-Za-z]*' | sed 's/.*\.//'
}
)sh";

// `docker info` with an engine: answers, except for a template with a field docker's info lacks
// (its error, word for word).
constexpr const char* kDockerWithEngine = R"sh(
[ "$1" = info ] || exit 2
for field in $(template_fields "$@"); do
  case " ID Name ServerVersion OperatingSystem Containers Driver Plugins ClientInfo " in
    *" $field "*) ;;
    *) echo "template: :1:2: executing \"\" at <.$field>: can't evaluate field $field in type system.Info" >&2
       exit 1 ;;
  esac
done
echo "Server Version: 20.10.24"
)sh";

// `podman info`: the same with podman's fields and error.
constexpr const char* kPodmanWithEngine = R"sh(
[ "$1" = info ] || exit 2
for field in $(template_fields "$@"); do
  case " Host Store Registries Plugins Version " in
    *" $field "*) ;;
    *) echo "Error: template: info:1:2: executing \"info\" at <.$field>: can't evaluate field $field in type *define.Info" >&2
       exit 125 ;;
  esac
done
echo "host:"
)sh";

// docker 28's client without an engine.
constexpr const char* kDocker28ClientOnly = R"sh(
printf 'Client:\n Version:    28.2.2\n\nServer:\n'
echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2
exit 1
)sh";

// docker 20.10's client without an engine: the reason is on stdout.
constexpr const char* kDocker20ClientOnly = R"sh(
printf 'Client:\n Version:    20.10.24\n\nServer:\nERROR: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n'
echo "errors pretty printing info" >&2
exit 1
)sh";

constexpr const char* kBrokenPodman = R"sh(
echo 'Error: could not get runtime: cannot re-exec process' >&2
exit 125
)sh";

// A docker client whose engine answers while its socket ($DOCKER_HOST) exists, as dockerd does.
constexpr const char* kDockerWhileSocketExists = R"sh(
socket=${DOCKER_HOST#unix://}
if [ -e "$socket" ]; then echo "Server Version: 20.10.24"; exit 0; fi
echo "Cannot connect to the Docker daemon at $DOCKER_HOST. Is the docker daemon running?" >&2
exit 1
)sh";

class RuntimeSelectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "redis-testkit-probe-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    fs::create_directory(dir_ / "bin");
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes the fake client bin/<name> and returns its path.
  std::string Fake(const std::string& name, const char* body) {
    const fs::path path = dir_ / "bin" / name;
    std::ofstream(path) << "#!/bin/sh\n" << kTemplateFields << body;
    fs::permissions(path, fs::perms::owner_all);
    return path.string();
  }

  fs::path dir_;
};

TEST_F(RuntimeSelectionTest, AnEngineThatAnswersIsFoundWhicheverEngineItIs) {
  // Each fake fails on the other engine's `info` fields: a probe that relies on one engine's
  // template (as {{.Host.Hostname}} once did) never finds the other.
  EXPECT_EQ(ProbeEngine(Fake("docker", kDockerWithEngine)), std::nullopt);
  EXPECT_EQ(ProbeEngine(Fake("podman", kPodmanWithEngine)), std::nullopt);
}

TEST_F(RuntimeSelectionTest, TheFakesRejectTheOtherEnginesTemplates) {
  // The fakes above are only worth something if they fail like the real engines do.
  const std::string docker = Fake("docker", kDockerWithEngine);
  const CommandResult podman_template =
      RunCommand({docker, "info", "--format", "{{.Host.Hostname}}"}, std::chrono::seconds(10));
  EXPECT_EQ(podman_template.exit_code, 1);
  EXPECT_NE(podman_template.err.find("can't evaluate field Host"), std::string::npos);
  EXPECT_TRUE(
      RunCommand({docker, "info", "--format", "{{.ServerVersion}}"}, std::chrono::seconds(10))
          .ok());
  const std::string podman = Fake("podman", kPodmanWithEngine);
  EXPECT_EQ(RunCommand({podman, "info", "--format", "{{.ServerVersion}}"}, std::chrono::seconds(10))
                .exit_code,
            125);
  EXPECT_TRUE(
      RunCommand({podman, "info", "--format", "{{.Host.Hostname}}"}, std::chrono::seconds(10))
          .ok());
}

TEST_F(RuntimeSelectionTest, ClientWithoutItsEngineSaysSo) {
  EXPECT_EQ(ProbeEngine(Fake("docker", kDocker28ClientOnly)), "client only, no engine");
  EXPECT_EQ(ProbeEngine(Fake("docker20", kDocker20ClientOnly)), "client only, no engine");
}

TEST_F(RuntimeSelectionTest, OtherFailuresShowTheExitCodeAndTheFirstLine) {
  const std::string podman = Fake("podman", kBrokenPodman);
  EXPECT_EQ(ProbeEngine(podman), "`" + podman +
                                     " info` failed (exit 125: Error: could not get runtime: "
                                     "cannot re-exec process)");
}

TEST_F(RuntimeSelectionTest, MissingClientIsNotInstalled) {
  EXPECT_EQ(ProbeEngine((dir_ / "bin" / "docker").string()), "not installed");
}

TEST_F(RuntimeSelectionTest, CachedChoiceLastsUntilDockerdStartsOrStops) {
  Fake("podman", kBrokenPodman);
  Fake("docker", kDockerWhileSocketExists);
  const std::string socket = (dir_ / "docker.sock").string();
  const ScopedEnv path("PATH", (dir_ / "bin").string() + ":/usr/bin:/bin");
  const ScopedEnv docker_host("DOCKER_HOST", "unix://" + socket);
  const std::string cache = (dir_ / "runtime-probe.json").string();
  ServerConfig config;
  config.runtime = Runtime::kAuto;

  RuntimeChoice choice = ChooseRuntime(config, cache);
  EXPECT_EQ(choice.runtime, Runtime::kProcess);
  EXPECT_EQ(choice.reason,
            "process: no container engine (podman: `podman info` failed (exit 125: Error: could "
            "not get runtime: cannot re-exec process); docker: client only, no engine)");
  ASSERT_TRUE(fs::exists(cache));
  choice = ChooseRuntime(config, cache);
  EXPECT_EQ(choice.runtime, Runtime::kProcess);
  EXPECT_TRUE(choice.reason.ends_with(" s ago)")) << choice.reason;  // from the cache

  std::ofstream(socket) << "";  // dockerd starts: it creates its socket
  choice = ChooseRuntime(config, cache);
  EXPECT_EQ(choice.runtime, Runtime::kDocker);
  EXPECT_EQ(choice.reason,
            "docker: `docker info` answered (podman: `podman info` failed (exit 125: Error: could "
            "not get runtime: cannot re-exec process))");
  choice = ChooseRuntime(config, cache);
  EXPECT_EQ(choice.runtime, Runtime::kDocker);
  EXPECT_TRUE(choice.reason.ends_with(" s ago)")) << choice.reason;

  fs::remove(socket);  // dockerd stops
  EXPECT_EQ(ChooseRuntime(config, cache).runtime, Runtime::kProcess);
}

TEST_F(RuntimeSelectionTest, CacheWithoutAFingerprintIsProbedAgain) {
  Fake("podman", kPodmanWithEngine);
  const ScopedEnv path("PATH", (dir_ / "bin").string() + ":/usr/bin:/bin");
  const std::string cache = (dir_ / "runtime-probe.json").string();
  std::ofstream(cache) << R"({"runtime": "process", "reason": "written by an older kit"})";
  ServerConfig config;
  config.runtime = Runtime::kAuto;
  const RuntimeChoice choice = ChooseRuntime(config, cache);
  EXPECT_EQ(choice.runtime, Runtime::kPodman);
  EXPECT_EQ(choice.reason, "podman: `podman info` answered");
}

TEST_F(RuntimeSelectionTest, ConfiguredRuntimeNeitherProbesNorCaches) {
  const std::string cache = (dir_ / "runtime-probe.json").string();
  ServerConfig config;
  config.runtime = Runtime::kDocker;
  const RuntimeChoice choice = ChooseRuntime(config, cache);
  EXPECT_EQ(choice.runtime, Runtime::kDocker);
  EXPECT_EQ(choice.reason, "configured: REDIS_TESTKIT_RUNTIME=docker");
  EXPECT_FALSE(fs::exists(cache));
}

TEST(ProbeFingerprintTest, ChangesWithTheDockerSocketAndTheClients) {
  const std::string socket =
      (fs::temp_directory_path() / ("redis-testkit-fp-" + std::to_string(::getpid()))).string();
  const ScopedEnv docker_host("DOCKER_HOST", "unix://" + socket);
  const std::string without = ProbeFingerprint();
  std::ofstream(socket) << "";
  const std::string with = ProbeFingerprint();
  EXPECT_NE(without, with);
  EXPECT_EQ(with, ProbeFingerprint());  // stable while nothing changes
  fs::remove(socket);
  EXPECT_EQ(without, ProbeFingerprint());
  const ScopedEnv path("PATH", "/nonexistent");
  EXPECT_NE(without, ProbeFingerprint());
}

}  // namespace
}  // namespace redis_testkit::containers::internal
