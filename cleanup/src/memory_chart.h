// The chart of leak-report.html: used memory per test in run order, as inline SVG (no script).
// Three lines (used memory before the test, after it, and the test's peak), the maxmemory cap
// when it is near the figures, a marker on each test that leaked keys and on each test with OOM
// rejections, and one hover area per test whose <title> names it with its figures.
#pragma once

#include <string>
#include <vector>

namespace redis_testkit::cleanup::internal {

struct ChartPoint {
  std::string label;  // "Suite.Name"
  long long before = 0;
  long long after = 0;
  long long peak = 0;       // MemoryFigures::HighWater()
  long long maxmemory = 0;  // 0: no cap
  long long leaked_keys = 0;
  long long oom_rejections = 0;
};

class MemoryChart {
 public:
  explicit MemoryChart(std::vector<ChartPoint> points);
  // <figure> with the <svg id="memory-chart"> and its legend; "" when there is no test.
  std::string Render() const;

 private:
  double X(std::size_t index) const;
  double Y(long long bytes) const;
  std::string Grid() const;
  std::string Series(const char* name, long long ChartPoint::*field) const;
  std::string Cap() const;
  std::string Markers() const;
  std::string HoverAreas() const;

  std::vector<ChartPoint> points_;
  long long top_ = 1;  // the highest value of the y axis
  long long cap_ = 0;  // the cap drawn (0: none)
};

}  // namespace redis_testkit::cleanup::internal
