// Every public header a user of redis_testkit::gtest_main sees.
#include <redis_testkit/client.h>
#include <redis_testkit/config.h>
#include <redis_testkit/gtest.h>

TEST(Cart, AddsItem) {
  auto redis = redis_testkit::Connect();
  redis.Command({"SET", "cart:42", "1", "EX", "600"});
  EXPECT_EQ(redis.Command({"GET", "cart:42"}).AsString(), "1");
  EXPECT_EQ(redis_testkit::RedactUrl("redis://:pw@h:1/0"), "redis://:***@h:1/0");
}
