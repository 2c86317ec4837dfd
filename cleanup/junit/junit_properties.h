// Carries the kit's per-test figures into the JUnit XML that `ctest --output-junit` writes: ctest
// knows nothing of GoogleTest's <property> elements, so after the run each <testcase> named
// "Suite.Test" gets a <properties> block from the merged leak report (the names of
// redis_testkit/cleanup/test_properties.h, as the listener records them in the GoogleTest XML).
// The document is parsed and written by pugixml: CDATA, comments, other elements and attributes
// are kept (the layout is re-indented with tabs). Not installed: only the redis-testkit CLI links
// it (target redis_testkit_junit), so pugixml is no dependency of the installed libraries.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "redis_testkit/cleanup/report_merge.h"

namespace redis_testkit::cleanup {

// The text is not well-formed XML; what() names its origin, pugixml's description and the offset
// (with line and column) of the error.
class JUnitParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct JUnitAnnotation {
  std::string xml;         // the annotated document
  int annotated = 0;       // test cases that got properties
  int without_record = 0;  // test cases with no record in the report (e.g. unit tests)
};

// Adds a <properties> block as the first child of every <testcase name="Suite.Test" ...> that has
// a record in `merged` (a test case that already has one is left alone). `origin` names the text
// in errors. Throws JUnitParseError when `junit_xml` is not well-formed XML.
JUnitAnnotation AnnotateJUnit(std::string_view junit_xml, const MergedReport& merged,
                              std::string_view origin = "the JUnit XML");

// Reads, annotates and rewrites `path` atomically. Throws JUnitParseError (the file is left as it
// was) or std::runtime_error naming the file.
JUnitAnnotation AnnotateJUnitFile(const std::filesystem::path& path, const MergedReport& merged);

}  // namespace redis_testkit::cleanup
