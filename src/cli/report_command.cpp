// `inferbench report RESULT.json [--output-dir DIR] [--svg]`: everything `run` leaves beside result.json,
// redrawn from the file alone, on any machine (no GPU, no model).
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fmt/ostream.h>

#include "cli/commands.hpp"
#include "inferbench/errors.hpp"
#include "io/atomic_file.hpp"
#include "io/output_manifest.hpp"
#include "report/console_table.hpp"
#include "report/run_stats.hpp"
#include "report/write_reports.hpp"
#include "result/result_json.hpp"

namespace ib::cli {

result::Result read_result_file(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw core::InputError(
        fmt::format("'{}' is a folder; give the result file (e.g. {}/result.json)", path, path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw core::InputError(fmt::format("cannot read result file '{}': {}", path, std::strerror(errno)));
  std::stringstream text;
  text << in.rdbuf();
  try {
    return result::parse_result(text.str());
  } catch (const core::InputError& e) {
    throw core::InputError(fmt::format("{}: {}", path, e.what()));
  }
}

void print_removed(std::ostream& err, const std::vector<std::string>& removed, const std::filesystem::path& dir) {
  if (removed.empty()) return;
  fmt::print(err, "note: removed {} file(s) an earlier inferbench command wrote to {} and this one did not: {}\n",
             removed.size(), dir.string(), fmt::join(removed, ", "));
}

int report_command(const ReportOptions& options, std::ostream& out, std::ostream& err) {
  const result::Result result = read_result_file(options.result);
  std::filesystem::path result_dir = std::filesystem::path(options.result).parent_path();
  if (result_dir.empty()) result_dir = ".";
  report::ReportOptions report_options;
  report_options.output_dir = options.output_dir ? std::filesystem::path(*options.output_dir) : result_dir;
  report_options.svg = options.svg;
  io::ensure_writable_directory(report_options.output_dir);

  // Every report shows what the samples give; a file whose stored stats say otherwise was edited or written
  // by something else, which the user should know.
  for (const auto& run : result.runs) {
    if (const auto mismatch = report::stored_stats_mismatch(run))
      fmt::print(err, "inferbench: warning: {}: {}\n", options.result, *mismatch);
  }
  report::print_console_table(out, result);
  // The result and the output maps it names are this report's input: never stale, even when an earlier
  // run listed them and the report writes into the same folder.
  io::OutputManifest manifest(report_options.output_dir);
  manifest.keep(options.result);
  for (const auto& run : result.runs) {
    if (!run.quality) continue;
    for (const auto& file : {run.quality->output_file, run.quality->input_file, run.quality->ground_truth_file}) {
      if (file) manifest.keep(result_dir / *file);
    }
  }
  const report::ReportFiles files = report::write_reports(result, result_dir, report_options);
  for (const auto& note : files.notes) fmt::print(err, "note: {}\n", note);
  for (const auto& error : files.errors) fmt::print(err, "inferbench: error: {}\n", error);
  fmt::print(err, "report: {} file(s) written to {}\n", files.written.size(),
             report_options.output_dir.string());
  print_removed(err, manifest.finish(), report_options.output_dir);
  return static_cast<int>(files.errors.empty() ? ExitCode::ok : ExitCode::bad_input);
}

}  // namespace ib::cli
