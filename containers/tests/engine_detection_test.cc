// `auto` against the real engines: whenever an engine answers on this machine (told by a
// question in that engine's own terms, not by the code under test), ProbeEngine finds it, and
// with no other engine on PATH `auto` takes it. Skipped, with the reason, only where no such
// engine answers.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "redis_testkit/config.h"
#include "runtime_selection.h"
#include "subprocess.h"
#include "test_support.h"

namespace redis_testkit::containers {
namespace {

namespace fs = std::filesystem;
using namespace testing;  // NOLINT: the test helpers

class EngineDetectionTest : public ::testing::TestWithParam<Runtime> {
 protected:
  void SetUp() override {
    binary_ = GetParam() == Runtime::kDocker ? "docker" : "podman";
    if (std::optional<std::string> why = EngineSilent(binary_)) GTEST_SKIP() << *why;
  }
  std::string binary_;
};

TEST_P(EngineDetectionTest, EngineThatAnswersIsFound) {
  const std::optional<std::string> why = internal::ProbeEngine(binary_);
  EXPECT_EQ(why, std::nullopt) << "`" << binary_ << " version` reaches engine "
                               << EngineVersion(binary_)
                               << ", but ProbeEngine says: " << why.value_or("");
}

TEST_P(EngineDetectionTest, AutoTakesItWhenItIsTheOnlyEngineOnPath) {
  // A PATH holding this engine's client only: the other engine is "not installed".
  const fs::path dir = fs::temp_directory_path() /
                       ("redis-testkit-only-" + binary_ + "-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::create_symlink(*internal::FindExecutable(binary_), dir / binary_);
  internal::RuntimeChoice choice;
  {
    const ScopedEnv path("PATH", dir.string());
    choice = internal::ProbeContainerEngines();
  }
  fs::remove_all(dir);
  EXPECT_EQ(choice.runtime, GetParam()) << choice.reason;
  if (GetParam() == Runtime::kDocker) {
    EXPECT_EQ(choice.reason, "docker: `docker info` answered (podman: not installed)");
  } else {
    EXPECT_EQ(choice.reason, "podman: `podman info` answered");
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, EngineDetectionTest,
                         ::testing::Values(Runtime::kPodman, Runtime::kDocker),
                         [](const auto& param_info) {
                           return std::string(ToString(param_info.param));
                         });

}  // namespace
}  // namespace redis_testkit::containers
