#pragma once
// Everything a result folder should hold besides result.json, written in one call: the figures
// (speed_benchmark, latency_hist, latency_percentiles, gpu_utilization, depth_comparison; PNG, SVG with
// --svg, each with its .dat and .gp) and the exports (summary.csv, samples.csv, summary.md). `inferbench run`
// calls it after writing result.json, `inferbench report` on a result read back, on any machine. Figures
// never fail: what could not be drawn is a note. docs/reports.md describes each file.
#include <filesystem>
#include <string>
#include <vector>

#include "inferbench/result.hpp"

namespace ib::report {

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

}  // namespace ib::report
