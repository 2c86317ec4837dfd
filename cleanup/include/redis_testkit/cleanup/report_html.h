// leak-report.html: the merged report as one self-contained page for people (written by
// `redis-testkit merge-reports` next to leak-report.json and leak-report.md). Totals, a chart of
// used memory per test in run order (before, after, peak; OOM and leaks marked), tests with
// leaks, leaked keys by pattern, the command profile and slow commands when the reports hold
// them, OOM events and the slowest tests. Inline CSS and SVG only: no script, no font, no image,
// no link (a Content-Security-Policy of default-src 'none' says so to the browser), so it opens
// from disk or a CI artifact without network access. Every text taken from a report (test
// names, key names, patterns, messages) is HTML-escaped: key names are user data.
#pragma once

#include <string>
#include <string_view>

#include "redis_testkit/cleanup/report_merge.h"

namespace redis_testkit::cleanup {

inline constexpr const char* kMergedHtmlName = "leak-report.html";
// The <meta name="generator"> of the page: clean-reports removes a leak-report.html only when it
// carries it.
inline constexpr std::string_view kHtmlGenerator = "redis-testkit merge-reports";

std::string RenderHtml(const MergedReport& merged);

// `text` safe inside an HTML element or a quoted attribute: & < > " ' escaped.
std::string EscapeHtml(std::string_view text);

}  // namespace redis_testkit::cleanup
