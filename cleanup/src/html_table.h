// A <table> of leak-report.html. Cells are HTML already: whoever puts report text into one
// escapes it (EscapeHtml); numbers and formatted figures need no escaping.
#pragma once

#include <string>
#include <vector>

namespace redis_testkit::cleanup::internal {

class HtmlTable {
 public:
  // `aligns`: one letter per column, 'r' right-aligned (figures), anything else left.
  HtmlTable(std::string id, const std::vector<std::string>& headers, std::string aligns);
  void Row(const std::vector<std::string>& cells);
  bool Empty() const { return rows_ == 0; }
  std::string Html() const;

 private:
  std::string id_;
  std::string aligns_;
  std::string head_;
  std::string body_;
  std::size_t rows_ = 0;
};

}  // namespace redis_testkit::cleanup::internal
