#include "junit_properties.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>

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
  EXPECT_NE(result.xml.find("<property name=\"redis_keys_after\" value=\"17\" />"),
            std::string::npos)
      << result.xml;
  EXPECT_NE(result.xml.find("<property name=\"redis_used_memory_peak\" value=\"2000\" />"),
            std::string::npos);
  EXPECT_NE(result.xml.find("<property name=\"redis_leaked_keys\" value=\"17\" />"),
            std::string::npos);
  EXPECT_NE(result.xml.find("<property name=\"redis_no_ttl_keys\" value=\"1\" />"),
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

// The <testcase> element named `name` in `xml`, parsed again (empty when absent).
pugi::xml_node TestCase(pugi::xml_document& document, const std::string& xml,
                        const std::string& name) {
  EXPECT_TRUE(document.load_string(xml.c_str(), pugi::parse_default)) << xml;
  return document.find_node([&](pugi::xml_node node) {
    return std::string(node.name()) == "testcase" && name == node.attribute("name").value();
  });
}

// ctest puts each test's output in CDATA: a test that prints XML must not look like a test case.
TEST(JUnitPropertiesTest, TextInCdataIsKeptAndIsNoTestCase) {
  const std::string output = "<testcase name=\"Storm.Aggregates15\"> & ]] <properties>";
  const std::string xml =
      "<testsuite>\n<testcase name=\"Parser.Unit\" time=\"0\">\n"
      "<system-out><![CDATA[" +
      output +
      "]]></system-out>\n</testcase>\n"
      "<testcase name=\"Storm.Aggregates15\" time=\"0\"/>\n</testsuite>\n";
  const JUnitAnnotation result = AnnotateJUnit(xml, OneTest());
  EXPECT_EQ(result.annotated, 1) << result.xml;
  EXPECT_EQ(result.without_record, 1) << result.xml;
  EXPECT_NE(result.xml.find("<![CDATA[" + output + "]]>"), std::string::npos) << result.xml;
  pugi::xml_document document;
  const pugi::xml_node parser = TestCase(document, result.xml, "Parser.Unit");
  EXPECT_FALSE(parser.child("properties")) << result.xml;
  EXPECT_EQ(parser.child("system-out").text().get(), output);
  pugi::xml_document again;
  const pugi::xml_node storm = TestCase(again, result.xml, "Storm.Aggregates15");
  EXPECT_EQ(std::distance(storm.child("properties").begin(), storm.child("properties").end()), 10)
      << result.xml;
}

TEST(JUnitPropertiesTest, AttributeValuesWithAngleBracketsAreKept) {
  const std::string xml =
      "<testsuite name=\"a > b\">\n<testcase classname=\"x>y\" name=\"Storm.Aggregates15\" "
      "note=\"1 > 0\">\n<failure message=\"expected a > b\">a &gt; b</failure>\n</testcase>\n"
      "</testsuite>\n";
  const JUnitAnnotation result = AnnotateJUnit(xml, OneTest());
  EXPECT_EQ(result.annotated, 1) << result.xml;
  pugi::xml_document document;
  const pugi::xml_node storm = TestCase(document, result.xml, "Storm.Aggregates15");
  ASSERT_TRUE(storm) << result.xml;
  EXPECT_STREQ(storm.attribute("classname").value(), "x>y");
  EXPECT_STREQ(storm.attribute("note").value(), "1 > 0");
  EXPECT_STREQ(storm.child("failure").attribute("message").value(), "expected a > b");
  EXPECT_STREQ(storm.child("failure").text().get(), "a > b");
  EXPECT_STREQ(storm.first_child().name(), "properties") << result.xml;
  EXPECT_STREQ(storm.child("properties")
                   .find_child_by_attribute("property", "name", "redis_keys_after")
                   .attribute("value")
                   .value(),
               "17")
      << result.xml;
  EXPECT_STREQ(document.child("testsuite").attribute("name").value(), "a > b");
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class JUnitFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("redis-testkit-junit-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path Write(const std::string& name, const std::string& text) {
    std::filesystem::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(JUnitFileTest, RewritesTheFileWithTheProperties) {
  const std::filesystem::path path = Write("junit.xml", kJUnit);
  const JUnitAnnotation result = AnnotateJUnitFile(path, OneTest());
  EXPECT_EQ(result.annotated, 1);
  EXPECT_EQ(ReadFile(path), result.xml);
}

TEST_F(JUnitFileTest, MalformedXmlNamesTheFileAndTheErrorAndLeavesTheFileAlone) {
  // Cut short, as a ctest that was killed while writing leaves it.
  const std::string truncated =
      "<testsuite>\n\t<testcase name=\"Storm.Aggregates15\">\n\t\t<system-out>o";
  const std::filesystem::path path = Write("junit.xml", truncated);
  try {
    AnnotateJUnitFile(path, OneTest());
    FAIL() << "a truncated file was annotated";
  } catch (const JUnitParseError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find("not well-formed XML"), std::string::npos) << message;
    EXPECT_NE(message.find("at offset"), std::string::npos) << message;
    EXPECT_NE(message.find("line 3"), std::string::npos) << message;
    pugi::xml_document document;
    const std::string description =
        document.load_string(truncated.c_str(), pugi::parse_full).description();
    EXPECT_NE(message.find(description), std::string::npos) << message;
  }
  EXPECT_EQ(ReadFile(path), truncated) << "nothing of the original may be lost";
}

}  // namespace
}  // namespace redis_testkit::cleanup
