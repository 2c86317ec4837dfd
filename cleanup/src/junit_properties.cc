#include "redis_testkit/cleanup/junit_properties.h"

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "atomic_file.h"

namespace redis_testkit::cleanup {
namespace {

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string XmlUnescape(std::string_view text) {
  static const std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    for (const auto& [entity, c] : kEntities) {
      if (text.substr(i, entity.size()) == entity) {
        out += c;
        i += entity.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

// The value of attribute `name` inside one opening tag, unescaped; empty when absent.
std::string Attribute(std::string_view tag, std::string_view name) {
  const std::string key = " " + std::string(name) + "=\"";
  const auto begin = tag.find(key);
  if (begin == std::string_view::npos) return {};
  const auto value_begin = begin + key.size();
  const auto end = tag.find('"', value_begin);
  if (end == std::string_view::npos) return {};
  return XmlUnescape(tag.substr(value_begin, end - value_begin));
}

// gtest_discover_tests names parameterised cases "Suite/Test/0  # GetParam() = 7".
std::string GoogleTestName(std::string ctest_name) {
  const auto suffix = ctest_name.find("  # ");
  if (suffix != std::string::npos) ctest_name.resize(suffix);
  return ctest_name;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> TestProperties(const TestRecord& record) {
  const auto n = [](long long v) { return std::to_string(v); };
  return {
      {"redis_keys_before", n(record.keys_before)},
      {"redis_keys_after", n(record.keys_after)},
      {"redis_used_memory_before", n(record.memory.used_before)},
      {"redis_used_memory_after", n(record.memory.used_after)},
      {"redis_used_memory_delta", n(record.memory.Delta())},
      {"redis_used_memory_peak", n(record.memory.HighWater())},
      {"redis_oom_rejections", n(record.oom_rejections)},
      {"redis_leaked_keys", n(record.leaks.LeakedCount())},
      {"redis_leaked_bytes", n(record.leaks.LeakedBytes())},
      {"redis_no_ttl_keys", n(record.leaks.no_ttl_count)},
  };
}

JUnitAnnotation AnnotateJUnit(std::string junit_xml, const MergedReport& merged) {
  std::map<std::string, const TestRecord*> records;
  for (const auto& source : merged.sources) {
    for (const auto& record : source.report.tests) records[record.FullName()] = &record;
  }
  JUnitAnnotation result;
  std::string out;
  out.reserve(junit_xml.size() + records.size() * 600);
  std::size_t pos = 0;
  while (true) {
    const auto start = junit_xml.find("<testcase", pos);
    if (start == std::string::npos) break;
    const auto tag_end = junit_xml.find('>', start);
    if (tag_end == std::string::npos) break;
    out.append(junit_xml, pos, tag_end + 1 - pos);
    pos = tag_end + 1;
    const std::string_view tag(junit_xml.data() + start, tag_end + 1 - start);
    const bool self_closing = tag.size() >= 2 && tag[tag.size() - 2] == '/';
    const auto next = junit_xml.find_first_not_of(" \t\r\n", pos);
    const bool has_properties =
        next != std::string::npos && junit_xml.compare(next, 12, "<properties>") == 0;
    const auto it = records.find(GoogleTestName(Attribute(tag, "name")));
    if (it == records.end()) {
      ++result.without_record;
      continue;
    }
    if (self_closing || has_properties) continue;
    out += "\n\t\t<properties>";
    for (const auto& [name, value] : TestProperties(*it->second)) {
      out +=
          "\n\t\t\t<property name=\"" + XmlEscape(name) + "\" value=\"" + XmlEscape(value) + "\"/>";
    }
    out += "\n\t\t</properties>";
    ++result.annotated;
  }
  out.append(junit_xml, pos, std::string::npos);
  result.xml = std::move(out);
  return result;
}

JUnitAnnotation AnnotateJUnitFile(const std::filesystem::path& path, const MergedReport& merged) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read JUnit file " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  JUnitAnnotation result = AnnotateJUnit(text.str(), merged);
  internal::WriteFileAtomically(path, result.xml);
  return result;
}

}  // namespace redis_testkit::cleanup
