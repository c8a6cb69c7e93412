#pragma once
// The three standard figures of a result, the ones users' depth benchmark script drew (docs/reports.md):
// speed_benchmark (latency box plots over a statistics table), gpu_utilization (telemetry panels on a shared
// time axis) and depth_comparison (input, ground truth and each model's output map side by side). Each reads
// the result (and, for depth_comparison, the image and .npy files it names) and draws through gnuplot.hpp;
// like every chart, a figure that cannot be drawn is a note, never an error.
#include <filesystem>

#include "report/charts.hpp"
#include "inferbench/result.hpp"

namespace ib::report {

/// speed_benchmark: top, a box plot of each run's latency samples (box = quartiles, whiskers 1.5 IQR, points
/// beyond, a diamond at the mean); bottom, a table of mean, std, median, p50, p95, p99, min, max (ms) and FPS
/// (batch * 1000 / mean). Not drawn when no run has samples.
[[nodiscard]] ChartFiles write_speed_benchmark(const std::filesystem::path& dir, const result::Result& result,
                                               const ChartOptions& options = {});

/// gpu_utilization: stacked panels sharing the time axis (s from the telemetry pass's start): GPU util %,
/// memory util %, VRAM used MB, SM clock MHz, and power W when any run sampled it; one line per run, gaps
/// where a query failed. Not drawn (note says so) when no run has telemetry.
[[nodiscard]] ChartFiles write_gpu_utilization(const std::filesystem::path& dir, const result::Result& result,
                                               const ChartOptions& options = {});

/// depth_comparison: one panel each for the input image (config.input_image), the ground truth
/// (quality.ground_truth.source, single-image mode) and every run's output map (quality.output_file, relative
/// to `result_dir`), each map in the viridis palette normalised on its own, each panel titled with the run's
/// name, mean latency, FPS and its metrics, wrapped to the panel. Panels whose files are missing or
/// unreadable are left out and named in the note. Not drawn when no run has an output map.
[[nodiscard]] ChartFiles write_depth_comparison(const std::filesystem::path& dir,
                                                const result::Result& result,
                                                const std::filesystem::path& result_dir,
                                                const ChartOptions& options = {});

/// Whether depth_comparison has anything to show: some run has an input image or a quality section.
[[nodiscard]] bool has_depth_data(const result::Result& result);

}  // namespace ib::report
