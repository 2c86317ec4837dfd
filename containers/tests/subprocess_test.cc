// fork/exec without a shell: output capture, exit codes, and the hard timeout.
#include "subprocess.h"

#include <gtest/gtest.h>
#include <signal.h>

namespace redis_testkit::containers::internal {
namespace {

using std::chrono::milliseconds;

TEST(SubprocessTest, CapturesStdoutStderrAndExitCode) {
  const CommandResult result =
      RunCommand({"sh", "-c", "echo out; echo err >&2; exit 3"}, milliseconds(5000));
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.out, "out\n");
  EXPECT_EQ(result.err, "err\n");
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.Describe(), "sh -c failed (exit 3): err");
}

TEST(SubprocessTest, ArgumentsAreNotInterpretedByAShell) {
  const CommandResult result = RunCommand({"echo", "$HOME; rm -rf /", ""}, milliseconds(5000));
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(result.out, "$HOME; rm -rf / \n");
}

TEST(SubprocessTest, HardTimeoutKillsTheChild) {
  const auto started = std::chrono::steady_clock::now();
  const CommandResult result = RunCommand({"sleep", "30"}, milliseconds(200));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(result.timed_out);
  EXPECT_FALSE(result.ok());
  EXPECT_LT(elapsed, std::chrono::seconds(10));  // far from the 30 s the child wanted
  EXPECT_NE(result.Describe().find("timed out"), std::string::npos) << result.Describe();
}

TEST(SubprocessTest, TimeoutAlsoKillsGrandchildrenHoldingThePipes) {
  // The shell's child keeps stdout open; the group kill must end it.
  const CommandResult result = RunCommand({"sh", "-c", "sleep 30 & sleep 30"}, milliseconds(200));
  EXPECT_TRUE(result.timed_out);
}

TEST(SubprocessTest, ReturnsWhenTheChildExitsEvenIfAGrandchildKeepsThePipe) {
  const auto started = std::chrono::steady_clock::now();
  const CommandResult result =
      RunCommand({"sh", "-c", "echo hi; (sleep 3) & exit 0"}, milliseconds(10000));
  EXPECT_TRUE(result.ok()) << result.Describe();
  EXPECT_EQ(result.out, "hi\n");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

TEST(SubprocessTest, MissingBinaryIsReportedNotThrown) {
  const CommandResult result = RunCommand({"no-such-binary-redis-testkit"}, milliseconds(1000));
  EXPECT_EQ(result.exit_code, 127);
  EXPECT_NE(result.err.find("not found on PATH"), std::string::npos) << result.err;
}

TEST(SubprocessTest, SpawnAndWaitForChild) {
  const pid_t pid = Spawn({"sh", "-c", "exit 7"}, SpawnOptions{});
  int status = 0;
  ASSERT_TRUE(WaitForChild(pid, milliseconds(5000), &status));
  EXPECT_EQ(DescribeWaitStatus(status), "exited with code 7");

  const pid_t sleeper = Spawn({"sleep", "30"}, SpawnOptions{});
  EXPECT_FALSE(WaitForChild(sleeper, milliseconds(50)));
  ::kill(sleeper, SIGKILL);
  ASSERT_TRUE(WaitForChild(sleeper, milliseconds(5000), &status));
  EXPECT_EQ(DescribeWaitStatus(status), "was killed by signal 9 (SIGKILL)");
}

TEST(SubprocessTest, SpawnOfAMissingBinaryThrows) {
  EXPECT_THROW(Spawn({"/nonexistent/redis-server"}, SpawnOptions{}), std::runtime_error);
}

TEST(SubprocessTest, FindExecutable) {
  EXPECT_TRUE(FindExecutable("sh").has_value());
  EXPECT_EQ(FindExecutable("/bin/sh"), "/bin/sh");
  EXPECT_FALSE(FindExecutable("no-such-binary-redis-testkit").has_value());
}

}  // namespace
}  // namespace redis_testkit::containers::internal
