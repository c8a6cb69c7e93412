#include "report/charts.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "io/atomic_file.hpp"
#include "report/gnuplot.hpp"
#include "report/text.hpp"
#include "stats/summary.hpp"

namespace ib::report {
namespace {

namespace fs = std::filesystem;

std::vector<double> sorted_finite(const std::vector<double>& values) {
  std::vector<double> kept;
  kept.reserve(values.size());
  for (const double v : values) {
    if (std::isfinite(v)) kept.push_back(v);
  }
  std::sort(kept.begin(), kept.end());
  return kept;
}

// A label for a data file column header (comments only: the script gives titles itself).
std::string header_word(const std::string& label) {
  std::string word = label;
  std::replace_if(
      word.begin(), word.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n'; }, '_');
  return word;
}

}  // namespace

ChartFiles write_latency_histogram(const fs::path& dir, const std::vector<LabelledSamples>& sets,
                                   const ChartOptions& options) {
  const std::string name = "latency_hist";
  std::vector<std::vector<double>> sorted;
  std::vector<double> pooled;
  for (const auto& set : sets) {
    sorted.push_back(sorted_finite(set.values_ms));
    pooled.insert(pooled.end(), sorted.back().begin(), sorted.back().end());
  }
  if (pooled.empty()) return gnuplot::not_drawn(dir, name, "no latency samples");
  std::sort(pooled.begin(), pooled.end());

  // The view holds the bulk of every distribution: a few far outliers would otherwise squeeze it into one
  // bin. Samples outside it are counted and named in the title, never silently dropped.
  const double q_low = stats::percentile_linear_sorted(pooled, 0.5);
  const double q_high = stats::percentile_linear_sorted(pooled, 99.5);
  const double spread = q_high - q_low;
  double low = std::max(pooled.front(), q_low - 0.25 * spread);
  double high = std::min(pooled.back(), q_high + 0.25 * spread);
  if (!(high > low)) {
    const double half = std::max(std::abs(low) * 0.01, 1e-6);
    low -= half;
    high += half;
  }
  // The narrowest Freedman-Diaconis bin width (2 IQR / n^(1/3)) of the sets, so the sharpest distribution
  // keeps its shape when the runs lie far apart; 10..200 bins.
  double fd_width = INFINITY;
  for (const auto& values : sorted) {
    if (values.size() < 10) continue;
    const double iqr =
        stats::percentile_linear_sorted(values, 75) - stats::percentile_linear_sorted(values, 25);
    const double w = 2.0 * iqr / std::cbrt(static_cast<double>(values.size()));
    if (w > 0) fd_width = std::min(fd_width, w);
  }
  const int bins = std::isfinite(fd_width)
                       ? std::clamp(static_cast<int>(std::ceil((high - low) / fd_width)), 10, 200)
                       : 30;
  const double width = (high - low) / bins;

  std::size_t outside = 0;
  std::vector<std::vector<double>> percent(sets.size(),
                                           std::vector<double>(static_cast<std::size_t>(bins), 0.0));
  for (std::size_t s = 0; s < sets.size(); ++s) {
    for (const double v : sorted[s]) {
      if (v < low || v > high) {
        ++outside;
        continue;
      }
      const auto bin =
          std::min(static_cast<std::size_t>((v - low) / width), static_cast<std::size_t>(bins - 1));
      percent[s][bin] += 100.0 / static_cast<double>(sorted[s].size());
    }
  }

  return gnuplot::guarded(dir, name, [&] {
    std::string data =
        "# latency histogram: share of each set's samples (%) per bin; bins in ms\n# bin_low bin_high centre";
    for (const auto& set : sets) data += fmt::format(" {}", header_word(set.label));
    data += "\n";
    for (int b = 0; b < bins; ++b) {
      const double lo = low + b * width;
      data += fmt::format("{} {} {}", gnuplot::number(lo), gnuplot::number(lo + width),
                          gnuplot::number(lo + width / 2));
      for (std::size_t s = 0; s < sets.size(); ++s)
        data += fmt::format(" {}", gnuplot::number(percent[s][static_cast<std::size_t>(b)]));
      data += "\n";
    }
    io::write_file_atomically(dir / (name + ".dat"), data);

    std::string title = options.title.empty() ? "Latency distribution" : options.title;
    if (outside > 0)
      title += fmt::format("\n({} sample{} outside {:.4g}..{:.4g} ms not shown)", outside,
                           outside == 1 ? "" : "s", low, high);
    std::string body = fmt::format(
        "set title {} font \",13\"\n"
        "set xlabel \"latency (ms)\"\n"
        "set ylabel \"share of samples (%)\"\n"
        "set xrange [{}:{}]\n"
        "set yrange [0:*]\n"
        "set offsets 0, 0, graph 0.15, 0\n"
        "set boxwidth {} absolute\n"
        "set style fill transparent solid 0.35 border\n"
        "set key top right opaque box lc rgb \"#dddddd\"\n",
        gnuplot::quote(title), gnuplot::number(low - 0.02 * (high - low)),
        gnuplot::number(high + 0.02 * (high - low)), gnuplot::number(width));
    // Each set's median as a dashed line in its colour.
    for (std::size_t s = 0; s < sets.size(); ++s) {
      if (sorted[s].empty()) continue;
      const double median = stats::percentile_linear_sorted(sorted[s], 50);
      if (median < low || median > high) continue;
      body +=
          fmt::format("set arrow from {0}, graph 0 to {0}, graph 1 nohead back dt 2 lw 1.5 lc rgb \"{1}\"\n",
                      gnuplot::number(median), gnuplot::series_colour(s));
    }
    // A set without samples keeps its place (and so every other set its colour) but draws nothing.
    std::string separator = "plot ";
    for (std::size_t s = 0; s < sets.size(); ++s) {
      if (sorted[s].empty()) continue;
      body += separator;
      separator = ", \\\n     ";
      body += fmt::format("\"{}.dat\" using 3:{} with boxes lc rgb \"{}\" title {}", name, s + 4,
                          gnuplot::series_colour(s),
                          gnuplot::quote(fmt::format("{} (median {:.4g} ms)", sets[s].label,
                                                     stats::percentile_linear_sorted(sorted[s], 50))));
    }
    body += "\n";
    return gnuplot::render(dir, name, {900, 560}, body, options);
  });
}

ChartFiles write_latency_percentiles(const fs::path& dir, const std::vector<LabelledSamples>& sets,
                                     const ChartOptions& options) {
  const std::string name = "latency_percentiles";
  std::vector<std::vector<double>> sorted;
  double lowest = INFINITY;
  double highest = -INFINITY;
  std::size_t most = 0;
  for (const auto& set : sets) {
    sorted.push_back(sorted_finite(set.values_ms));
    if (!sorted.back().empty()) {
      lowest = std::min(lowest, sorted.back().front());
      highest = std::max(highest, sorted.back().back());
      most = std::max(most, sorted.back().size());
    }
  }
  if (!std::isfinite(lowest)) return gnuplot::not_drawn(dir, name, "no latency samples");

  // The x axis counts "nines", x = -log10(1 - p / 100): p50 at 0.3, p90 at 1, p99 at 2, p99.9 at 3, so the
  // tail, where runs differ, gets as much room as the body (HdrHistogram's percentile plot). It ends where
  // the samples end, p = 100 (1 - 1/n) (beyond that every percentile is an interpolation towards the
  // maximum), at most p99.99; each line's maximum is in the key.
  const double x_max = std::clamp(std::log10(static_cast<double>(most)), 1.0, 4.0);
  constexpr int kSteps = 400;
  std::vector<double> grid;
  for (int i = 0; i <= kSteps; ++i) grid.push_back(x_max * i / kSteps);

  return gnuplot::guarded(dir, name, [&] {
    std::string data =
        "# latency (ms) at each percentile, numpy-linear interpolation; nines = -log10(1 - p/100)\n"
        "# percentile nines";
    for (const auto& set : sets) data += fmt::format(" {}", header_word(set.label));
    data += "\n";
    for (const double x : grid) {
      const double p = std::min(100.0, 100.0 * (1.0 - std::pow(10.0, -x)));
      data += fmt::format("{} {}", gnuplot::number(p), gnuplot::number(x));
      for (const auto& values : sorted) {
        data += fmt::format(
            " {}", gnuplot::number(values.empty() ? NAN : stats::percentile_linear_sorted(values, p)));
      }
      data += "\n";
    }
    io::write_file_atomically(dir / (name + ".dat"), data);

    std::string ticks;
    for (const auto& [x, label] : std::vector<std::pair<double, const char*>>{
             {0, "0"}, {std::log10(2.0), "50"}, {1, "90"}, {2, "99"}, {3, "99.9"}, {4, "99.99"}}) {
      if (x <= x_max + 1e-9) ticks += fmt::format("{}\"{}\" {}", ticks.empty() ? "" : ", ", label, x);
    }
    // A long tail (max far above min) reads better on a log scale.
    const bool log_y = lowest > 0 && highest / lowest > 20;
    std::string body = fmt::format(
        "set title {} font \",13\"\n"
        "set xlabel \"percentile (linear interpolation; axis in nines: 90, 99, 99.9, ...)\"\n"
        "set ylabel \"latency (ms)\"\n"
        "set xrange [0:{}]\n"
        "set xtics ({})\n"
        "{}"
        "set key bottom right opaque box lc rgb \"#dddddd\"\n",
        gnuplot::quote(options.title.empty() ? "Latency by percentile" : options.title),
        gnuplot::number(x_max), ticks, log_y ? "set logscale y\n" : "set yrange [0:*]\n");
    std::string separator = "plot ";
    for (std::size_t s = 0; s < sets.size(); ++s) {
      if (sorted[s].empty()) continue;
      body += separator;
      separator = ", \\\n     ";
      const auto& values = sorted[s];
      body += fmt::format(
          "\"{}.dat\" using 2:{} with lines lw 2 lc rgb \"{}\" title {}", name, s + 3,
          gnuplot::series_colour(s),
          gnuplot::quote(fmt::format("{} (p50 {:.4g}, p99 {:.4g}, max {:.4g} ms)", sets[s].label,
                                     stats::percentile_linear_sorted(values, 50),
                                     stats::percentile_linear_sorted(values, 99), values.back())));
    }
    body += "\n";
    return gnuplot::render(dir, name, {900, 560}, body, options);
  });
}

ChartFiles write_horizontal_bars(const fs::path& dir, const std::string& name,
                                 const std::vector<std::pair<std::string, double>>& bars,
                                 const std::string& value_label, const ChartOptions& options) {
  if (bars.empty()) return gnuplot::not_drawn(dir, name, "no bars");
  double low = 0;
  double high = 0;
  for (const auto& [label, value] : bars) {
    if (!std::isfinite(value)) continue;
    low = std::min(low, value);
    high = std::max(high, value);
  }
  if (high == low) high = low + 1;
  const double room = (high - low) * 0.18;  // for the value printed after each bar
  return gnuplot::guarded(dir, name, [&] {
    // The labels are y tics written by gnuplot::quote (never evaluated), so any name shows exactly as it is.
    std::string data = "# index value\n";
    std::vector<std::string> tics;
    for (std::size_t i = 0; i < bars.size(); ++i) {
      // Layer names can be hundreds of characters: keep both ends.
      const std::string label = shorten(bars[i].first, 60);
      data += fmt::format("{} {}\n", i, gnuplot::number(bars[i].second));
      tics.push_back(fmt::format("{} {}", gnuplot::quote(label), i));
    }
    io::write_file_atomically(dir / (name + ".dat"), data);
    const int height = std::clamp(120 + 22 * static_cast<int>(bars.size()), 300, 8000);
    const std::string body = fmt::format(
        "set title {} font \",13\"\n"
        "set xlabel {}\n"
        "unset ylabel\n"
        "set yrange [{}:-0.6]\n"
        "set xrange [{}:{}]\n"
        "set ytics scale 0 ({})\n"
        "set grid noytics xtics\n"
        "set style fill solid 0.8 noborder\n"
        "unset key\n"
        "plot \"{}.dat\" using ($2/2):1:($2/2):(0.38) with boxxyerror lc rgb \"{}\", \\\n"
        "     \"{}.dat\" using 2:1:(sprintf(\" %.4g\", $2)) with labels left font \",9\"\n",
        gnuplot::quote(options.title.empty() ? name : options.title), gnuplot::quote(value_label),
        bars.size() - 0.4, gnuplot::number(low < 0 ? low - room : 0), gnuplot::number(high + room),
        fmt::join(tics, ", "), name, gnuplot::series_colour(0), name);
    return gnuplot::render(dir, name, {900, height}, body, options);
  });
}

}  // namespace ib::report
