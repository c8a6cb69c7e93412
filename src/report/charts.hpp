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
  bool svg = false;       ///< also write <name>.svg
  std::string title;      ///< empty: a default title per chart
};

/// What a chart call left on disk.
struct ChartFiles {
  std::filesystem::path image;   ///< <dir>/<name>.png (may not exist when rendered is false)
  std::filesystem::path script;  ///< <dir>/<name>.gp
  bool rendered = false;         ///< the image was written
  std::string note;              ///< when not rendered: why, and the command that renders the script
};

/// One labelled set of latency samples (a model, a run), in milliseconds.
struct LabelledSamples {
  std::string label;
  std::vector<double> values_ms;
};

/// latency_hist: one histogram per set, overlaid, shared bins.
ChartFiles write_latency_histogram(const std::filesystem::path& dir, const std::vector<LabelledSamples>& sets,
                                   const ChartOptions& options = {});

/// latency_percentiles: latency (y, ms) against percentile (x, 0..100), one line per set, numpy-linear
/// percentiles.
ChartFiles write_latency_percentiles(const std::filesystem::path& dir, const std::vector<LabelledSamples>& sets,
                                     const ChartOptions& options = {});

/// A horizontal bar chart, bars in the order given (the first at the top), e.g. per-layer times.
ChartFiles write_horizontal_bars(const std::filesystem::path& dir, const std::string& name,
                                 const std::vector<std::pair<std::string, double>>& bars,
                                 const std::string& value_label, const ChartOptions& options = {});

}  // namespace ib::report
