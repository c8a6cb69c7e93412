#pragma once
// The generic figures, drawn with gnuplot: each function writes <dir>/<name>.dat (the data), <dir>/<name>.gp
// (a gnuplot script that reads it) and, when gnuplot is installed, renders <dir>/<name>.png (or .svg). When
// gnuplot is missing or fails, the data and script stay and the returned note says how to render them; a
// chart never fails a run. Reads values only; measures nothing.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace ib::report {

struct ChartOptions {
  bool svg = false;   ///< also write <name>.svg
  std::string title;  ///< empty: a default title per chart
  /// The gnuplot to run: a name looked up on PATH or a path. Not found: the data and script are written and
  /// the note says how to render them.
  std::string gnuplot = "gnuplot";
};

/// What a chart call left on disk.
struct ChartFiles {
  std::filesystem::path image;   ///< <dir>/<name>.png (may not exist when rendered is false)
  std::filesystem::path script;  ///< <dir>/<name>.gp
  bool rendered = false;         ///< the image was written
  std::string note;              ///< when not rendered: why, and the command that renders the script
  bool gnuplot_missing = false;  ///< not rendered because no gnuplot was found (callers may merge such notes)
};

/// One labelled set of latency samples (a model, a run), in milliseconds.
struct LabelledSamples {
  std::string label;
  std::vector<double> values_ms;
};

/// latency_hist: one histogram per set, overlaid, shared bins (each set's share of its samples per bin, its
/// median dashed). A set's colour is series_colour(its index); a set without samples keeps its index and colour
/// but draws nothing, so callers can pass every run.
ChartFiles write_latency_histogram(const std::filesystem::path& dir, const std::vector<LabelledSamples>& sets,
                                   const ChartOptions& options = {});

/// latency_percentiles: latency (y, ms) against percentile (x, 0..100), one line per set, numpy-linear
/// percentiles. The x axis is in "nines" (-log10(1 - p/100): ticks 0, 50, 90, 99, 99.9) so the tail is
/// visible; it ends at p = 100 (1 - 1/n) of the largest set (at most p99.99); each set's p50, p99 and max are
/// in the key.
ChartFiles write_latency_percentiles(const std::filesystem::path& dir,
                                     const std::vector<LabelledSamples>& sets,
                                     const ChartOptions& options = {});

/// A horizontal bar chart, bars in the order given (the first at the top), e.g. per-layer times.
ChartFiles write_horizontal_bars(const std::filesystem::path& dir, const std::string& name,
                                 const std::vector<std::pair<std::string, double>>& bars,
                                 const std::string& value_label, const ChartOptions& options = {});

}  // namespace ib::report
