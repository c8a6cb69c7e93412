#include "report/html_data.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "report/run_stats.hpp"
#include "stats/quantile_ci.hpp"
#include "stats/summary.hpp"

namespace ib::report {
namespace {

using nlohmann::json;

json number_or_null(double value) {
  return std::isfinite(value) ? json(value) : json(nullptr);
}

std::vector<double> curve_percentiles(std::size_t samples) {
  std::vector<double> ps;
  for (int p = 0; p <= 90; p += 5) ps.push_back(p);
  for (int p = 91; p <= 99; ++p) ps.push_back(p);
  // A tail percentile is shown once there are enough samples to have seen it at all.
  for (const double p : {99.5, 99.9, 99.99}) {
    if (static_cast<double>(samples) * (1.0 - p / 100.0) >= 1.0 - 1e-9) ps.push_back(p);
  }
  return ps;
}

json telemetry_data(const result::Telemetry& telemetry) {
  json series = json::array();
  for (const auto& s : telemetry.series) {
    json values = json::array();
    for (const double v : s.values) values.push_back(number_or_null(v));
    series.push_back({{"name", s.name}, {"unit", s.unit}, {"values", std::move(values)}});
  }
  return {{"pass", telemetry.pass}, {"t", telemetry.time_s}, {"series", std::move(series)}};
}

json run_data(const LabelledRun& labelled) {
  const result::Run& run = *labelled.run;
  const auto stats = shown_stats(run, std::vector<double>{50.0});
  return {{"label", labelled.label},
          {"model", run.model.path},
          {"backend", run.backend},
          {"precision", run.config.dtype},
          {"batch", run.config.batch},
          {"streams", run.config.streams},
          {"median_ms", stats ? number_or_null(stats->latency.median) : json(nullptr)},
          {"median_fps", stats ? number_or_null(stats->median_fps) : json(nullptr)},
          {"latency", latency_timeline(run)},
          {"percentiles", percentile_curve(run)},
          {"telemetry", run.telemetry ? telemetry_data(*run.telemetry) : json(nullptr)}};
}

}  // namespace

json latency_timeline(const result::Run& run) {
  const std::vector<double> ms = finite_latencies(run);
  if (ms.empty()) return nullptr;
  const double total_s = std::accumulate(ms.begin(), ms.end(), 0.0) / 1000.0;
  const double wall_s = run.samples.timed_wall_s > 0 ? run.samples.timed_wall_s : total_s;
  const double scale = total_s > 0 ? wall_s / total_s : 1.0;
  const std::size_t bucket = (ms.size() + kMaxTimelinePoints - 1) / kMaxTimelinePoints;
  std::vector<double> t;
  std::vector<double> shown;
  double elapsed_s = 0;
  for (std::size_t start = 0; start < ms.size(); start += bucket) {
    const std::size_t end = std::min(ms.size(), start + bucket);
    const auto slowest = std::max_element(ms.begin() + static_cast<std::ptrdiff_t>(start),
                                          ms.begin() + static_cast<std::ptrdiff_t>(end));
    for (std::size_t i = start; i < end; ++i) elapsed_s += ms[i] / 1000.0 * scale;
    t.push_back(elapsed_s);
    shown.push_back(*slowest);
  }
  return {{"t", t}, {"ms", shown}, {"bucket", bucket}, {"count", ms.size()}};
}

json percentile_curve(const result::Run& run) {
  std::vector<double> sorted = finite_latencies(run);
  if (sorted.empty()) return nullptr;
  std::sort(sorted.begin(), sorted.end());
  json p = json::array();
  json ms = json::array();
  json lo = json::array();
  json hi = json::array();
  for (const double percentile : curve_percentiles(sorted.size())) {
    p.push_back(percentile);
    ms.push_back(stats::percentile_linear_sorted(sorted, percentile));
    const bool inside = percentile > 0 && percentile < 100;
    const auto interval = inside ? stats::quantile_ci(sorted, percentile) : stats::QuantileInterval{};
    lo.push_back(interval.available ? json(interval.lower) : json(nullptr));
    hi.push_back(interval.available ? json(interval.upper) : json(nullptr));
  }
  return {{"p", p}, {"ms", ms}, {"lo", lo}, {"hi", hi}};
}

json html_chart_data(const std::vector<LabelledRun>& runs) {
  json out = json::array();
  for (const auto& run : runs) out.push_back(run_data(run));
  return {{"runs", std::move(out)}};
}

}  // namespace ib::report
