// MemoryChart: the SVG of leak-report.html's memory chart.
#include "memory_chart.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <utility>

#include "redis_testkit/cleanup/format_units.h"
#include "redis_testkit/cleanup/report_html.h"

namespace redis_testkit::cleanup::internal {
namespace {

constexpr double kWidth = 960;
constexpr double kHeight = 300;
constexpr double kLeft = 72;  // room for the byte labels of the y axis
constexpr double kRight = 12;
constexpr double kTop = 12;
constexpr double kBottom = 32;
constexpr double kPlotWidth = kWidth - kLeft - kRight;
constexpr double kPlotHeight = kHeight - kTop - kBottom;
constexpr int kGridLines = 4;
constexpr long long kCapShownBelow = 2;  // the cap is drawn when it is < 2x the highest figure

std::string Num(double value) {
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%.1f", value);
  return text.data();
}

// A line across the plot at height `y`.
std::string Rule(double y) {
  const std::string at = Num(y);
  return "<line x1=\"" + Num(kLeft) + "\" x2=\"" + Num(kWidth - kRight) + "\" y1=\"" + at +
         "\" y2=\"" + at + "\"/>";
}

// An axis label; `anchor`: start, middle or end.
std::string Label(double x, double y, const std::string& anchor, const std::string& text) {
  return "<text class=\"axis\" x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" text-anchor=\"" + anchor +
         "\">" + text + "</text>";
}

}  // namespace

MemoryChart::MemoryChart(std::vector<ChartPoint> points) : points_(std::move(points)) {
  long long highest = 0;
  long long cap = 0;
  for (const ChartPoint& p : points_) {
    highest = std::max({highest, p.before, p.after, p.peak});
    if (p.maxmemory > 0) cap = cap == 0 ? p.maxmemory : std::min(cap, p.maxmemory);
  }
  if (cap > 0 && cap < kCapShownBelow * std::max(highest, 1LL)) cap_ = cap;
  top_ = std::max({highest, cap_, 1LL});
  top_ += top_ / 10;  // headroom above the highest line
}

double MemoryChart::X(std::size_t index) const {
  if (points_.size() <= 1) return kLeft + kPlotWidth / 2;
  return kLeft + kPlotWidth * static_cast<double>(index) / static_cast<double>(points_.size() - 1);
}

double MemoryChart::Y(long long bytes) const {
  return kTop + kPlotHeight - kPlotHeight * static_cast<double>(bytes) / static_cast<double>(top_);
}

std::string MemoryChart::Grid() const {
  std::string out = "<g class=\"grid\">";
  for (int i = 0; i <= kGridLines; ++i) {
    const long long value = top_ * i / kGridLines;
    out += Rule(Y(value));
    out += Label(kLeft - 6, Y(value) + 4, "end", FormatBytes(value));  // centred on the rule
  }
  const double bottom = kHeight - 10;
  out += Label(kLeft, bottom, "start", "1");
  out += Label(kLeft + kPlotWidth / 2, bottom, "middle", "tests in run order");
  out += Label(kWidth - kRight, bottom, "end", std::to_string(points_.size()));
  return out + "</g>";
}

std::string MemoryChart::Series(const char* name, long long ChartPoint::*field) const {
  std::string points;
  for (std::size_t i = 0; i < points_.size(); ++i) {
    if (!points.empty()) points += ' ';
    points += Num(X(i)) + "," + Num(Y(points_[i].*field));
  }
  // One point draws no line: a dot shows it.
  if (points_.size() == 1) {
    return "<circle class=\"series series-" + std::string(name) + "\" cx=\"" + Num(X(0)) +
           "\" cy=\"" + Num(Y(points_[0].*field)) + "\" r=\"3\"/>";
  }
  return "<polyline class=\"series series-" + std::string(name) + "\" points=\"" + points + "\"/>";
}

std::string MemoryChart::Cap() const {
  if (cap_ == 0) return {};
  return "<g class=\"cap\">" + Rule(Y(cap_)) +
         Label(kWidth - kRight - 4, Y(cap_) - 4, "end", "maxmemory " + FormatBytes(cap_)) + "</g>";
}

std::string MemoryChart::Markers() const {
  std::string out;
  for (std::size_t i = 0; i < points_.size(); ++i) {
    const ChartPoint& p = points_[i];
    const std::string title = "<title>" + EscapeHtml(p.label) + "</title>";
    if (p.leaked_keys > 0) {
      out += "<circle class=\"marker marker-leak\" cx=\"" + Num(X(i)) + "\" cy=\"" +
             Num(Y(p.after)) + "\" r=\"4.5\">" + title + "</circle>";
    }
    if (p.oom_rejections > 0) {  // a triangle pointing down onto the test's peak
      const double x = X(i);
      const double y = Y(p.peak) - 3;
      out += "<path class=\"marker marker-oom\" d=\"M" + Num(x) + "," + Num(y) + " L" + Num(x - 5) +
             "," + Num(y - 9) + " L" + Num(x + 5) + "," + Num(y - 9) + " Z\">" + title + "</path>";
    }
  }
  return out;
}

std::string MemoryChart::HoverAreas() const {
  const double step = kPlotWidth / static_cast<double>(std::max<std::size_t>(points_.size(), 1));
  std::string out = "<g class=\"hover\">";
  for (std::size_t i = 0; i < points_.size(); ++i) {
    const ChartPoint& p = points_[i];
    std::string title = "#" + std::to_string(i + 1) + " " + p.label + ": before " +
                        FormatBytes(p.before) + ", after " + FormatBytes(p.after) + ", peak " +
                        FormatBytes(p.peak);
    if (p.leaked_keys > 0) title += ", " + std::to_string(p.leaked_keys) + " leaked key(s)";
    if (p.oom_rejections > 0) {
      title += ", " + std::to_string(p.oom_rejections) + " OOM rejection(s)";
    }
    out += "<rect x=\"" + Num(std::max(kLeft, X(i) - step / 2)) + "\" y=\"" + Num(kTop) +
           "\" width=\"" + Num(step) + "\" height=\"" + Num(kPlotHeight) + "\"><title>" +
           EscapeHtml(title) + "</title></rect>";
  }
  return out + "</g>";
}

std::string MemoryChart::Render() const {
  if (points_.empty()) return {};
  std::string out =
      "<figure><svg id=\"memory-chart\" "
      "viewBox=\"0 0 " +
      Num(kWidth) + " " + Num(kHeight) +
      "\" role=\"img\" aria-label=\"used memory per test in run order\">";
  out += Grid() + Cap();
  out += Series("before", &ChartPoint::before);
  out += Series("after", &ChartPoint::after);
  out += Series("peak", &ChartPoint::peak);
  out += HoverAreas() + Markers();
  out +=
      "</svg><figcaption class=\"legend\">"
      "<span class=\"key key-before\"></span>used before the test "
      "<span class=\"key key-after\"></span>used after "
      "<span class=\"key key-peak\"></span>peak (the server's peak when the test raised it, "
      "else the larger of before and after) "
      "<span class=\"key key-leak\"></span>leaked keys "
      "<span class=\"key key-oom\"></span>OOM rejections"
      "</figcaption></figure>";
  return out;
}

}  // namespace redis_testkit::cleanup::internal
