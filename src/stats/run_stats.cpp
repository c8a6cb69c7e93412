#include "stats/run_stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include "stats/quantile_ci.hpp"
#include "stats/summary.hpp"

namespace ib::stats {
namespace {

// Above this coefficient of variation a single run's percentiles move noticeably between runs.
constexpr double kNoisyCv = 0.10;
// The host is the bottleneck when issuing the work takes about as long as the device needs to run it.
constexpr double kHostBoundRatio = 0.8;

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

// The breakdown pass's means: stages sum, wall latency, gap, and what the events cost (the breakdown pass's
// mean latency less the speed pass's).
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

std::vector<result::StageSummary> stage_summaries(const result::Samples& s, std::span<const double> ps) {
  const std::pair<const char*, const std::vector<double>*> series[] = {{"enqueue_ms", &s.enqueue_ms},
                                                                       {"h2d_ms", &s.h2d_ms},
                                                                       {"compute_ms", &s.compute_ms},
                                                                       {"d2h_ms", &s.d2h_ms}};
  std::vector<result::StageSummary> out;
  for (const auto& [name, values] : series) {
    const std::vector<double> kept = finite(*values);
    if (!kept.empty()) out.push_back({name, summarize(kept, ps)});
  }
  return out;
}

std::vector<result::PercentileInterval> intervals_of(
    std::span<const double> sorted, const std::vector<result::PercentileInterval>& recorded) {
  std::vector<result::PercentileInterval> out;
  for (const auto& r : recorded) {
    result::PercentileInterval interval{r.p, r.confidence, false, 0, 0};
    // A hand-edited file may hold any p or confidence; quantile_ci() takes only open ranges.
    if (r.p > 0 && r.p < 100 && r.confidence > 0 && r.confidence < 1) {
      const QuantileInterval ci = quantile_ci(sorted, r.p, r.confidence);
      interval = {r.p, r.confidence, ci.available, ci.lower, ci.upper};
    }
    out.push_back(interval);
  }
  return out;
}

// The usual rule: percentile p says something about the tail only with n >= 100 / (100 - p) samples, i.e.
// when at least one sample is expected above it (p99: 100, p99.9: 1000).
std::size_t samples_needed_for(double p) {
  if (p >= 100.0) return 1;
  return static_cast<std::size_t>(std::ceil(100.0 / (100.0 - p) - 1e-9));
}

}  // namespace

void set_rates(RunStats& stats, const result::Run& run) {
  stats.batch = std::max<std::int64_t>(run.config.batch, 1);
  const auto batch = static_cast<double>(stats.batch);
  stats.mean_fps = stats.latency.mean > 0 ? batch * 1000.0 / stats.latency.mean : NAN;
  stats.median_fps = stats.latency.median > 0 ? batch * 1000.0 / stats.latency.median : NAN;
}

std::vector<double> finite_latencies(const result::Run& run) {
  return finite(run.samples.latency_ms);
}

std::optional<RunStats> run_stats(const result::Run& run, std::span<const double> percentiles) {
  std::vector<double> values = finite_latencies(run);
  if (values.empty()) return std::nullopt;
  RunStats stats;
  stats.latency = summarize(values, percentiles);
  set_rates(stats, run);
  if (run.samples.timed_wall_s > 0)
    stats.inferences_per_s =
        static_cast<double>(values.size()) * static_cast<double>(stats.batch) / run.samples.timed_wall_s;
  std::sort(values.begin(), values.end());
  stats.intervals = intervals_of(values, run.latency_intervals);
  stats.stages = stage_summaries(run.samples, percentiles);
  stats.breakdown = breakdown_from_samples(run.samples, stats.latency.mean);
  if (!stats.breakdown) stats.breakdown = stored_breakdown(run);
  return stats;
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

void store_run_stats(result::Run& run) {
  run.latency.reset();
  run.throughput.reset();
  run.stages.clear();
  run.breakdown.reset();
  run.latency_intervals.clear();
  for (const double p : kIntervalPercentiles)
    run.latency_intervals.push_back({p, kIntervalConfidence, false, 0, 0});
  const auto stats = run_stats(run, run.config.percentiles);
  if (!stats) {
    run.latency_intervals.clear();
    return;
  }
  run.latency = stats->latency;
  run.latency_intervals = stats->intervals;
  run.stages = stats->stages;
  if (stats->breakdown) run.breakdown = stats->breakdown->totals;
  result::Throughput throughput;
  throughput.fps = std::isfinite(stats->mean_fps) ? stats->mean_fps : 0.0;
  throughput.inferences_per_s = stats->inferences_per_s.value_or(0.0);
  run.throughput = throughput;
}

std::optional<result::Warning> high_cv_warning(const Summary& latency) {
  if (!(latency.cv > kNoisyCv)) return std::nullopt;
  return result::Warning{result::WarningKind::high_cv, {{"cv", latency.cv}}, {}};
}

std::vector<result::Warning> stats_warnings(const result::Run& run) {
  std::vector<result::Warning> out;
  if (!run.latency) return out;
  const auto& ps = run.config.percentiles;
  if (!ps.empty()) {
    const double highest = *std::max_element(ps.begin(), ps.end());
    const std::size_t needed = samples_needed_for(highest);
    if (run.latency->count < needed) {
      out.push_back({result::WarningKind::too_few_samples,
                     {{"samples", static_cast<double>(run.latency->count)},
                      {"percentile", highest},
                      {"needed", static_cast<double>(needed)}},
                     {}});
    }
  }
  if (auto cv = high_cv_warning(*run.latency)) out.push_back(*std::move(cv));
  const auto compute = stored_stage_mean(run, "compute_ms");
  const double enqueue = stored_stage_mean(run, "enqueue_ms").value_or(0.0);
  if (compute && *compute > 0 && enqueue >= kHostBoundRatio * *compute) {
    out.push_back({result::WarningKind::host_bound, {{"enqueue_ms", enqueue}, {"compute_ms", *compute}}, {}});
  }
  return out;
}

void summarize_run(result::Run& run) {
  store_run_stats(run);
  const std::vector<result::Warning> warnings = stats_warnings(run);
  run.warnings.insert(run.warnings.end(), warnings.begin(), warnings.end());
}

}  // namespace ib::stats
