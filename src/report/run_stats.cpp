#include "report/run_stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "stats/quantile_ci.hpp"
#include "stats/summary.hpp"

namespace ib::report {
namespace {

std::vector<double> finite(const std::vector<double>& series) {
  std::vector<double> values;
  values.reserve(series.size());
  for (const double v : series) {
    if (std::isfinite(v)) values.push_back(v);
  }
  return values;
}

std::optional<double> finite_mean(const std::vector<double>& series) {
  const std::vector<double> values = finite(series);
  if (values.empty()) return std::nullopt;
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

void set_rates(RunStats& stats, const result::Run& run) {
  stats.batch = std::max<std::int64_t>(run.config.batch, 1);
  const auto batch = static_cast<double>(stats.batch);
  stats.mean_fps = stats.latency.mean > 0 ? batch * 1000.0 / stats.latency.mean : NAN;
  stats.median_fps = stats.latency.median > 0 ? batch * 1000.0 / stats.latency.median : NAN;
}

// The breakdown pass's means, the way the runner derives them: stages sum, wall latency, gap, and what the
// events cost (the breakdown pass's mean latency less the speed pass's).
std::optional<BreakdownStats> breakdown_from_samples(const result::Samples& s, double speed_mean_ms) {
  const auto compute = finite_mean(s.compute_ms);
  const auto wall = finite_mean(s.breakdown_latency_ms);
  if (!compute || !wall) return std::nullopt;
  BreakdownStats b;
  b.enqueue_ms = finite_mean(s.enqueue_ms);
  b.h2d_ms = finite_mean(s.h2d_ms).value_or(0.0);
  b.compute_ms = *compute;
  b.d2h_ms = finite_mean(s.d2h_ms).value_or(0.0);
  b.totals.stages_mean_ms = b.h2d_ms + b.compute_ms + b.d2h_ms;
  b.totals.latency_mean_ms = *wall;
  b.totals.gap_ms = b.totals.latency_mean_ms - b.totals.stages_mean_ms;
  b.totals.gap_fraction = b.totals.latency_mean_ms > 0 ? b.totals.gap_ms / b.totals.latency_mean_ms : 0.0;
  b.totals.event_cost_ms = b.totals.latency_mean_ms - speed_mean_ms;
  return b;
}

std::optional<double> stored_stage_mean(const result::Run& run, const char* name) {
  for (const auto& stage : run.stages) {
    if (stage.name == name) return stage.summary.mean;
  }
  return std::nullopt;
}

std::optional<BreakdownStats> stored_breakdown(const result::Run& run) {
  if (!run.breakdown) return std::nullopt;
  BreakdownStats b;
  b.enqueue_ms = stored_stage_mean(run, "enqueue_ms");
  b.h2d_ms = stored_stage_mean(run, "h2d_ms").value_or(0.0);
  b.compute_ms = stored_stage_mean(run, "compute_ms").value_or(0.0);
  b.d2h_ms = stored_stage_mean(run, "d2h_ms").value_or(0.0);
  b.totals = *run.breakdown;
  b.from_samples = false;
  return b;
}

// Two numbers agree when both are absent/non-finite, or within a relative 1e-6 (a value written as float, or
// with fewer digits, still matches).
bool agree(double stored, double derived) {
  if (!std::isfinite(stored) || !std::isfinite(derived))
    return std::isfinite(stored) == std::isfinite(derived);
  return std::abs(stored - derived) <= 1e-6 * std::max(std::abs(stored), std::abs(derived)) + 1e-12;
}

struct Fields {
  std::vector<std::string> differing;
  void check(const std::string& name, double stored, double derived) {
    if (!agree(stored, derived))
      differing.push_back(fmt::format("{} {:.6g} vs {:.6g}", name, stored, derived));
  }
};

void check_latency(Fields& fields, const stats::Summary& stored, const stats::Summary& derived) {
  if (stored.count != derived.count)
    fields.differing.push_back(fmt::format("latency_ms.count {} vs {}", stored.count, derived.count));
  fields.check("latency_ms.mean", stored.mean, derived.mean);
  fields.check("latency_ms.std", stored.std, derived.std);
  fields.check("latency_ms.cv", stored.cv, derived.cv);
  fields.check("latency_ms.min", stored.min, derived.min);
  fields.check("latency_ms.max", stored.max, derived.max);
  fields.check("latency_ms.median", stored.median, derived.median);
  for (const auto& q : stored.percentiles)
    fields.check("latency_ms." + stats::percentile_key(q.p), q.value, percentile_of(derived, q.p));
}

void check_rest(Fields& fields, const result::Run& run, const RunStats& derived) {
  if (run.throughput) {
    fields.check("throughput.fps", run.throughput->fps, derived.mean_fps);
    if (derived.inferences_per_s)
      fields.check("throughput.inferences_per_s", run.throughput->inferences_per_s,
                   *derived.inferences_per_s);
  }
  for (std::size_t i = 0; i < run.latency_intervals.size() && i < derived.intervals.size(); ++i) {
    const auto& s = run.latency_intervals[i];
    const auto& d = derived.intervals[i];
    const std::string key = "latency_ms.ci95." + stats::percentile_key(s.p);
    if (s.available != d.available) {
      fields.differing.push_back(fmt::format("{} {} vs {}", key, s.available ? "available" : "not available",
                                             d.available ? "available" : "not available"));
    } else if (s.available) {
      fields.check(key + ".lower", s.lower, d.lower);
      fields.check(key + ".upper", s.upper, d.upper);
    }
  }
  const auto stored = stored_breakdown(run);
  if (stored && derived.breakdown && derived.breakdown->from_samples) {
    const auto& b = *derived.breakdown;
    for (const auto& [name, value] : {std::pair{"h2d_ms", b.h2d_ms}, std::pair{"compute_ms", b.compute_ms},
                                      std::pair{"d2h_ms", b.d2h_ms}}) {
      if (const auto mean = stored_stage_mean(run, name))
        fields.check(fmt::format("{}.mean", name), *mean, value);
    }
    if (stored->enqueue_ms && b.enqueue_ms)
      fields.check("enqueue_ms.mean", *stored->enqueue_ms, *b.enqueue_ms);
    fields.check("breakdown.latency_mean_ms", stored->totals.latency_mean_ms, b.totals.latency_mean_ms);
    fields.check("breakdown.event_cost_ms", stored->totals.event_cost_ms, b.totals.event_cost_ms);
  }
}

}  // namespace

std::vector<double> finite_latencies(const result::Run& run) {
  return finite(run.samples.latency_ms);
}

std::optional<RunStats> run_stats(const result::Run& run, std::span<const double> percentiles) {
  std::vector<double> values = finite_latencies(run);
  if (values.empty()) return std::nullopt;
  RunStats stats;
  stats.latency = stats::summarize(values, percentiles);
  set_rates(stats, run);
  if (run.samples.timed_wall_s > 0)
    stats.inferences_per_s =
        static_cast<double>(values.size()) * static_cast<double>(stats.batch) / run.samples.timed_wall_s;
  std::sort(values.begin(), values.end());
  for (const auto& recorded : run.latency_intervals) {
    result::PercentileInterval interval{recorded.p, recorded.confidence, false, 0, 0};
    // A hand-edited file may hold any p or confidence; quantile_ci() takes only open ranges.
    if (recorded.p > 0 && recorded.p < 100 && recorded.confidence > 0 && recorded.confidence < 1) {
      const stats::QuantileInterval ci = stats::quantile_ci(values, recorded.p, recorded.confidence);
      interval = {recorded.p, recorded.confidence, ci.available, ci.lower, ci.upper};
    }
    stats.intervals.push_back(interval);
  }
  stats.breakdown = breakdown_from_samples(run.samples, stats.latency.mean);
  if (!stats.breakdown) stats.breakdown = stored_breakdown(run);
  return stats;
}

std::optional<RunStats> shown_stats(const result::Run& run, std::span<const double> percentiles) {
  if (auto derived = run_stats(run, percentiles)) return derived;
  if (!run.latency) return std::nullopt;
  RunStats stats;
  stats.from_samples = false;
  stats.latency = *run.latency;
  // The percentiles asked for, in that order; one not stored is NaN, shown as "-".
  stats.latency.percentiles.clear();
  for (const double p : percentiles) stats.latency.percentiles.push_back({p, percentile_of(*run.latency, p)});
  set_rates(stats, run);
  if (run.throughput) stats.inferences_per_s = run.throughput->inferences_per_s;
  stats.intervals = run.latency_intervals;
  stats.breakdown = stored_breakdown(run);
  return stats;
}

std::optional<std::string> stored_stats_mismatch(const result::Run& run) {
  if (!run.latency) return std::nullopt;
  std::vector<double> stored_ps;
  for (const auto& q : run.latency->percentiles) stored_ps.push_back(q.p);
  const auto derived = run_stats(run, stored_ps);
  if (!derived) {
    return fmt::format(
        "run '{}': the result holds stats but no latency samples; reports show the stored stats, which "
        "cannot be checked",
        run.name);
  }
  Fields fields;
  check_latency(fields, *run.latency, derived->latency);
  check_rest(fields, run, *derived);
  if (fields.differing.empty()) return std::nullopt;
  return fmt::format(
      "run '{}': stored stats disagree with its samples (stored vs samples: {}); reports show the values of "
      "the samples",
      run.name, fmt::join(fields.differing, ", "));
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
