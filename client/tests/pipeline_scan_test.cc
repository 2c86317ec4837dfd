// Pipelines and SCAN against a real redis-server.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>

#include "redis_testkit/client/connection.h"
#include "redis_testkit/client/pipeline.h"
#include "redis_testkit/client/scan.h"
#include "test_server.h"

namespace redis_testkit::client {
namespace {

using std::chrono::milliseconds;
using test_support::TestServer;

TEST(Pipeline, TenThousandCommands) {
  TestServer server;
  Connection c(server.ConnectOptions());
  Pipeline pipeline = c.MakePipeline();
  constexpr int kCount = 10000;
  for (int i = 0; i < kCount; ++i) {
    pipeline.Add({"SET", "key:" + std::to_string(i), "value:" + std::to_string(i)});
  }
  EXPECT_EQ(pipeline.size(), static_cast<std::size_t>(kCount));
  const auto start = std::chrono::steady_clock::now();
  const std::vector<Reply> replies = pipeline.Execute();
  const auto elapsed =
      std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
  std::printf("pipeline of %d SETs: %lld ms\n", kCount, static_cast<long long>(elapsed.count()));
  ASSERT_EQ(replies.size(), static_cast<std::size_t>(kCount));
  EXPECT_TRUE(std::all_of(replies.begin(), replies.end(),
                          [](const Reply& r) { return r.type() == Reply::Type::kStatus; }));
  EXPECT_EQ(pipeline.size(), 0u);
  EXPECT_EQ(c.Command({"DBSIZE"}).AsInteger(), kCount);

  for (int i = 0; i < kCount; ++i) pipeline.Add({"GET", "key:" + std::to_string(i)});
  const std::vector<Reply> values = pipeline.Execute();
  ASSERT_EQ(values.size(), static_cast<std::size_t>(kCount));
  for (int i = 0; i < kCount; i += 997) {
    EXPECT_EQ(values[static_cast<std::size_t>(i)].AsString(), "value:" + std::to_string(i));
  }
}

TEST(Pipeline, ErrorRepliesStayInPlace) {
  TestServer server;
  Connection c(server.ConnectOptions());
  Pipeline pipeline(c);
  pipeline.Add({"SET", "s", "x"}).Add({"INCR", "s"}).Add({"GET", "s"}).Add({"GET", "none"});
  const std::vector<Reply> replies = pipeline.Execute();
  ASSERT_EQ(replies.size(), 4u);
  EXPECT_EQ(replies[0].AsString(), "OK");
  EXPECT_TRUE(replies[1].IsError());
  EXPECT_TRUE(replies[1].AsString().starts_with("ERR value is not an integer"))
      << replies[1].ToString();
  EXPECT_EQ(replies[2].AsString(), "x");
  EXPECT_TRUE(replies[3].IsNil());
  EXPECT_TRUE(pipeline.Execute().empty());  // empty pipeline: nothing sent
  c.Ping();
}

TEST(Scan, FiveThousandKeysEachExactlyOnce) {
  TestServer server;
  Connection c(server.ConnectOptions());
  Pipeline pipeline(c);
  constexpr int kCount = 5000;
  std::set<std::string> expected;
  for (int i = 0; i < kCount; ++i) {
    const std::string key = "scan:" + std::to_string(i);
    expected.insert(key);
    pipeline.Add({"SET", key, "1"});
  }
  pipeline.Add({"SET", "other", "1"});
  pipeline.Execute();

  // The raw walk: no key lost, and (with a keyspace that does not change) none repeated.
  ScanOptions small_batches;
  small_batches.match = "scan:*";
  small_batches.count = 100;
  KeyScanner scanner(c, small_batches);
  std::vector<std::string> batch;
  std::multiset<std::string> walked;
  int batches = 0;
  while (scanner.Next(batch)) {
    ++batches;
    walked.insert(batch.begin(), batch.end());
  }
  EXPECT_FALSE(scanner.Next(batch));
  EXPECT_TRUE(batch.empty());
  EXPECT_GT(batches, 1);
  EXPECT_EQ(walked.size(), static_cast<std::size_t>(kCount));
  EXPECT_EQ(std::set<std::string>(walked.begin(), walked.end()), expected);

  const std::vector<std::string> all = ScanAllKeys(c);
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kCount + 1));
  ScanOptions scan_keys;
  scan_keys.match = "scan:*";
  const std::vector<std::string> matching = ScanAllKeys(c, scan_keys);
  EXPECT_EQ(std::set<std::string>(matching.begin(), matching.end()), expected);
  EXPECT_EQ(matching.size(), expected.size());
}

TEST(Scan, TypeFilterAndEmptyDatabase) {
  TestServer server;
  Connection c(server.ConnectOptions());
  EXPECT_TRUE(ScanAllKeys(c).empty());
  c.Command({"SET", "s", "1"});
  c.Command({"HSET", "h", "f", "v"});
  c.Command({"LPUSH", "l", "x"});
  ScanOptions hashes;
  hashes.type = "hash";
  EXPECT_EQ(ScanAllKeys(c, hashes), std::vector<std::string>{"h"});
  ScanOptions starting_with_l;
  starting_with_l.match = "l*";
  EXPECT_EQ(ScanAllKeys(c, starting_with_l), std::vector<std::string>{"l"});
  EXPECT_EQ(ScanAllKeys(c).size(), 3u);
}

TEST(Scan, OnlyTheSelectedDatabase) {
  TestServer server;
  Connection db1({server.endpoint(1), milliseconds(2000), milliseconds(2000)});
  db1.Command({"SET", "in-db1", "1"});
  Connection db0(server.ConnectOptions());
  db0.Command({"SET", "in-db0", "1"});
  EXPECT_EQ(ScanAllKeys(db1), std::vector<std::string>{"in-db1"});
}

}  // namespace
}  // namespace redis_testkit::client
