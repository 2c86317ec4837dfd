// AnnotateJUnit (cleanup/junit_properties.h), which merges the kit's per-test figures into the
// JUnit XML `ctest --output-junit` writes, on any text. The merged report holds a few records
// whose names need XML escaping; the seeds name them. Invariants:
// - it never throws and only inserts: the output is the input plus one <properties> block per
//   annotated test case, and test cases annotated + without a record <= <testcase tags;
// - it is idempotent: annotating its own output changes nothing (a test case that has
//   <properties> already is left alone).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "redis_testkit/cleanup/junit_properties.h"

namespace {

using redis_testkit::cleanup::AnnotateJUnit;
using redis_testkit::cleanup::JUnitAnnotation;
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

JUnitAnnotation MustAnnotate(std::string xml, const MergedReport& merged) {
  try {
    return AnnotateJUnit(std::move(xml), merged);
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
  // Every record has the same figures, so every inserted block is this one.
  static const std::size_t block =
      MustAnnotate("<testcase name=\"GatewayStorm.Aggregates15\">", merged).xml.size() -
      std::string_view("<testcase name=\"GatewayStorm.Aggregates15\">").size();
  const std::string xml(reinterpret_cast<const char*>(data), size);
  const JUnitAnnotation first = MustAnnotate(xml, merged);
  fuzz::Check(first.annotated >= 0 && first.without_record >= 0, "counts are not negative");
  fuzz::Check(
      static_cast<std::size_t>(first.annotated + first.without_record) <= Count(xml, "<testcase"),
      "at most one verdict per <testcase tag");
  fuzz::Check(first.xml.size() == xml.size() + block * static_cast<std::size_t>(first.annotated),
              "the output is the input plus one block per annotated test case");
  fuzz::Check(first.annotated == 0 || first.xml.find("<properties>") != std::string::npos,
              "an annotated test case has <properties>");
  const JUnitAnnotation second = MustAnnotate(first.xml, merged);
  fuzz::Check(second.annotated == 0, "annotating twice adds nothing the second time");
  fuzz::Check(second.xml == first.xml, "annotating twice leaves the document as it was");
  fuzz::Check(second.without_record == first.without_record,
              "the same test cases lack a record the second time");
  return 0;
}
