#include "report/run_stats.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "stats/summary.hpp"

namespace ib::report {
namespace {

using stats::stored_breakdown;
using stats::stored_stage_mean;

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

std::optional<RunStats> shown_stats(const result::Run& run, std::span<const double> percentiles) {
  if (auto derived = run_stats(run, percentiles)) return derived;
  if (!run.latency) return std::nullopt;
  RunStats stats;
  stats.from_samples = false;
  stats.latency = *run.latency;
  // The percentiles asked for, in that order; one not stored is NaN, shown as "-".
  stats.latency.percentiles.clear();
  for (const double p : percentiles) stats.latency.percentiles.push_back({p, percentile_of(*run.latency, p)});
  stats::set_rates(stats, run);
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
