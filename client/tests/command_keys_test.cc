// The COMMAND table: where a command's first key is. Pure logic on a reply shaped like Redis 7's.
#include "command_keys.h"

#include <gtest/gtest.h>

#include "redis_testkit/client/reply.h"

namespace redis_testkit::client::internal {
namespace {

Reply Entry(const std::string& name, long long first_key,
            const std::vector<std::string>& flags = {}, std::vector<Reply> subcommands = {}) {
  std::vector<Reply> flag_replies;
  flag_replies.reserve(flags.size());
  for (const std::string& flag : flags) flag_replies.push_back(Reply::Status(flag));
  return Reply::Array({Reply::String(name), Reply::Integer(-2),
                       Reply::Array(std::move(flag_replies)), Reply::Integer(first_key),
                       Reply::Integer(first_key), Reply::Integer(1), Reply::Array({}),
                       Reply::Array({}), Reply::Array({}), Reply::Array(std::move(subcommands))});
}

CommandKeyTable Table() {
  return CommandKeyTable::FromCommandReply(Reply::Array({
      Entry("get", 1),
      Entry("ping", 0),
      Entry("evalsha", 0, {"noscript", "movablekeys"}),
      Entry("xread", 0, {"readonly", "movablekeys"}),
      Entry("sort", 1, {"write", "movablekeys"}),
      Entry("xgroup", 0, {}, {Entry("xgroup|create", 2), Entry("xgroup|help", 0)}),
  }));
}

KeyLookup Find(const CommandKeyTable& table, const std::vector<std::string_view>& args) {
  return table.Find(args);
}

TEST(CommandKeyTable, FirstKeyPositions) {
  const CommandKeyTable table = Table();
  EXPECT_EQ(table.size(), 8u);  // subcommands included
  const KeyLookup get = Find(table, {"GET", "k"});
  EXPECT_EQ(get.kind, KeyLookup::Kind::kKey);
  EXPECT_EQ(get.index, 1u);
  EXPECT_EQ(Find(table, {"get"}).kind, KeyLookup::Kind::kNoKey);  // arity error: the server says
  EXPECT_EQ(Find(table, {"PING"}).kind, KeyLookup::Kind::kNoKey);
  EXPECT_EQ(Find(table, {"NOSUCH", "k"}).kind, KeyLookup::Kind::kNoKey);
  EXPECT_EQ(Find(table, {"SORT", "list", "STORE", "dst"}).index, 1u);  // movable, first key fixed
}

TEST(CommandKeyTable, ScriptsUseNumkeys) {
  const CommandKeyTable table = Table();
  const KeyLookup with_keys = Find(table, {"EVALSHA", "abc", "2", "{t}a", "{t}b", "arg"});
  EXPECT_EQ(with_keys.kind, KeyLookup::Kind::kKey);
  EXPECT_EQ(with_keys.index, 3u);
  EXPECT_EQ(Find(table, {"EVALSHA", "abc", "0", "arg"}).kind, KeyLookup::Kind::kNoKey);
}

TEST(CommandKeyTable, SubcommandsAndMovableKeys) {
  const CommandKeyTable table = Table();
  const KeyLookup create = Find(table, {"XGROUP", "CREATE", "stream", "group", "$"});
  EXPECT_EQ(create.kind, KeyLookup::Kind::kKey);
  EXPECT_EQ(create.index, 2u);
  EXPECT_EQ(Find(table, {"XGROUP", "HELP"}).kind, KeyLookup::Kind::kNoKey);
  EXPECT_EQ(Find(table, {"XREAD", "STREAMS", "s", "0"}).kind, KeyLookup::Kind::kAskServer);
}

}  // namespace
}  // namespace redis_testkit::client::internal
