#include "signal_gateway/priority.h"

#include <gtest/gtest.h>

namespace signal_gateway {
namespace {

const std::map<std::string, std::string> kNone;

TEST(PriorityTest, Table) {
  EXPECT_EQ(PriorityFor("critical", "production"), "P0");
  EXPECT_EQ(PriorityFor("critical", "staging"), "P1");
  EXPECT_EQ(PriorityFor("critical", "development"), "P1");
  EXPECT_EQ(PriorityFor("critical", "unknown"), "P1");
  EXPECT_EQ(PriorityFor("warning", "production"), "P1");
  EXPECT_EQ(PriorityFor("warning", "staging"), "P2");
  EXPECT_EQ(PriorityFor("info", "production"), "P2");
  EXPECT_EQ(PriorityFor("unknown", "production"), "P2");
}

TEST(PriorityTest, EnvironmentFromNamespacePrefix) {
  EXPECT_EQ(ResolveEnvironment("prod-api", "", kNone), "production");
  EXPECT_EQ(ResolveEnvironment("prod", "", kNone), "production");
  EXPECT_EQ(ResolveEnvironment("production", "", kNone), "production");
  EXPECT_EQ(ResolveEnvironment("staging-web", "", kNone), "staging");
  EXPECT_EQ(ResolveEnvironment("dev_tools", "", kNone), "development");
  EXPECT_EQ(ResolveEnvironment("Prod.EU", "", kNone), "production");
}

TEST(PriorityTest, PrefixMustBeAWord) {
  EXPECT_EQ(ResolveEnvironment("products", "", kNone), "unknown");
  EXPECT_EQ(ResolveEnvironment("devops", "", kNone), "unknown");
  EXPECT_EQ(ResolveEnvironment("default", "", kNone), "unknown");
}

TEST(PriorityTest, LabelWinsOverMapWinsOverPrefix) {
  const std::map<std::string, std::string> map = {{"payments", "prod"}, {"prod-x", "staging"}};
  EXPECT_EQ(ResolveEnvironment("payments", "", map), "production");
  EXPECT_EQ(ResolveEnvironment("prod-x", "", map), "staging");
  EXPECT_EQ(ResolveEnvironment("prod-x", "Development", map), "development");
  EXPECT_EQ(ResolveEnvironment("x", "qa", map), "qa");
}

}  // namespace
}  // namespace signal_gateway
