#pragma once
// The numbers every report shows for a run (console table, summary.csv, summary.md, figures), derived in one
// place from the raw samples in the result. A result also stores a summary beside its samples; reports do not
// show it, they recompute it (it may lack a percentile a report wants, and a hand-edited or foreign file may
// disagree with its own samples: stored_stats_mismatch() says where). A run that has no samples but stored
// stats (a summary-only file) is shown with its stored numbers, marked as such everywhere.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "inferbench/result.hpp"
#include "stats/summary.hpp"

namespace ib::report {

/// Means of the breakdown pass (CUDA events), ms.
struct BreakdownStats {
  std::optional<double> enqueue_ms;  ///< absent when the run recorded no enqueue times
  double h2d_ms = 0;
  double compute_ms = 0;
  double d2h_ms = 0;
  result::Breakdown totals;  ///< stages sum, the pass's wall latency mean, gap, and the events' cost
  bool from_samples = true;  ///< false: the run kept no breakdown samples; these are its stored stats
};

struct RunStats {
  stats::Summary latency;  ///< of the finite samples of the speed pass, ms
  double mean_fps = 0;     ///< batch * 1000 / mean latency (not the mean of per-iteration 1/t)
  double median_fps = 0;   ///< batch * 1000 / median latency
  std::int64_t batch = 1;
  std::optional<double> inferences_per_s;  ///< count * batch / timed wall time; absent without a wall time
  /// The run's percentile confidence intervals (the p and confidence it recorded), from the samples.
  std::vector<result::PercentileInterval> intervals;
  std::optional<BreakdownStats> breakdown;  ///< where the run has a breakdown pass
  /// false: the run has no samples and these are its stored stats, shown unchecked.
  bool from_samples = true;
};

/// The speed pass's finite latency samples (a sample stored as null reads back as NaN), in order.
[[nodiscard]] std::vector<double> finite_latencies(const result::Run& run);

/// The one derivation: statistics of the run's samples with these percentiles (0..100); nullopt without a
/// finite latency sample.
[[nodiscard]] std::optional<RunStats> run_stats(const result::Run& run, std::span<const double> percentiles);

/// What reports show: run_stats(); for a run without samples, its stored stats (from_samples false) when it
/// has any; nullopt when it has neither.
[[nodiscard]] std::optional<RunStats> shown_stats(const result::Run& run,
                                                  std::span<const double> percentiles);

/// Where the run's stored stats disagree with its samples, one line for the user's terminal: "run 'NAME':
/// stored stats disagree with its samples (latency_ms.mean 5 vs 2, ...); reports show the samples' values",
/// or, for a run with stored stats and no samples, that they are shown as stored and cannot be checked.
/// Empty when they agree (relative tolerance 1e-6, for numbers that went through a float or short text).
[[nodiscard]] std::optional<std::string> stored_stats_mismatch(const result::Run& run);

/// The value of percentile p in a summary made with it; NaN when it was not asked for.
[[nodiscard]] double percentile_of(const stats::Summary& summary, double p);

/// The union of every run's configured percentiles, in first-seen order; the defaults when none is
/// configured.
[[nodiscard]] std::vector<double> result_percentiles(const result::Result& result);

/// A telemetry metric's summary by name (gpu_util, power, ...), when the run has one.
[[nodiscard]] const result::MetricSummary* find_metric(const result::Run& run, const std::string& name);

/// A telemetry series by name, when the run has telemetry with it.
[[nodiscard]] const result::MetricSeries* find_series(const result::Run& run, const std::string& name);

}  // namespace ib::report
