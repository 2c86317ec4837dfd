#include "redis_testkit/cleanup/junit_properties.h"

#include <gtest/gtest.h>

namespace redis_testkit::cleanup {
namespace {

MergedReport OneTest() {
  TestRecord record;
  record.suite = "Storm";
  record.name = "Aggregates15";
  record.keys_before = 0;
  record.keys_after = 17;
  record.memory.used_before = 1000;
  record.memory.used_after = 1500;
  record.memory.peak_before = 1000;
  record.memory.peak = 2000;
  record.leaks.no_ttl_count = 1;
  record.leaks.no_ttl_bytes = 64;
  record.leaks.left_behind_count = 16;
  record.leaks.left_behind_bytes = 3000;
  MergedReport merged;
  merged.sources.push_back({"a.json", Report{{}, {}, {record}}});
  return merged;
}

constexpr const char* kJUnit =
    "<testsuite tests=\"2\">\n"
    "\t<testcase name=\"Storm.Aggregates15\" classname=\"Storm.Aggregates15\" time=\"0.1\" "
    "status=\"run\">\n"
    "\t\t<system-out>out</system-out>\n"
    "\t</testcase>\n"
    "\t<testcase name=\"Parser.Unit\" classname=\"Parser.Unit\" time=\"0\" status=\"run\">\n"
    "\t</testcase>\n"
    "</testsuite>\n";

TEST(JUnitPropertiesTest, AddsTheFiguresToTheMatchingTestCaseOnly) {
  const JUnitAnnotation result = AnnotateJUnit(kJUnit, OneTest());
  EXPECT_EQ(result.annotated, 1);
  EXPECT_EQ(result.without_record, 1);
  const auto storm = result.xml.find("name=\"Storm.Aggregates15\"");
  const auto props = result.xml.find("<properties>");
  const auto parser = result.xml.find("name=\"Parser.Unit\"");
  ASSERT_NE(props, std::string::npos) << result.xml;
  EXPECT_LT(storm, props);
  EXPECT_LT(props, parser) << "the properties belong to the first test case";
  EXPECT_NE(result.xml.find("<property name=\"redis_keys_after\" value=\"17\"/>"),
            std::string::npos)
      << result.xml;
  EXPECT_NE(result.xml.find("<property name=\"redis_used_memory_peak\" value=\"2000\"/>"),
            std::string::npos);
  EXPECT_NE(result.xml.find("<property name=\"redis_leaked_keys\" value=\"17\"/>"),
            std::string::npos);
  EXPECT_NE(result.xml.find("<property name=\"redis_no_ttl_keys\" value=\"1\"/>"),
            std::string::npos);
  EXPECT_NE(result.xml.find("<system-out>out</system-out>"), std::string::npos);
}

TEST(JUnitPropertiesTest, AnnotatingTwiceAddsNothing) {
  const JUnitAnnotation once = AnnotateJUnit(kJUnit, OneTest());
  const JUnitAnnotation twice = AnnotateJUnit(once.xml, OneTest());
  EXPECT_EQ(twice.annotated, 0);
  EXPECT_EQ(twice.xml, once.xml);
}

TEST(JUnitPropertiesTest, EscapedNamesMatch) {
  MergedReport merged = OneTest();
  merged.sources[0].report.tests[0].suite = "Kinds/Fingerprint";
  merged.sources[0].report.tests[0].name = "Is<Node>/0";
  const JUnitAnnotation result = AnnotateJUnit(
      "<testcase name=\"Kinds/Fingerprint.Is&lt;Node&gt;/0\" time=\"0\">\n</testcase>", merged);
  EXPECT_EQ(result.annotated, 1) << result.xml;
}

TEST(JUnitPropertiesTest, ParameterisedNamesOfGtestDiscoverTestsMatch) {
  MergedReport merged = OneTest();
  merged.sources[0].report.tests[0].suite = "Kinds/FingerprintPerKind";
  merged.sources[0].report.tests[0].name = "IsSha256/Pod";
  const JUnitAnnotation result = AnnotateJUnit(
      "<testcase name=\"Kinds/FingerprintPerKind.IsSha256/Pod  # GetParam() = Pod\" time=\"0\">\n"
      "</testcase>",
      merged);
  EXPECT_EQ(result.annotated, 1) << result.xml;
}

}  // namespace
}  // namespace redis_testkit::cleanup
