#include "report/run_stats.hpp"

#include <algorithm>
#include <cmath>

namespace ib::report {

std::vector<double> finite_latencies(const result::Run& run) {
  std::vector<double> values;
  values.reserve(run.samples.latency_ms.size());
  for (const double v : run.samples.latency_ms) {
    if (std::isfinite(v)) values.push_back(v);
  }
  return values;
}

std::optional<RunStats> run_stats(const result::Run& run, std::span<const double> percentiles) {
  const std::vector<double> values = finite_latencies(run);
  if (values.empty()) return std::nullopt;
  RunStats stats;
  stats.latency = stats::summarize(values, percentiles);
  stats.batch = std::max<std::int64_t>(run.config.batch, 1);
  const auto batch = static_cast<double>(stats.batch);
  stats.mean_fps = stats.latency.mean > 0 ? batch * 1000.0 / stats.latency.mean : NAN;
  stats.median_fps = stats.latency.median > 0 ? batch * 1000.0 / stats.latency.median : NAN;
  return stats;
}

double percentile_of(const stats::Summary& summary, double p) {
  for (const auto& q : summary.percentiles) {
    if (q.p == p) return q.value;
  }
  return NAN;
}

std::vector<double> result_percentiles(const result::Result& result) {
  std::vector<double> columns;
  for (const auto& run : result.runs) {
    for (const double p : run.config.percentiles) {
      if (std::find(columns.begin(), columns.end(), p) == columns.end()) columns.push_back(p);
    }
  }
  return columns.empty() ? stats::default_percentiles() : columns;
}

const result::MetricSummary* find_metric(const result::Run& run, const std::string& name) {
  if (!run.telemetry_summary) return nullptr;
  for (const auto& metric : run.telemetry_summary->metrics) {
    if (metric.name == name) return &metric;
  }
  return nullptr;
}

const result::MetricSeries* find_series(const result::Run& run, const std::string& name) {
  if (!run.telemetry) return nullptr;
  for (const auto& series : run.telemetry->series) {
    if (series.name == name) return &series;
  }
  return nullptr;
}

}  // namespace ib::report
