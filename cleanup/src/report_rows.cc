#include "report_rows.h"

#include <algorithm>
#include <iterator>
#include <tuple>

namespace redis_testkit::cleanup::internal {

std::vector<TestRow> RunOrder(const MergedReport& merged) {
  std::vector<TestRow> rows;
  for (const MergedReport::Source& source : merged.sources) {
    for (std::size_t i = 0; i < source.report.tests.size(); ++i) {
      rows.push_back({&source.report.tests[i], &source, i});
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const TestRow& a, const TestRow& b) {
    return std::tie(a.source->report.process.started_at, a.source->file, a.index) <
           std::tie(b.source->report.process.started_at, b.source->file, b.index);
  });
  return rows;
}

std::vector<TestRow> LeakingTests(const std::vector<TestRow>& tests) {
  std::vector<TestRow> rows;
  std::copy_if(tests.begin(), tests.end(), std::back_inserter(rows),
               [](const TestRow& row) { return row.record->HasLeaks(); });
  std::stable_sort(rows.begin(), rows.end(), [](const TestRow& a, const TestRow& b) {
    return a.record->leaks.LeakedBytes() > b.record->leaks.LeakedBytes();
  });
  return rows;
}

std::string KeyPlace(const LeakedKey& key, bool slot) {
  if (key.node.empty()) return "db " + std::to_string(key.db);
  return "node " + key.node + (slot ? ", slot " + std::to_string(key.slot) : std::string());
}

std::vector<std::string> LeakPlaces(const TestRecord& record) {
  std::vector<std::string> places;
  for (const std::vector<LeakedKey>* list : {&record.leaks.no_ttl, &record.leaks.left_behind}) {
    for (const LeakedKey& key : *list) {
      std::string place = KeyPlace(key, /*slot=*/false);
      if (std::find(places.begin(), places.end(), place) == places.end()) {
        places.push_back(std::move(place));
      }
    }
  }
  return places;
}

std::vector<TestRow> OomTests(const std::vector<TestRow>& tests) {
  std::vector<TestRow> rows;
  std::copy_if(tests.begin(), tests.end(), std::back_inserter(rows),
               [](const TestRow& row) { return row.record->oom_rejections > 0; });
  return rows;
}

}  // namespace redis_testkit::cleanup::internal
