#pragma once
// report.html of a suite or a sweep: the runs of every case's (point's) result.json on one page, each named by
// its case (point), so that the page's table, percentile curves and sweep curves set them side by side. The
// page is report.html's own (report/html_report.hpp); only the gathering is done here.
#include <filesystem>
#include <string>
#include <vector>

namespace ib::suite {

struct LabelledResult {
  std::string label;           ///< the case's or point's name; the page shows its runs under it
  std::filesystem::path file;  ///< its result.json
};

/// Writes `dir`/report.html (replaced whole) from the readable files among `results`, in their order. Returns a
/// note for each file left out (missing: a case that failed before writing; unreadable; not a result). Writes
/// nothing when no file could be read.
[[nodiscard]] std::vector<std::string> write_combined_html(const std::filesystem::path& dir, const std::string& title,
                                                           const std::vector<LabelledResult>& results);

}  // namespace ib::suite
