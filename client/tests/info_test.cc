// ParseInfo on INFO texts captured from a real redis-server 7.0.15 (tests/data/README.md).
#include "redis_testkit/client/info.h"

#include <gtest/gtest.h>

#include <fstream>
#include <limits>
#include <sstream>
#include <string>

namespace redis_testkit::client {
namespace {

std::string ReadData(const std::string& name) {
  const std::string path = std::string(REDIS_TESTKIT_CLIENT_TEST_DATA) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string WithoutCarriageReturns(std::string text) {
  std::erase(text, '\r');
  return text;
}

TEST(ParseInfo, EverythingFromALoadedServer) {
  const std::string text = ReadData("info_everything.txt");
  ASSERT_NE(text.find("\r\n"), std::string::npos) << "the capture keeps the server's CRLF";
  const Info info = ParseInfo(text);

  EXPECT_EQ(info.server.redis_version, "7.0.15");
  EXPECT_EQ(info.server.process_id, 7174);
  EXPECT_EQ(info.server.tcp_port, 0);
  EXPECT_EQ(info.server.uptime_in_seconds, 4);
  EXPECT_EQ(info.server.run_id, "9d716b8b7312b81d0b589126a694e69881c79e0f");

  EXPECT_EQ(info.memory.used_memory, 2188600);
  EXPECT_EQ(info.memory.used_memory_peak, 2188600);
  EXPECT_EQ(info.memory.used_memory_rss, 13475840);
  EXPECT_EQ(info.memory.maxmemory, 2097152);
  EXPECT_EQ(info.memory.maxmemory_policy, "noeviction");
  EXPECT_DOUBLE_EQ(info.memory.mem_fragmentation_ratio, 6.22);

  ASSERT_EQ(info.keyspace.size(), 2u);
  EXPECT_EQ(info.keyspace.at(0).keys, 931);
  EXPECT_EQ(info.keyspace.at(0).expires, 2);
  EXPECT_EQ(info.keyspace.at(0).avg_ttl, 1498010);
  EXPECT_EQ(info.keyspace.at(3).keys, 3);
  EXPECT_EQ(info.keyspace.at(3).expires, 1);
  EXPECT_EQ(info.keyspace.at(3).avg_ttl, 498010);
  EXPECT_EQ(info.TotalKeys(), 934);

  EXPECT_EQ(info.errors.size(), 4u);
  EXPECT_EQ(info.errors.at("OOM"), 1092);
  EXPECT_EQ(info.errors.at("ERR"), 1);
  EXPECT_EQ(info.errors.at("NOSCRIPT"), 1);
  EXPECT_EQ(info.errors.at("WRONGTYPE"), 1);
  EXPECT_EQ(info.OomRejections(), 1092);
}

TEST(ParseInfo, CommandCallsFromCommandstats) {
  const Info info = ParseInfo(ReadData("info_everything.txt"));
  EXPECT_EQ(info.CommandCalls("set"), 933);
  EXPECT_EQ(info.CommandCalls("config|get"), 1);
  EXPECT_EQ(info.CommandCalls("incr"), 0);        // rejected only
  EXPECT_EQ(info.CommandCalls("config|set"), 0);  // never called: absent
  const Info mixed = ParseInfo("# Commandstats\r\ncmdstat_CONFIG|SET:calls=2,usec=5\r\n");
  EXPECT_EQ(mixed.CommandCalls("config|set"), 2);
}

TEST(ParseInfo, KeepsEverySectionAndRawField) {
  const Info info = ParseInfo(ReadData("info_everything.txt"));
  for (const char* section :
       {"server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules",
        "commandstats", "errorstats", "latencystats", "cluster", "keyspace"}) {
    EXPECT_EQ(info.sections.count(section), 1u) << section;
  }
  EXPECT_EQ(info.sections.at("commandstats").at("cmdstat_set"),
            "calls=933,usec=762,usec_per_call=0.82,rejected_calls=1091,failed_calls=0");
  EXPECT_EQ(info.sections.at("latencystats").at("latency_percentiles_usec_set"),
            "p50=1.003,p99=6.015,p99.9=10.047");
  EXPECT_EQ(info.Get("maxmemory_human"), "2.00M");
  EXPECT_EQ(info.Get("db3"), "keys=3,expires=1,avg_ttl=498010");
  EXPECT_EQ(info.Get("no_such_field"), std::nullopt);
  for (const auto& [name, fields] : info.sections) {
    for (const auto& [field, value] : fields) {
      EXPECT_EQ(value.find('\r'), std::string::npos) << field;
    }
  }
}

TEST(ParseInfo, LineFeedsOnlyGiveTheSameResult) {
  const std::string crlf = ReadData("info_everything.txt");
  const Info a = ParseInfo(crlf);
  const Info b = ParseInfo(WithoutCarriageReturns(crlf));
  EXPECT_EQ(a.sections, b.sections);
  EXPECT_EQ(b.memory.used_memory, 2188600);
  EXPECT_EQ(b.OomRejections(), 1092);
}

TEST(ParseInfo, MemorySectionAlone) {
  const Info info = ParseInfo(ReadData("info_memory.txt"));
  EXPECT_EQ(info.sections.size(), 1u);
  EXPECT_EQ(info.memory.used_memory, 2186856);
  EXPECT_EQ(info.memory.used_memory_peak, 2188600);
  EXPECT_EQ(info.memory.used_memory_rss, 13475840);
  EXPECT_EQ(info.memory.maxmemory, 2097152);
  EXPECT_EQ(info.memory.maxmemory_policy, "noeviction");
  EXPECT_DOUBLE_EQ(info.memory.mem_fragmentation_ratio, 6.22);
  EXPECT_TRUE(info.keyspace.empty());
  EXPECT_EQ(info.OomRejections(), 0);
  EXPECT_EQ(info.server.redis_version, "");
}

TEST(ParseInfo, DefaultSections) {
  const Info info = ParseInfo(ReadData("info_default.txt"));
  EXPECT_EQ(info.sections.count("commandstats"), 0u);  // not in the default set
  EXPECT_EQ(info.memory.used_memory, 2189152);
  EXPECT_EQ(info.OomRejections(), 1092);
  EXPECT_EQ(info.TotalKeys(), 934);
}

TEST(ParseInfo, EmptyServerAfterFlushallAndResetstat) {
  const Info info = ParseInfo(ReadData("info_empty.txt"));
  EXPECT_EQ(info.sections.count("keyspace"), 1u);
  EXPECT_TRUE(info.sections.at("keyspace").empty());
  EXPECT_TRUE(info.sections.at("errorstats").empty());
  EXPECT_TRUE(info.keyspace.empty());
  EXPECT_TRUE(info.errors.empty());
  EXPECT_EQ(info.TotalKeys(), 0);
  EXPECT_EQ(info.OomRejections(), 0);
  EXPECT_EQ(info.memory.used_memory, 941784);
  EXPECT_EQ(info.memory.used_memory_peak, 2189152);
  EXPECT_DOUBLE_EQ(info.memory.mem_fragmentation_ratio, 6.27);
  EXPECT_EQ(info.server.uptime_in_seconds, 7);
  EXPECT_EQ(info.Get("total_error_replies"), "0");
}

TEST(ParseInfo, SkipsMalformedLinesAndNeverThrows) {
  const Info info = ParseInfo(
      "used_memory:100\r\n"  // before any header
      "# Keyspace\r\n"
      "garbage without colon\r\n"
      ":no field\r\n"
      "db:keys=1\r\n"                // no db number
      "dbx:keys=1\r\n"               // not a number
      "db2:keys=oops,expires=1\r\n"  // bad figure kept at 0
      "db1:keys=5,expires=2,avg_ttl=7,subexpiry=0\r\n"
      "# Errorstats\r\n"
      "errorstat_OOM:count=x\r\n"
      "errorstat_BUSY:count=2\r\n"
      "unrelated:1\r\n"
      "# Memory\r\n"
      "used_memory:not-a-number\r\n"
      "mem_fragmentation_ratio:1.5\r\n");
  EXPECT_EQ(info.sections.at("").at("used_memory"), "100");
  ASSERT_EQ(info.keyspace.size(), 2u);
  EXPECT_EQ(info.keyspace.at(1).keys, 5);
  EXPECT_EQ(info.keyspace.at(1).avg_ttl, 7);
  EXPECT_EQ(info.keyspace.at(2).keys, 0);
  EXPECT_EQ(info.keyspace.at(2).expires, 1);
  EXPECT_EQ(info.errors.size(), 1u);
  EXPECT_EQ(info.errors.at("BUSY"), 2);
  EXPECT_EQ(info.OomRejections(), 0);
  EXPECT_DOUBLE_EQ(info.memory.mem_fragmentation_ratio, 1.5);

  EXPECT_NO_THROW(ParseInfo(""));
  EXPECT_NO_THROW(ParseInfo("\n\n#\n:\n::\n#  \r\n"));
  EXPECT_TRUE(ParseInfo("").sections.empty());
}

// Caught by fuzz_info (UBSan) on a crafted input: the keys of every database were summed with a
// signed overflow (undefined behaviour; in practice a negative total). A total is never negative
// and saturates.
TEST(ParseInfo, TotalKeysSaturatesInsteadOfOverflowing) {
  const Info info = ParseInfo(
      "# Keyspace\r\n"
      "db0:keys=9223372036854775807,expires=0,avg_ttl=0\r\n"
      "db1:keys=1,expires=0,avg_ttl=0\r\n"
      "db2:keys=-5,expires=0,avg_ttl=0\r\n");
  EXPECT_EQ(info.TotalKeys(), std::numeric_limits<long long>::max());
  EXPECT_EQ(ParseInfo("# Keyspace\r\ndb0:keys=-5\r\ndb1:keys=3\r\n").TotalKeys(), 3);
}

}  // namespace
}  // namespace redis_testkit::client
