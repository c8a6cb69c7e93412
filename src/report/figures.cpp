// speed_benchmark and gpu_utilization (depth_comparison is in depth_figure.cpp).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "io/atomic_file.hpp"
#include "report/figures.hpp"
#include "report/gnuplot.hpp"
#include "report/run_stats.hpp"
#include "report/text.hpp"
#include "stats/summary.hpp"

namespace ib::report {
namespace {

namespace fs = std::filesystem;

// Milliseconds with about four significant digits, never in exponent form (table cells).
std::string ms_text(double value) {
  if (!std::isfinite(value)) return "-";
  const double magnitude = std::abs(value);
  if (magnitude >= 100) return fmt::format("{:.1f}", value);
  if (magnitude >= 10) return fmt::format("{:.2f}", value);
  if (magnitude >= 0.1) return fmt::format("{:.3f}", value);
  return fmt::format("{:.4f}", value);
}

std::string fps_text(double value) {
  if (!std::isfinite(value)) return "-";
  return value >= 10000 ? fmt::format("{:.0f}", value) : fmt::format("{:.1f}", value);
}

// A tick step of 1, 2, 2.5 or 5 times a power of ten giving at most about five ticks over `range`.
double nice_step(double range) {
  const double raw = range / 4;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 2.5, 5.0}) {
    if (m * magnitude >= raw) return m * magnitude;
  }
  return 10 * magnitude;
}

// Screen coordinate (0 at the bottom) of a pixel row counted from the top.
double screen_y(double pixels_from_top, int height) {
  return 1.0 - pixels_from_top / height;
}

}  // namespace

ChartFiles write_speed_benchmark(const fs::path& dir, const result::Result& result,
                                 const ChartOptions& options) {
  const std::string name = "speed_benchmark";
  struct Row {
    std::string label;
    std::vector<double> values;
    RunStats stats;
    std::size_t colour;  ///< the run's index in the result: a run keeps its colour in every figure
  };
  std::vector<Row> rows;
  const std::vector<double> percentiles{50, 95, 99};
  for (std::size_t i = 0; i < result.runs.size(); ++i) {
    const auto& run = result.runs[i];
    // A run without samples shows its stored stats in the table (marked), and no box.
    auto stats = shown_stats(run, percentiles);
    if (!stats) continue;
    const std::string label = stats->from_samples ? run.name : run.name + " (stored stats)";
    rows.push_back({label, finite_latencies(run), std::move(*stats), i});
  }
  if (rows.empty()) return gnuplot::not_drawn(dir, name, "no run has latency samples");

  return gnuplot::guarded(dir, name, [&] {
    std::string data =
        "# latency samples (ms) of each run's speed pass, one block per run (gnuplot index 0, 1, ...)\n";
    std::size_t longest = 5;
    for (const auto& row : rows) {
      longest = std::max(longest, std::min<std::size_t>(text_columns(row.label), 32));
      if (row.values.empty()) continue;
      data += fmt::format("# {}\n", row.label);
      for (const double v : row.values) data += gnuplot::number(v) + "\n";
      data += "\n\n";
    }
    io::write_file_atomically(dir / (name + ".dat"), data);

    // Layout in pixels, from the top: title, box plot, tick labels, then the table.
    const int n = static_cast<int>(rows.size());
    const bool rotate = static_cast<int>(longest) * 7 + 16 > 900 / n;
    const int name_width = static_cast<int>(longest) * 7 + 34;
    constexpr int kNumberWidth = 84;
    constexpr int kColumns = 9;
    const int width = std::max(1000, 40 + name_width + kColumns * kNumberWidth);
    constexpr int kTop = 56;
    constexpr int kPlot = 440;
    const int ticks = rotate ? 40 + static_cast<int>(longest) * 4 : 40;
    constexpr int kRow = 22;
    const int table_top = kTop + kPlot + ticks + 16;
    const int height = table_top + (n + 1) * kRow + 40;

    std::string body = fmt::format(
        "set multiplot\n"
        "set label 1 {} at screen 0.5, screen {} center font \",14\"\n"
        "set label 2 {} at screen 0.5, screen {} center tc rgb \"#555555\"\n"
        "set lmargin at screen {}\n"
        "set rmargin at screen {}\n"
        "set tmargin at screen {}\n"
        "set bmargin at screen {}\n"
        "set ylabel \"latency (ms)\"\n"
        "set xrange [0.4:{}]\n"
        "set style boxplot outliers pointtype 7\n"
        "set style data boxplot\n"
        "set boxwidth 0.5\n"
        "set pointsize 0.35\n"
        "set grid noxtics ytics\n"
        "set key top right\n"
        "set xtics scale 0{}\n",
        gnuplot::quote(options.title.empty() ? "Speed benchmark" : options.title), screen_y(22, height),
        gnuplot::quote("latency per round trip (host wall clock). Box: quartiles; whiskers: 1.5 IQR; dots: "
                       "beyond; diamond: mean"),
        screen_y(42, height), 80.0 / width, 1.0 - 20.0 / width, screen_y(kTop, height),
        screen_y(kTop + kPlot, height), n + 0.6, rotate ? " rotate by -25" : "");
    // Runs far apart (a CPU and a GPU run) share the axis on a log scale; otherwise a linear one from 0,
    // where the boxes' heights compare honestly and a far outlier stays in view.
    double median_low = INFINITY;
    double median_high = 0;
    for (const auto& row : rows) {
      median_low = std::min(median_low, row.stats.latency.median);
      median_high = std::max(median_high, row.stats.latency.median);
    }
    body += median_low > 0 && median_high / median_low > 10 ? "set logscale y\n" : "set yrange [0:*]\n";
    body += "set xtics (";
    for (int i = 0; i < n; ++i) {
      body += fmt::format("{}{} {}", i > 0 ? ", " : "",
                          gnuplot::quote(shorten(rows[static_cast<std::size_t>(i)].label, 32)), i + 1);
    }
    body += ")\n$means << EOD\n";
    for (int i = 0; i < n; ++i)
      body += fmt::format("{} {}\n", i + 1,
                          gnuplot::number(rows[static_cast<std::size_t>(i)].stats.latency.mean));
    body += "EOD\nplot ";
    int block = 0;  // the .dat holds a block for each row with samples only
    for (int i = 0; i < n; ++i) {
      if (rows[static_cast<std::size_t>(i)].values.empty()) continue;
      const std::string colour = gnuplot::series_colour(rows[static_cast<std::size_t>(i)].colour);
      body += fmt::format(
          "\"{}.dat\" index {} using ({}):1 lc rgb \"{}\" fs transparent solid 0.35 border lc rgb \"{}\" "
          "notitle, \\\n     ",
          name, block++, i + 1, colour, colour);
    }
    body += "$means using 1:2 with points pt 12 ps 1.6 lc rgb \"black\" title \"mean\"\n";

    // The table: labels placed in screen coordinates, a shaded header, a colour chip per run.
    body +=
        "unset label\n"
        "unset logscale\n"
        "unset xtics\n"
        "unset ytics\n"
        "unset ylabel\n"
        "unset border\n"
        "unset grid\n"
        "unset key\n"
        "set lmargin at screen 0\nset rmargin at screen 1\nset tmargin at screen 1\nset bmargin at screen 0\n"
        "set xrange [0:1]\nset yrange [0:1]\n";
    const std::vector<std::string> header{"Mean", "Std", "Median", "P50", "P95", "P99", "Min", "Max", "FPS"};
    const double left = 20;
    const auto x_of = [&](int column) { return (left + name_width + (column + 1) * kNumberWidth) / width; };
    const auto row_y = [&](int r) { return screen_y(table_top + r * kRow + kRow * 0.5, height); };
    body += fmt::format(
        "set object 1 rect from screen {}, screen {} to screen {}, screen {} fc rgb \"#eeeeee\" fs solid "
        "noborder "
        "behind\n",
        left / width, screen_y(table_top + kRow, height), x_of(kColumns - 1) + 6.0 / width,
        screen_y(table_top, height));
    body += fmt::format("set label \"Model (ms)\" at screen {}, screen {} left font \",10\"\n",
                        (left + 18) / width, row_y(0));
    for (int c = 0; c < kColumns; ++c)
      body += fmt::format("set label {} at screen {}, screen {} right font \",10\"\n",
                          gnuplot::quote(header[static_cast<std::size_t>(c)]), x_of(c), row_y(0));
    for (int r = 0; r < n; ++r) {
      const auto& row = rows[static_cast<std::size_t>(r)];
      const auto& l = row.stats.latency;
      const double y = row_y(r + 1);
      body += fmt::format(
          "set object {} rect from screen {}, screen {} to screen {}, screen {} fc rgb \"{}\" fs solid "
          "noborder\n",
          r + 2, (left + 2) / width, y - 5.0 / height, (left + 12) / width, y + 5.0 / height,
          gnuplot::series_colour(row.colour));
      body += fmt::format("set label {} at screen {}, screen {} left\n",
                          gnuplot::quote(shorten(row.label, 32)), (left + 18) / width, y);
      const std::vector<std::string> cells{ms_text(l.mean),
                                           l.count > 1 ? ms_text(l.std) : "-",
                                           ms_text(l.median),
                                           ms_text(percentile_of(l, 50)),
                                           ms_text(percentile_of(l, 95)),
                                           ms_text(percentile_of(l, 99)),
                                           ms_text(l.min),
                                           ms_text(l.max),
                                           fps_text(row.stats.mean_fps)};
      for (int c = 0; c < kColumns; ++c)
        body += fmt::format("set label {} at screen {}, screen {} right\n",
                            gnuplot::quote(cells[static_cast<std::size_t>(c)]), x_of(c), y);
    }
    body += fmt::format("set label {} at screen {}, screen {} left tc rgb \"#555555\" font \",9\"\n",
                        gnuplot::quote(fmt::format(
                            "Percentiles: {} interpolation (numpy); std: {}; FPS = batch x 1000 / mean "
                            "latency",
                            stats::kPercentileMethod, stats::kStdMethod)),
                        left / width, screen_y(table_top + (n + 1) * kRow + 16, height));
    body += "plot -1 notitle\nunset multiplot\n";
    return gnuplot::render(dir, name, {width, height}, body, options);
  });
}

ChartFiles write_gpu_utilization(const fs::path& dir, const result::Result& result,
                                 const ChartOptions& options) {
  const std::string name = "gpu_utilization";
  struct Panel {
    const char* series;
    const char* label;
    bool percent;
  };
  const std::vector<Panel> wanted{{"gpu_util", "GPU util (%)", true},
                                  {"mem_util", "Memory util (%)", true},
                                  {"vram_used", "VRAM used (MiB)", false},
                                  {"sm_clock", "SM clock (MHz)", false},
                                  {"power", "Power (W)", false}};
  std::vector<const result::Run*> runs;
  std::vector<std::size_t> colours;  // each run's index in the result
  double t_max = 0;
  for (std::size_t i = 0; i < result.runs.size(); ++i) {
    const auto& run = result.runs[i];
    if (!run.telemetry || run.telemetry->time_s.empty()) continue;
    runs.push_back(&run);
    colours.push_back(i);
    for (const double t : run.telemetry->time_s) {
      if (std::isfinite(t)) t_max = std::max(t_max, t);
    }
  }
  if (runs.empty()) return gnuplot::not_drawn(dir, name, "no run has GPU telemetry");
  // A panel only for a metric some run has a value of (a GPU may not support power or memory utilisation).
  std::vector<Panel> panels;
  for (const auto& panel : wanted) {
    const bool any = std::any_of(runs.begin(), runs.end(), [&](const result::Run* run) {
      const auto* series = find_series(*run, panel.series);
      return series != nullptr && std::any_of(series->values.begin(), series->values.end(),
                                              [](double v) { return std::isfinite(v); });
    });
    if (any) panels.push_back(panel);
  }
  if (panels.empty())
    return gnuplot::not_drawn(dir, name, "the telemetry holds no value of a plotted metric");
  if (!(t_max > 0)) t_max = 1;

  return gnuplot::guarded(dir, name, [&] {
    std::string data =
        "# telemetry pass of each run, one block per run (gnuplot index 0, 1, ...); NaN = no value\n";
    data += "# time_s";
    for (const auto& panel : panels) data += std::string(" ") + panel.series;
    data += "\n";
    for (const auto* run : runs) {
      data += fmt::format("# {}\n", run->name);
      const auto& time = run->telemetry->time_s;
      std::vector<const result::MetricSeries*> columns;
      for (const auto& panel : panels) columns.push_back(find_series(*run, panel.series));
      for (std::size_t i = 0; i < time.size(); ++i) {
        data += gnuplot::number(time[i]);
        for (const auto* column : columns) {
          data += fmt::format(
              " {}",
              gnuplot::number(column != nullptr && i < column->values.size() ? column->values[i] : NAN));
        }
        data += "\n";
      }
      data += "\n\n";
    }
    io::write_file_atomically(dir / (name + ".dat"), data);

    // The key sits right of the panels, as wide as the longest name needs (gnuplot drops a key that does not
    // fit).
    std::size_t longest = 8;
    for (const auto* run : runs)
      longest = std::max(longest, std::min<std::size_t>(text_columns(run->name), 26));
    const int key_room = static_cast<int>(longest) * 7 + 80;
    const int kWidth = 900 + key_room;
    constexpr int kTop = 60;
    constexpr int kPanel = 165;
    constexpr int kGap = 14;
    const int count = static_cast<int>(panels.size());
    const int height = kTop + count * kPanel + (count - 1) * kGap + 60;
    const auto& first = *runs.front()->telemetry;
    std::string subtitle = fmt::format("{} telemetry pass, sampled every {:g} s (NVML GPU {})", first.pass,
                                       first.interval_s, first.gpu_index);
    if (runs.size() > 1) subtitle += "; each run's own pass, time from its start";
    std::string body = fmt::format(
        "set multiplot\n"
        "set label 1 {} at screen 0.5, screen {} center font \",14\"\n"
        "set label 2 {} at screen 0.5, screen {} center tc rgb \"#555555\"\n"
        "set lmargin at screen {}\n"
        "set rmargin at screen {}\n"
        "set xrange [0:{}]\n"
        "set grid xtics ytics\n",
        gnuplot::quote(options.title.empty() ? "GPU utilization" : options.title), screen_y(22, height),
        gnuplot::quote(subtitle), screen_y(44, height), 90.0 / kWidth, (kWidth - key_room - 10.0) / kWidth,
        gnuplot::number(t_max));
    for (int p = 0; p < count; ++p) {
      const auto& panel = panels[static_cast<std::size_t>(p)];
      const int top = kTop + p * (kPanel + kGap);
      body += fmt::format("set tmargin at screen {}\nset bmargin at screen {}\nset ylabel {}\n",
                          screen_y(top, height), screen_y(top + kPanel, height), gnuplot::quote(panel.label));
      if (panel.percent) {
        body += "set yrange [0:105]\nset ytics 0, 20, 100\n";
      } else {
        // From zero: a flat 1803 MB or 1980 MHz must not fill the panel as if it moved (autoscale zooms into
        // a 2 MB wobble); the exact numbers are in the summary.
        double high = 0;
        for (const auto* run : runs) {
          if (const auto* series = find_series(*run, panel.series)) {
            for (const double v : series->values) {
              if (std::isfinite(v)) high = std::max(high, v);
            }
          }
        }
        body += "set yrange [0:*]\nset offsets 0, 0, graph 0.08, 0\n";
        body += high > 0 ? fmt::format("set ytics {}\n", gnuplot::number(nice_step(high)))
                         : "set ytics autofreq\n";
      }
      if (p == count - 1) {
        body += "set format x \"%g\"\nset xlabel \"time (s)\"\n";
      } else {
        body += "set format x \"\"\nunset xlabel\n";
      }
      if (p == 0) {
        body += fmt::format("set key at screen {}, screen {} left top Left reverse\n",
                            (kWidth - key_room + 5.0) / kWidth, screen_y(top, height));
      } else {
        body += "unset key\n";
      }
      if (p == 1) body += "unset label\n";  // the titles are drawn once, with the first panel
      body += "plot ";
      for (std::size_t r = 0; r < runs.size(); ++r) {
        if (r > 0) body += ", \\\n     ";
        body += fmt::format("\"{}.dat\" index {} using 1:{} with lines lw 1.8 lc rgb \"{}\" title {}", name,
                            r, p + 2, gnuplot::series_colour(colours[r]),
                            gnuplot::quote(shorten(runs[r]->name, 26)));
      }
      body += "\nset offsets 0, 0, 0, 0\n";
    }
    body += "unset multiplot\n";
    return gnuplot::render(dir, name, {kWidth, height}, body, options);
  });
}

}  // namespace ib::report
