#include "redis_testkit/client/reply.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace redis_testkit::client {
namespace {

TEST(Reply, NilIsTheDefault) {
  const Reply r;
  EXPECT_TRUE(r.IsNil());
  EXPECT_EQ(r.type(), Reply::Type::kNil);
  EXPECT_EQ(r.AsOptionalString(), std::nullopt);
  EXPECT_EQ(r.ToString(), "(nil)");
  EXPECT_THROW(r.AsString(), std::logic_error);
  EXPECT_TRUE(Reply::Nil().IsNil());
}

TEST(Reply, StringIsBinarySafe) {
  const std::string bytes("a\0b\xff", 4);
  const Reply r = Reply::String(bytes);
  EXPECT_EQ(r.AsString(), bytes);
  EXPECT_EQ(r.AsOptionalString(), bytes);
  EXPECT_EQ(r.ToString(), "\"a\\x00b\\xff\"");
  EXPECT_THROW(r.AsArray(), std::logic_error);
}

TEST(Reply, StatusAndError) {
  EXPECT_EQ(Reply::Status("OK").AsString(), "OK");
  EXPECT_EQ(Reply::Status("OK").ToString(), "OK");
  EXPECT_EQ(Reply::Status("OK").AsOptionalString(), "OK");
  const Reply e = Reply::Error("ERR boom");
  EXPECT_TRUE(e.IsError());
  EXPECT_EQ(e.AsString(), "ERR boom");
  EXPECT_EQ(e.ToString(), "(error) ERR boom");
  EXPECT_THROW(e.AsOptionalString(), std::logic_error);
}

TEST(Reply, Integer) {
  EXPECT_EQ(Reply::Integer(-42).AsInteger(), -42);
  EXPECT_EQ(Reply::Integer(7).ToString(), "(integer) 7");
  EXPECT_EQ(Reply::String("123").AsInteger(), 123);  // GET of a counter
  EXPECT_THROW(Reply::String("12x").AsInteger(), std::logic_error);
  EXPECT_THROW(Reply::String("").AsInteger(), std::logic_error);
  EXPECT_THROW(Reply::Status("OK").AsInteger(), std::logic_error);
  EXPECT_THROW(Reply().AsInteger(), std::logic_error);
  EXPECT_THROW(Reply::Integer(1).AsString(), std::logic_error);
}

TEST(Reply, WrongTypeMessagesNameBothTypes) {
  try {
    Reply::Integer(1).AsArray();
    FAIL();
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(), "reply is integer, expected array");
  }
}

TEST(Reply, Array) {
  const Reply r = Reply::Array(
      {Reply::String("a"), Reply::Integer(2), Reply(), Reply::Array({Reply::Status("OK")})});
  ASSERT_EQ(r.AsArray().size(), 4u);
  EXPECT_EQ(r.AsArray()[0].AsString(), "a");
  EXPECT_EQ(r.AsArray()[1].AsInteger(), 2);
  EXPECT_TRUE(r.AsArray()[2].IsNil());
  EXPECT_EQ(r.ToString(), "[\"a\", (integer) 2, (nil), [OK]]");
  EXPECT_TRUE(Reply::Array({}).AsArray().empty());
}

TEST(Reply, LongStringsAreShortenedInToString) {
  const Reply r = Reply::String(std::string(1000, 'x'));
  const std::string text = r.ToString();
  EXPECT_LT(text.size(), 300u);
  EXPECT_NE(text.find("(1000 bytes)"), std::string::npos);
}

TEST(Reply, TypeNames) {
  EXPECT_STREQ(TypeName(Reply::Type::kNil), "nil");
  EXPECT_STREQ(TypeName(Reply::Type::kString), "string");
  EXPECT_STREQ(TypeName(Reply::Type::kStatus), "status");
  EXPECT_STREQ(TypeName(Reply::Type::kInteger), "integer");
  EXPECT_STREQ(TypeName(Reply::Type::kArray), "array");
  EXPECT_STREQ(TypeName(Reply::Type::kError), "error");
}

}  // namespace
}  // namespace redis_testkit::client
