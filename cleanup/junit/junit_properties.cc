#include "junit_properties.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <pugixml.hpp>
#include <sstream>
#include <vector>

#include "atomic_file.h"
#include "redis_testkit/cleanup/test_properties.h"

namespace redis_testkit::cleanup {
namespace {

// gtest_discover_tests names parameterised cases "Suite/Test/0  # GetParam() = 7".
std::string GoogleTestName(std::string ctest_name) {
  const auto suffix = ctest_name.find("  # ");
  if (suffix != std::string::npos) ctest_name.resize(suffix);
  return ctest_name;
}

// Every <testcase> element of the document, wherever it is (under <testsuite>, <testsuites>...).
class TestCaseCollector : public pugi::xml_tree_walker {
 public:
  bool for_each(pugi::xml_node& node) override {
    if (node.type() == pugi::node_element && std::strcmp(node.name(), "testcase") == 0) {
      test_cases.push_back(node);
    }
    return true;
  }
  std::vector<pugi::xml_node> test_cases;
};

std::string ParseErrorMessage(std::string_view text, std::string_view origin,
                              const pugi::xml_parse_result& parsed) {
  const auto offset = static_cast<std::size_t>(parsed.offset);
  const std::string_view before = text.substr(0, std::min(offset, text.size()));
  const std::size_t line =
      1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t line_start = before.rfind('\n');
  const std::size_t column =
      offset - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
  std::ostringstream message;
  message << origin << " is not well-formed XML: " << parsed.description() << " at offset "
          << offset << " (line " << line << ", column " << column
          << "); expected the JUnit XML of `ctest --output-junit FILE`";
  return message.str();
}

void AddProperties(pugi::xml_node test_case, const TestRecord& record) {
  pugi::xml_node properties = test_case.prepend_child("properties");
  for (const auto& [name, value] : TestProperties(record)) {
    pugi::xml_node property = properties.append_child("property");
    property.append_attribute("name").set_value(name.c_str());
    property.append_attribute("value").set_value(value.c_str());
  }
}

}  // namespace

JUnitAnnotation AnnotateJUnit(std::string_view junit_xml, const MergedReport& merged,
                              std::string_view origin) {
  pugi::xml_document document;
  const pugi::xml_parse_result parsed =
      document.load_buffer(junit_xml.data(), junit_xml.size(), pugi::parse_full);
  if (!parsed) throw JUnitParseError(ParseErrorMessage(junit_xml, origin, parsed));
  std::map<std::string, const TestRecord*> records;
  for (const auto& source : merged.sources) {
    for (const auto& record : source.report.tests) records[record.FullName()] = &record;
  }
  TestCaseCollector collector;
  document.traverse(collector);
  JUnitAnnotation result;
  for (pugi::xml_node test_case : collector.test_cases) {
    const auto it = records.find(GoogleTestName(test_case.attribute("name").value()));
    if (it == records.end()) {
      ++result.without_record;
    } else if (!test_case.child("properties")) {
      AddProperties(test_case, *it->second);
      ++result.annotated;
    }
  }
  std::ostringstream out;
  document.save(out, "\t", pugi::format_default, pugi::encoding_utf8);
  result.xml = out.str();
  return result;
}

JUnitAnnotation AnnotateJUnitFile(const std::filesystem::path& path, const MergedReport& merged) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read JUnit file " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  // A parse error throws before anything is written: the file stays as ctest wrote it.
  JUnitAnnotation result =
      AnnotateJUnit(text.str(), merged, "JUnit file " + path.string() + " (left unchanged)");
  internal::WriteFileAtomically(path, result.xml);
  return result;
}

}  // namespace redis_testkit::cleanup
