// HtmlTable: the tables of leak-report.html.
#include "html_table.h"

#include <utility>

namespace redis_testkit::cleanup::internal {

HtmlTable::HtmlTable(std::string id, const std::vector<std::string>& headers, std::string aligns)
    : id_(std::move(id)), aligns_(std::move(aligns)) {
  bool named = false;
  for (const std::string& header : headers) {
    head_ += "<th>" + header + "</th>";
    named = named || !header.empty();
  }
  head_ = named ? "<thead><tr>" + head_ + "</tr></thead>" : "";  // a table of rows only
}

void HtmlTable::Row(const std::vector<std::string>& cells) {
  body_ += "<tr>";
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const bool right = i < aligns_.size() && aligns_[i] == 'r';
    body_ += (right ? "<td class=\"num\">" : "<td>") + cells[i] + "</td>";
  }
  body_ += "</tr>\n";
  ++rows_;
}

std::string HtmlTable::Html() const {
  return "<table id=\"" + id_ + "\">" + head_ + "<tbody>\n" + body_ + "</tbody></table>";
}

}  // namespace redis_testkit::cleanup::internal
