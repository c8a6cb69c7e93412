#include "report/write_reports.hpp"

#include <algorithm>
#include <exception>
#include <utility>

#include <fmt/format.h>

#include "io/atomic_file.hpp"
#include "io/process.hpp"
#include "report/charts.hpp"
#include "report/exporters.hpp"
#include "report/figures.hpp"
#include "report/run_stats.hpp"

namespace ib::report {

ReportFiles write_reports(const result::Result& result, const std::filesystem::path& result_dir,
                          const ReportOptions& options) {
  const std::filesystem::path dir = options.output_dir.empty() ? result_dir : options.output_dir;
  ReportFiles files;
  ChartOptions chart;
  chart.svg = options.svg;
  chart.gnuplot = options.gnuplot;

  std::vector<ChartFiles> charts;
  charts.push_back(write_speed_benchmark(dir, result, chart));
  // Every run keeps its place (an empty set for a run without samples), so it keeps its colour.
  std::vector<LabelledSamples> sets;
  for (const auto& run : result.runs) sets.push_back({run.name, finite_latencies(run)});
  charts.push_back(write_latency_histogram(dir, sets, chart));
  charts.push_back(write_latency_percentiles(dir, sets, chart));
  // A CPU-only result has no GPU to chart, and needs no note saying so; a CUDA run without telemetry gets
  // one.
  const bool gpu_result = std::any_of(result.runs.begin(), result.runs.end(), [](const result::Run& run) {
    return run.telemetry.has_value() || run.device.starts_with("cuda");
  });
  if (gpu_result) charts.push_back(write_gpu_utilization(dir, result, chart));
  if (has_depth_data(result)) charts.push_back(write_depth_comparison(dir, result, result_dir, chart));

  std::vector<std::string> figures;
  bool gnuplot_missing = false;
  for (const auto& c : charts) {
    if (c.rendered) {
      figures.push_back(c.image.filename().string());
      files.written.push_back(c.image);
      if (chart.svg) files.written.push_back(std::filesystem::path(c.image).replace_extension(".svg"));
    }
    gnuplot_missing = gnuplot_missing || c.gnuplot_missing;
    if (c.note.empty()) continue;
    if (c.gnuplot_missing) {
      // One note for all of them, below; keep what else the note said (panels left out).
      const auto skipped = c.note.find(" (panels left out: ");
      if (skipped != std::string::npos)
        files.notes.push_back(
            fmt::format("depth_comparison.png: {}", c.note.substr(skipped + 2, c.note.size() - skipped - 3)));
      continue;
    }
    files.notes.push_back(c.note);
  }
  if (gnuplot_missing) {
    files.notes.insert(
        files.notes.begin(),
        fmt::format(
            "gnuplot ('{}') not found: figures not drawn; their data and .gp scripts are in {}; to draw "
            "them: cd '{}' && for f in *.gp; do gnuplot \"$f\"; done (Debian: apt-get install gnuplot-nox)",
            options.gnuplot, dir.string(), dir.string()));
  }

  for (const auto& exporter : standard_exporters(figures)) {
    const std::filesystem::path path = dir / exporter->file_name();
    try {
      std::filesystem::create_directories(dir);
      io::write_file_atomically(path, exporter->serialize(result));
      files.written.push_back(path);
    } catch (const std::exception& e) {
      files.errors.push_back(fmt::format("cannot write {}: {}", path.string(), e.what()));
    }
  }
  return files;
}

}  // namespace ib::report
