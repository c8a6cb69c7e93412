#include "suite/combined_html.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "inferbench/errors.hpp"
#include "inferbench/result_io.hpp"
#include "io/atomic_file.hpp"
#include "report/html_report.hpp"

namespace ib::suite {
namespace {

// The result in `file`, or the reason it cannot be had.
bool read_result(const std::filesystem::path& file, result::Result& out, std::string& why) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) {
    why = "no result file";
    return false;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in.is_open()) {
    why = "unreadable";
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    out = result::parse_result(text.str());
  } catch (const core::InputError& e) {
    why = e.what();
    return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> write_combined_html(const std::filesystem::path& dir, const std::string& title,
                                             const std::vector<LabelledResult>& results) {
  result::Result combined;
  std::vector<std::string> notes;
  bool any = false;
  for (const LabelledResult& entry : results) {
    result::Result one;
    std::string why;
    if (!read_result(entry.file, one, why)) {
      notes.push_back(fmt::format("report.html leaves out {}: {}", entry.label, why));
      continue;
    }
    if (!any) combined.environment = one.environment;  // the machine: the same for every case of one process
    any = true;
    combined.interrupted = combined.interrupted || one.interrupted;
    for (result::Run& run : one.runs) {
      // A case is usually one run; a case of several keeps each run's own name after the case's.
      run.name = one.runs.size() == 1 ? entry.label : entry.label + "/" + run.name;
      combined.runs.push_back(std::move(run));
    }
  }
  if (!any) return notes;
  report::HtmlExtras extras;
  extras.title = title;
  extras.notes = notes;
  io::write_file_atomically(dir / "report.html", report::html_report(combined, extras));
  return notes;
}

}  // namespace ib::suite
