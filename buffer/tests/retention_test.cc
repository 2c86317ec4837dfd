// Retention arguments and stream IDs: pure logic.
#include "event_buffer/retention.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "event_buffer/event.h"
#include "event_buffer/stream_id.h"

namespace event_buffer {
namespace {

using Args = std::vector<std::string>;

TEST(Retention, MaxLenIsApproximateByDefault) {
  EXPECT_EQ(Retention::MaxLen(1000).TrimArgs(0), (Args{"MAXLEN", "~", "1000"}));
  Retention exact = Retention::MaxLen(5);
  exact.approximate = false;
  EXPECT_EQ(exact.TrimArgs(0), (Args{"MAXLEN", "=", "5"}));
}

TEST(Retention, MaxAgeIsAMinIdFromTheClock) {
  EXPECT_EQ(Retention::MaxAge(std::chrono::seconds(60)).TrimArgs(1'700'000'060'000),
            (Args{"MINID", "~", "1700000000000-0"}));
  EXPECT_EQ(Retention::MaxAge(std::chrono::seconds(60)).TrimArgs(10), (Args{"MINID", "~", "0-0"}));
}

TEST(Retention, NoneAddsNothing) { EXPECT_TRUE(Retention::None().TrimArgs(123).empty()); }

TEST(Retention, BadValuesAreNamed) {
  try {
    Retention::MaxLen(0).Validate();
    FAIL();
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("max_len"), std::string::npos);
  }
  EXPECT_THROW(Retention::MaxAge(std::chrono::milliseconds(-1)).Validate(), std::invalid_argument);
  EXPECT_NO_THROW(Retention::None().Validate());
}

TEST(StreamId, ParsesAndOrders) {
  EXPECT_EQ(StreamId::Parse("1700000000000-3"), (StreamId{1'700'000'000'000, 3}));
  EXPECT_EQ(StreamId::Parse("5"), (StreamId{5, 0}));
  EXPECT_LT(StreamId::Parse("5-9"), StreamId::Parse("6-0"));
  EXPECT_LT(StreamId::Parse("5-1"), StreamId::Parse("5-2"));
  EXPECT_EQ(StreamId::Parse("12-4").ToString(), "12-4");
  EXPECT_TRUE(StreamId::Parse("0-0").IsZero());
}

TEST(StreamId, GarbageIsRefusedWithTheText) {
  for (const char* bad : {"", "x-1", "1-", "-1", "1-2-3", "1.5"}) {
    try {
      StreamId::Parse(bad);
      FAIL() << bad;
    } catch (const std::invalid_argument& error) {
      EXPECT_NE(std::string(error.what()).find("<milliseconds>-<sequence>"), std::string::npos);
    }
  }
}

TEST(StreamKey, IsPrefixedAndValidated) {
  EXPECT_EQ(StreamKey("firehose"), "buffer:firehose");
  EXPECT_THROW(StreamKey(""), std::invalid_argument);
  EXPECT_THROW(StreamKey("a b"), std::invalid_argument);
}

}  // namespace
}  // namespace event_buffer
