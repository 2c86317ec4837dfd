// AnnotateJUnit (cleanup/junit/junit_properties.h), which merges the kit's per-test figures into
// the JUnit XML `ctest --output-junit` writes, on any text. The merged report holds a few records
// whose names need XML escaping; the seeds name them. Invariants:
// - text that is not well-formed XML throws JUnitParseError, nothing else;
// - test cases annotated + without a record <= <testcase tags (text in CDATA or comments is no
//   test case), and each annotated one gets a <properties> block (pugixml drops text outside
//   the root element, which is no XML: no byte-for-byte rule);
// - it is idempotent: annotating its own output changes nothing (a test case that has
//   <properties> already is left alone), and its output is well-formed.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "junit_properties.h"

namespace {

using redis_testkit::cleanup::AnnotateJUnit;
using redis_testkit::cleanup::JUnitAnnotation;
using redis_testkit::cleanup::JUnitParseError;
using redis_testkit::cleanup::MergedReport;
using redis_testkit::cleanup::TestRecord;
namespace fuzz = redis_testkit::fuzz;

MergedReport Records() {
  MergedReport merged;
  MergedReport::Source source;
  source.file = "fuzz.json";
  for (const auto& [suite, name] :
       {std::pair{"GatewayStorm", "Aggregates15"}, std::pair{"Pool/Param", "Case/0"},
        std::pair{"Esc&Suite", "Case<\"1\">"}}) {
    TestRecord record;
    record.suite = suite;
    record.name = name;
    record.keys_before = 1;
    record.keys_after = 3;
    record.memory.used_before = 1024;
    record.memory.used_after = 4096;
    source.report.tests.push_back(record);
  }
  merged.sources.push_back(source);
  return merged;
}

// Nothing when the text is not well-formed XML (the documented error).
std::optional<JUnitAnnotation> Annotate(std::string_view xml, const MergedReport& merged) {
  try {
    return AnnotateJUnit(xml, merged);
  } catch (const JUnitParseError&) {
    return std::nullopt;
  } catch (const std::exception& e) {
    fuzz::UndocumentedException("AnnotateJUnit", e);
  }
}

std::size_t Count(std::string_view text, std::string_view what) {
  std::size_t count = 0;
  for (std::size_t pos = text.find(what); pos != std::string_view::npos;
       pos = text.find(what, pos + 1)) {
    ++count;
  }
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const MergedReport merged = Records();
  const std::string xml(reinterpret_cast<const char*>(data), size);
  const std::optional<JUnitAnnotation> first = Annotate(xml, merged);
  if (!first) return 0;
  fuzz::Check(first->annotated >= 0 && first->without_record >= 0, "counts are not negative");
  fuzz::Check(
      static_cast<std::size_t>(first->annotated + first->without_record) <= Count(xml, "<testcase"),
      "at most one verdict per <testcase tag");
  fuzz::Check(Count(first->xml, "<properties>") >= static_cast<std::size_t>(first->annotated),
              "each annotated test case gets a <properties> block");
  const std::optional<JUnitAnnotation> second = Annotate(first->xml, merged);
  fuzz::Check(second.has_value(), "the annotated document is well-formed XML", first->xml);
  fuzz::Check(second->annotated == 0, "annotating twice adds nothing the second time");
  fuzz::Check(second->xml == first->xml, "annotating twice leaves the document as it was");
  fuzz::Check(second->without_record == first->without_record,
              "the same test cases lack a record the second time");
  return 0;
}
