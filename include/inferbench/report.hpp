#pragma once
// Reports: everything shown or written about a result comes from the result model alone (and, for the
// depth figure, the output maps its folder holds), so any figure or export can be redrawn later, on
// another machine, without a GPU (`inferbench report`). An Exporter is one file's format; write_reports() writes
// every figure and the standard exports; print_console_table() is the terminal summary. docs/reports.md
// describes each file.
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "inferbench/result.hpp"

namespace ib::report {

/// One output file's format. NVI: callers use the public functions, formats implement the private ones.
class Exporter {
 public:
  virtual ~Exporter() = default;
  Exporter() = default;
  Exporter(const Exporter&) = delete;
  Exporter& operator=(const Exporter&) = delete;

  /// The file's name inside the report folder, e.g. "summary.csv".
  [[nodiscard]] std::string file_name() const { return do_file_name(); }
  /// The file's whole content.
  [[nodiscard]] std::string serialize(const result::Result& result) const { return do_serialize(result); }

 private:
  [[nodiscard]] virtual std::string do_file_name() const = 0;
  [[nodiscard]] virtual std::string do_serialize(const result::Result& result) const = 0;
};

struct ReportOptions {
  /// Where the files go; empty: `result_dir`.
  std::filesystem::path output_dir;
  bool svg = false;  ///< also write every figure as SVG
  /// The gnuplot to run (a name looked up on PATH, or a path). Missing: data and scripts only, and a note.
  std::string gnuplot = "gnuplot";
};

struct ReportFiles {
  std::vector<std::filesystem::path> written;  ///< every image and export written, in order
  /// Figures not drawn or panels left out, and why; with a missing gnuplot one note with the command that
  /// draws them all. For the user's terminal (stderr); never a reason to fail.
  std::vector<std::string> notes;
  /// Exports that could not be written (e.g. the folder is not writable): one message each.
  std::vector<std::string> errors;
};

/// Writes every figure and export of `result` into options.output_dir (created when missing). `result_dir`
/// is the folder of the result.json the result came from: the quality output maps it names are relative to
/// it. Never throws for a figure; an export that cannot be written is in `errors`.
[[nodiscard]] ReportFiles write_reports(const result::Result& result, const std::filesystem::path& result_dir,
                                        const ReportOptions& options = {});

/// The terminal summary of a result: one row per run (model, backend, device, mean, std, the configured
/// percentiles, min, max, FPS; latencies in ms), then per run, where it has them: breakdown, startup, adaptive
/// stop, telemetry, process cost and quality, then warnings and errors.
void print_console_table(std::ostream& out, const result::Result& result);

}  // namespace ib::report
