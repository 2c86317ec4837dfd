// The command template's placeholders and the checks of LoadOptions (no server).
#include "load_template.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "redis_testkit/ops/load.h"

namespace redis_testkit::ops {
namespace {

using internal::CommandTemplate;

std::string ErrorOf(const std::vector<std::string>& args) {
  try {
    CommandTemplate t(args, 1);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

std::string ErrorOf(const LoadOptions& options) {
  try {
    ValidateLoadOptions(options);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

TEST(LoadTemplateTest, ExpandsSeqRandAndPayload) {
  CommandTemplate t({"SET", "k:{seq}:{rand:10}", "{payload:16}"}, 42);
  std::set<std::string> values;
  for (int seq = 0; seq < 50; ++seq) {
    const std::vector<std::string> args = t.Expand(seq);
    ASSERT_EQ(args.size(), 3U);
    EXPECT_EQ(args[0], "SET");
    const std::string prefix = "k:" + std::to_string(seq) + ":";
    ASSERT_TRUE(args[1].starts_with(prefix)) << args[1];
    const int rand = std::stoi(args[1].substr(prefix.size()));
    EXPECT_GE(rand, 0);
    EXPECT_LT(rand, 10);
    EXPECT_EQ(args[2].size(), 16U);
    values.insert(args[2]);
  }
  EXPECT_GT(values.size(), 40U);  // payloads differ from request to request
}

TEST(LoadTemplateTest, RespIsWhatRedisReads) {
  CommandTemplate t({"SET", "k:{seq}", "a{{b"}, 1);
  std::string out;
  t.AppendResp(out, 7);
  EXPECT_EQ(out, "*3\r\n$3\r\nSET\r\n$3\r\nk:7\r\n$3\r\na{b\r\n");
}

TEST(LoadTemplateTest, PayloadSizesWithUnitsAndSameSeedSameRequests) {
  CommandTemplate a({"SET", "{rand}", "{payload:1kb}"}, 5);
  CommandTemplate b({"SET", "{rand}", "{payload:1kb}"}, 5);
  const std::vector<std::string> first = a.Expand(0);
  EXPECT_EQ(first[2].size(), 1024U);
  EXPECT_EQ(first, b.Expand(0));
}

TEST(LoadTemplateTest, BadPlaceholdersAreNamed) {
  EXPECT_NE(ErrorOf({"SET", "k:{sequence}"}).find("unknown placeholder {sequence} in argument 2"),
            std::string::npos)
      << ErrorOf({"SET", "k:{sequence}"});
  EXPECT_NE(ErrorOf({"GET", "k:{seq"}).find("unclosed '{'"), std::string::npos);
  EXPECT_NE(ErrorOf({"SET", "k", "{payload:0}"}).find("{payload:BYTES}"), std::string::npos);
  EXPECT_NE(ErrorOf({"SET", "k", "{payload:lots}"}).find("{payload:BYTES}"), std::string::npos);
  EXPECT_NE(ErrorOf({"GET", "{rand:0}"}).find("{rand:N}"), std::string::npos);
  EXPECT_NE(ErrorOf(std::vector<std::string>{}).find("empty"), std::string::npos);
}

TEST(LoadOptionsTest, BadOptionsAreNamed) {
  LoadOptions good;
  good.command = {"PING"};
  EXPECT_EQ(ErrorOf(good), "");

  LoadOptions rate = good;
  rate.rate = 0;
  EXPECT_NE(ErrorOf(rate).find("rate must be more than 0"), std::string::npos) << ErrorOf(rate);
  LoadOptions duration = good;
  duration.duration = std::chrono::milliseconds(-1);
  EXPECT_NE(ErrorOf(duration).find("duration must be more than 0"), std::string::npos);
  LoadOptions connections = good;
  connections.connections = 0;
  EXPECT_NE(ErrorOf(connections).find("connections must be 1 to 1024"), std::string::npos);
  LoadOptions tiny = good;
  tiny.rate = 0.1;
  tiny.duration = std::chrono::milliseconds(1000);
  EXPECT_NE(ErrorOf(tiny).find("no request"), std::string::npos);
  LoadOptions placeholder = good;
  placeholder.command = {"GET", "{nope}"};
  EXPECT_NE(ErrorOf(placeholder).find("unknown placeholder {nope}"), std::string::npos);
  LoadOptions unthrottled = good;
  unthrottled.rate = 0;
  unthrottled.unthrottled = true;
  EXPECT_EQ(ErrorOf(unthrottled), "");
}

}  // namespace
}  // namespace redis_testkit::ops
