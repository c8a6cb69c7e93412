#include "report/write_reports.hpp"

#include <algorithm>
#include <exception>
#include <fstream>
#include <iterator>
#include <utility>

#include <fmt/format.h>

#include "io/atomic_file.hpp"
#include "io/process.hpp"
#include "report/charts.hpp"
#include "report/exporters.hpp"
#include "report/figures.hpp"
#include "report/gnuplot.hpp"
#include "report/html_report.hpp"
#include "report/layer_profile.hpp"
#include "report/run_stats.hpp"

namespace ib::report {
namespace {

// per_layer_times.csv and per_layer_time for the first profiled run, with "_2", "_3", ... for the next ones.
std::string layer_file_stem(const char* stem, std::size_t profiled_before) {
  return profiled_before == 0 ? stem : fmt::format("{}_{}", stem, profiled_before + 1);
}

void write_layer_profiles(const result::Result& result, const std::filesystem::path& dir,
                          const ChartOptions& chart, std::vector<ChartFiles>& charts, ReportFiles& files) {
  std::size_t profiled = 0;
  for (const auto& run : result.runs) {
    if (!run.layer_profile || run.layer_profile->layers.empty()) continue;
    const std::filesystem::path csv = dir / (layer_file_stem("per_layer_times", profiled) + ".csv");
    try {
      std::filesystem::create_directories(dir);
      io::write_file_atomically(csv, layer_profile_csv(*run.layer_profile));
      files.written.push_back(csv);
    } catch (const std::exception& e) {
      files.errors.push_back(fmt::format("cannot write {}: {}", csv.string(), e.what()));
    }
    charts.push_back(gnuplot::guarded(dir, layer_file_stem("per_layer_time", profiled), [&] {
      return write_layer_figure(dir, *run.layer_profile, kDefaultTopLayers, chart,
                                layer_file_stem("per_layer_time", profiled));
    }));
    ++profiled;
  }
}

// report.html embeds the depth figure as drawn (empty when it was not).
std::string figure_bytes(const std::vector<ChartFiles>& charts, const char* name) {
  for (const auto& c : charts) {
    if (!c.rendered || c.image.filename() != name) continue;
    std::ifstream in(c.image, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return {};
}

}  // namespace

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
  write_layer_profiles(result, dir, chart, charts, files);

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

  HtmlExtras html;
  html.depth_png = figure_bytes(charts, "depth_comparison.png");
  html.notes = files.notes;
  auto exporters = standard_exporters(figures);
  exporters.push_back(html_exporter(std::move(html)));
  for (const auto& exporter : exporters) {
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
