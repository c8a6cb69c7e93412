#pragma once
// The per-layer profile section of a result (result::LayerProfile), as every reporter shows it: layers
// ranked by time per inference, per_layer_times.csv, the per-layer table of summary.md and the
// per_layer_time figure. `inferbench run`, `report` and `trtexec` all go through here.
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "inferbench/result.hpp"
#include "report/charts.hpp"

namespace ib::report {

/// Layers shown by default in summary.md and the figure: the rest is in per_layer_times.csv.
inline constexpr std::size_t kDefaultTopLayers = 20;

/// The layers by average_ms, largest first (ties keep execution order).
[[nodiscard]] std::vector<result::LayerTime> by_average(std::span<const result::LayerTime> layers);

/// Sum of the layers' average_ms: the profiled time of one inference.
[[nodiscard]] double total_average_ms(std::span<const result::LayerTime> layers);

/// per_layer_times.csv: name, time_ms, average_ms, median_ms, percentage; largest average_ms first, one
/// line per layer ending in "\n"; an empty cell for a missing median.
[[nodiscard]] std::string layer_profile_csv(const result::LayerProfile& profile);

/// summary.md's section for one run: "N layers, X ms per inference", then | # | Layer | Average (ms) | % |
/// for the `top_k` largest.
[[nodiscard]] std::string layer_profile_markdown(const std::string& run_name, const result::LayerProfile& profile,
                                                 std::size_t top_k = kDefaultTopLayers);

/// <dir>/<name>.png: the `top_k` layers by average time, largest at the top. Not drawn (a note) for a
/// profile without layers.
[[nodiscard]] ChartFiles write_layer_figure(const std::filesystem::path& dir, const result::LayerProfile& profile,
                                            std::size_t top_k = kDefaultTopLayers,
                                            const ChartOptions& options = {},
                                            const std::string& name = "per_layer_time");

}  // namespace ib::report
