// leak-report.html from hand-built records: escaping, the chart's lines and markers, the
// sections present only with their data, nothing that reaches outside the page; and the merge of
// several report directories (one per CI shard) whose totals are the sums of the parts.
#include "redis_testkit/cleanup/report_html.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "redis_testkit/cleanup/report_merge.h"
#include "redis_testkit/cleanup/report_writer.h"

namespace redis_testkit::cleanup {
namespace {

namespace fs = std::filesystem;

constexpr const char* kEvilKey = "cart:<script>alert('x')</script>&\"1\"";

TestRecord Record(std::string name, long long before, long long after, long long peak) {
  TestRecord r;
  r.suite = "Cart";
  r.name = std::move(name);
  r.duration_ms = 10;
  r.memory.used_before = before;
  r.memory.used_after = after;
  r.memory.peak_before = peak;
  r.memory.peak = peak;
  r.memory.maxmemory = 4000000;
  return r;
}

TestRecord Leaky(std::string name, const std::string& key) {
  TestRecord r = Record(std::move(name), 1000000, 1000200, 1000200);
  r.status = TestStatus::kFailed;
  r.leaks.no_ttl = {{key, "string", -1, "embstr", 64}};
  r.leaks.no_ttl_count = 1;
  r.leaks.no_ttl_bytes = 64;
  r.patterns = {{"cart:*", 1, 64, 1, {key}}};
  r.patterns_total = 1;
  return r;
}

MergedReport Merged(std::vector<TestRecord> tests) {
  MergedReport merged;
  merged.generated_at = "2024-05-01T12:30:00.000Z";
  Report report;
  report.process = {"cart_tests", 42, "2024-05-01T12:00:00.000Z", "ci"};
  report.server.maxmemory_policy = "noeviction";
  report.tests = std::move(tests);
  merged.sources = {{"cart_tests-42.json", report}};
  merged.Compute();
  return merged;
}

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

TEST(ReportHtmlTest, EscapesEveryMarkupCharacter) {
  EXPECT_EQ(EscapeHtml("<a href=\"x\">'b' & c</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;b&#39; &amp; c&lt;/a&gt;");
  EXPECT_EQ(EscapeHtml("plain:key:42"), "plain:key:42");
}

TEST(ReportHtmlTest, AKeyNameIsTextNeverMarkup) {
  const std::string html = RenderHtml(Merged({Leaky("Leaks", kEvilKey)}));
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_NE(html.find("cart:&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;1&quot;"),
            std::string::npos);
  // In the leaks table and as a sample of its pattern.
  EXPECT_EQ(Count(html, "&lt;script&gt;alert"), 2u);
}

TEST(ReportHtmlTest, ChartHasThreeLinesAndMarksLeaksAndOom) {
  TestRecord oom = Record("Oom", 1000000, 1100000, 3900000);
  oom.memory.peak_before = 1200000;
  oom.oom_rejections = 3;
  const std::string html =
      RenderHtml(Merged({Record("First", 1000000, 1050000, 1200000), Leaky("Leaks", "cart:1"), oom,
                         Leaky("AlsoLeaks", "cart:2")}));
  ASSERT_NE(html.find("<svg id=\"memory-chart\""), std::string::npos);
  EXPECT_EQ(Count(html, "<polyline class=\"series series-"), 3u);
  // Four tests: four points on each line.
  const std::size_t at = html.find("series-after\" points=\"");
  ASSERT_NE(at, std::string::npos);
  const std::string points = html.substr(at, html.find('"', at + 22) - at);
  EXPECT_EQ(Count(points, ","), 4u) << points;
  EXPECT_EQ(Count(html, "class=\"marker marker-leak\""), 2u);
  EXPECT_EQ(Count(html, "class=\"marker marker-oom\""), 1u);
  EXPECT_NE(html.find("#3 Cart.Oom: before 977KB, after 1.05MB, peak 3.72MB, 3 OOM rejection(s)"),
            std::string::npos);
  EXPECT_NE(html.find("maxmemory 3.81MB"), std::string::npos);  // the cap is near: drawn
  for (const char* table :
       {"totals-table", "leaks-table", "patterns-table", "oom-table", "slowest-table"}) {
    EXPECT_NE(html.find(std::string("<table id=\"") + table + "\""), std::string::npos) << table;
  }
}

// The section of `text` from `from` up to `to`.
std::string Between(const std::string& text, const std::string& from, const std::string& to) {
  const std::size_t begin = text.find(from);
  const std::size_t end = text.find(to, begin);
  EXPECT_NE(begin, std::string::npos) << from;
  EXPECT_NE(end, std::string::npos) << to;
  return text.substr(begin, end - begin);
}

// On a cluster a leaked key says where it is: its master, and in the HTML its slot too.
TEST(ReportHtmlTest, ALeakOnAClusterNamesTheNodeAndTheSlot) {
  TestRecord leaky = Leaky("ClusterLeak", "cart:{7}");
  leaky.leaks.no_ttl[0].node = "127.0.0.1:7002";
  leaky.leaks.no_ttl[0].slot = 6314;
  leaky.leaks.left_behind = {{"cart:ttl", "string", 5000, "embstr", 56, 0, "127.0.0.1:7003", 2}};
  leaky.leaks.left_behind_count = 1;
  TestRecord db5 = Leaky("Db5Leak", "cart:5");
  db5.leaks.no_ttl[0].db = 5;
  const MergedReport merged = Merged({leaky, db5});
  const std::string html = RenderHtml(merged);
  EXPECT_NE(html.find("node 127.0.0.1:7002, slot 6314"), std::string::npos) << html;
  EXPECT_NE(html.find("node 127.0.0.1:7003, slot 2"), std::string::npos) << html;
  EXPECT_NE(html.find("no ttl, db 5"), std::string::npos) << html;
  const std::string markdown = RenderMarkdown(merged);
  EXPECT_NE(markdown.find("| node 127.0.0.1:7002, node 127.0.0.1:7003 |"), std::string::npos)
      << markdown;
  EXPECT_NE(markdown.find("| db 5 |"), std::string::npos) << markdown;
}

// leak-report.md and leak-report.html select their rows with the same functions (report_rows.h).
TEST(ReportHtmlTest, MarkdownAndHtmlListTheSameLeakingAndOomTestsInTheSameOrder) {
  TestRecord small = Leaky("SmallLeak", "cart:1");
  TestRecord big = Leaky("BigLeak", "cart:2");
  big.leaks.no_ttl_bytes = 6400;
  big.leaks.no_ttl[0].bytes = 6400;
  TestRecord oom = Record("Oom", 1, 2, 2);
  oom.oom_rejections = 3;
  const MergedReport merged = Merged({small, Record("Clean", 1, 2, 2), big, oom});
  const std::string html = RenderHtml(merged);
  const std::string markdown = RenderMarkdown(merged);
  for (const std::string& leaks : {Between(html, "id=\"leaks\"", "</section>"),
                                   Between(markdown, "## Tests with leaks", "\n## ")}) {
    EXPECT_LT(leaks.find("Cart.BigLeak"), leaks.find("Cart.SmallLeak")) << leaks;
    EXPECT_NE(leaks.find("Cart.SmallLeak"), std::string::npos) << leaks;
    EXPECT_EQ(leaks.find("Cart.Clean"), std::string::npos) << leaks;
    EXPECT_EQ(leaks.find("Cart.Oom"), std::string::npos) << leaks;
  }
  for (const std::string& ooms :
       {Between(html, "id=\"oom\"", "</section>"), Between(markdown, "## OOM events", "\n## ")}) {
    EXPECT_NE(ooms.find("Cart.Oom"), std::string::npos) << ooms;
    EXPECT_EQ(ooms.find("Cart.Clean"), std::string::npos) << ooms;
    EXPECT_EQ(ooms.find("Cart.BigLeak"), std::string::npos) << ooms;
  }
}

TEST(ReportHtmlTest, TestsAreChartedInRunOrder) {
  MergedReport merged = Merged({Record("Second", 1, 2, 2)});
  Report earlier = merged.sources[0].report;
  earlier.process.started_at = "2024-05-01T11:00:00.000Z";
  earlier.tests = {Record("First", 1, 2, 2)};
  merged.sources.push_back({"z-later-name.json", earlier});
  merged.Compute();
  const std::string html = RenderHtml(merged);
  EXPECT_NE(html.find("#1 Cart.First:"), std::string::npos);
  EXPECT_NE(html.find("#2 Cart.Second:"), std::string::npos);
}

TEST(ReportHtmlTest, NothingReachesOutsideThePage) {
  TestRecord r = Leaky("Leaks", "k");
  r.commands = {{"get", 10, 50}};
  r.slow_commands = {{1, 1714564800, 25000, "DEBUG SLEEP 0.025", "127.0.0.1:5000"}};
  const std::string html = RenderHtml(Merged({r}));
  for (const char* outside : {"<script", "<link", "<img", "<iframe", "<object",
                              "src=", "href=", "url(", "@import", "http:", "https:"}) {
    EXPECT_EQ(html.find(outside), std::string::npos) << outside;
  }
  EXPECT_NE(html.find("Content-Security-Policy\" content=\"default-src 'none'"), std::string::npos);
}

TEST(ReportHtmlTest, CommandProfileAndSlowCommandsOnlyWhenPresent) {
  const std::string without = RenderHtml(Merged({Record("A", 1, 2, 2)}));
  EXPECT_EQ(without.find("id=\"commands\""), std::string::npos);
  EXPECT_EQ(without.find("id=\"slow-commands\""), std::string::npos);

  TestRecord a = Record("A", 1, 2, 2);
  a.commands = {{"set", 3, 30}, {"get", 5, 10}};
  TestRecord b = Record("B", 1, 2, 2);
  b.commands = {{"get", 7, 14}};
  b.slow_commands = {{9, 1714564800, 12500, "EVAL <b>x</b> 0", "127.0.0.1:6000"}};
  const std::string html = RenderHtml(Merged({a, b}));
  ASSERT_NE(html.find("<table id=\"commands-table\""), std::string::npos);
  // Over the run: get 12 calls in 2 tests, 24 us; set 3 calls, 30 us (most server time first).
  EXPECT_NE(html.find("<tr><td><code>set</code></td><td class=\"num\">3</td>"), std::string::npos);
  EXPECT_LT(html.find("<code>set</code></td>"), html.find("<code>get</code></td>"));
  EXPECT_NE(html.find("<td><code>get</code></td><td class=\"num\">12</td><td class=\"num\">"
                      "0.02ms</td><td class=\"num\">2</td>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<table id=\"test-commands-table\""), std::string::npos);
  EXPECT_NE(html.find("<code>set</code> 3, <code>get</code> 5"), std::string::npos);
  ASSERT_NE(html.find("<table id=\"slow-commands-table\""), std::string::npos);
  EXPECT_NE(html.find("EVAL &lt;b&gt;x&lt;/b&gt; 0"), std::string::npos);
  EXPECT_NE(html.find("12.5ms"), std::string::npos);
}

class ShardMergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("redis-testkit-shards-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& shard, long long pid, std::vector<TestRecord> tests) {
    Report report;
    report.process = {"cart_tests", pid, "2024-05-01T12:00:00.000Z", "ci"};
    report.tests = std::move(tests);
    ReportWriter(dir_ / shard).Write(report);
  }
  fs::path dir_;
};

TEST_F(ShardMergeTest, TotalsAreTheSumsOfTheShards) {
  Write("shard-1", 1, {Leaky("A", "cart:1"), Record("B", 1, 2, 2)});
  Write("shard-1", 2, {Record("C", 1, 2, 2)});
  Write("shard-2", 3, {Leaky("D", "cart:2"), Leaky("E", "cart:3")});
  const SuiteSummary one = LoadReports(dir_ / "shard-1").totals;
  const SuiteSummary two = LoadReports(dir_ / "shard-2").totals;
  const MergeResult result = MergeReports({dir_ / "shard-1", dir_ / "shard-2"}, dir_ / "all");
  EXPECT_EQ(result.files_merged, 3);
  EXPECT_EQ(result.tests, 5);
  const MergedReport all = LoadReports({dir_ / "shard-1", dir_ / "shard-2"});
  EXPECT_EQ(all.totals.tests, one.tests + two.tests);
  EXPECT_EQ(all.totals.passed, one.passed + two.passed);
  EXPECT_EQ(all.totals.failed, one.failed + two.failed);
  EXPECT_EQ(all.totals.tests_with_leaks, 3);
  EXPECT_EQ(all.totals.leaked_keys, one.leaked_keys + two.leaked_keys);
  EXPECT_EQ(all.totals.leaked_bytes, 3 * 64);
  ASSERT_EQ(all.patterns.size(), 1u);
  EXPECT_EQ(all.patterns[0].tests, 3);

  std::ifstream in(result.json_path);
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json json = nlohmann::json::parse(text.str());
  EXPECT_EQ(json["totals"]["tests"], 5);
  EXPECT_EQ(json["totals"]["leaked_keys"], 3);
  EXPECT_EQ(json["reports"].size(), 3u);
  EXPECT_TRUE(fs::exists(dir_ / "all" / kMergedMarkdownName));
  EXPECT_TRUE(fs::exists(dir_ / "all" / kMergedHtmlName));
}

TEST_F(ShardMergeTest, AShardThatCannotBeListedIsNamed) {
  Write("shard-1", 1, {Record("A", 1, 2, 2)});
  try {
    LoadReports({dir_ / "shard-1", dir_ / "shard-2"});
    FAIL() << "a missing shard directory was ignored";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("shard-2"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace redis_testkit::cleanup
