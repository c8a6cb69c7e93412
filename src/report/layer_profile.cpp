#include "report/layer_profile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "report/gnuplot.hpp"
#include "report/text.hpp"

namespace ib::report {

std::vector<result::LayerTime> by_average(std::span<const result::LayerTime> layers) {
  std::vector<result::LayerTime> sorted(layers.begin(), layers.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const result::LayerTime& a, const result::LayerTime& b) {
    return a.average_ms > b.average_ms;
  });
  return sorted;
}

double total_average_ms(std::span<const result::LayerTime> layers) {
  double total = 0;
  for (const result::LayerTime& layer : layers) total += layer.average_ms;
  return total;
}

std::string layer_profile_csv(const result::LayerProfile& profile) {
  std::string out = "name,time_ms,average_ms,median_ms,percentage\n";
  for (const result::LayerTime& layer : by_average(profile.layers)) {
    out += fmt::format("{},{},{},{},{}\n", csv_field(layer.name), csv_number(layer.time_ms),
                       csv_number(layer.average_ms), layer.median_ms ? csv_number(*layer.median_ms) : "",
                       csv_number(layer.percentage));
  }
  return out;
}

std::string layer_profile_markdown(const std::string& run_name, const result::LayerProfile& profile,
                                   std::size_t top_k) {
  const std::vector<result::LayerTime> ranked = by_average(profile.layers);
  const std::size_t shown = std::min(top_k, ranked.size());
  std::string out = fmt::format("**{}**: {} layers, {:.4f} ms per inference{}; the {} slowest:\n\n",
                                markdown_cell(run_name), ranked.size(), total_average_ms(profile.layers),
                                profile.iterations ? fmt::format(" ({} iterations profiled)", *profile.iterations)
                                                   : "",
                                shown);
  out += "| # | Layer | Average (ms) | % |\n|---:|---|---:|---:|\n";
  for (std::size_t i = 0; i < shown; ++i) {
    out += fmt::format("| {} | {} | {:.4f} | {:.2f} |\n", i + 1, markdown_cell(ranked[i].name),
                       ranked[i].average_ms, ranked[i].percentage);
  }
  return out + "\n";
}

ChartFiles write_layer_figure(const std::filesystem::path& dir, const result::LayerProfile& profile,
                              std::size_t top_k, const ChartOptions& options, const std::string& name) {
  std::vector<std::pair<std::string, double>> bars;
  for (const result::LayerTime& layer : by_average(profile.layers)) {
    if (bars.size() >= top_k) break;
    bars.emplace_back(layer.name, layer.average_ms);
  }
  if (bars.empty()) return gnuplot::not_drawn(dir, name, "the profile has no layers");
  ChartOptions chart = options;
  if (chart.title.empty()) chart.title = fmt::format("Top {} layers by average time per inference", bars.size());
  return write_horizontal_bars(dir, name, bars, "average time (ms)", chart);
}

}  // namespace ib::report
