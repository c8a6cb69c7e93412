#pragma once
// The one derivation of a run's numbers from the raw samples in its result: latency summary, percentile
// confidence intervals, stage summaries and breakdown, FPS and throughput. The runner and the trtexec reader
// store it in the run (store_run_stats); reports recompute it from the samples (report/run_stats.hpp says
// what they show when a run has none). Pure functions: another tool can recompute the same numbers.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "inferbench/result.hpp"
#include "inferbench/summary.hpp"

namespace ib::stats {

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
  Summary latency;        ///< of the finite samples of the speed pass, ms
  double mean_fps = 0;    ///< batch * 1000 / mean latency (not the mean of per-iteration 1/t); NaN at mean 0
  double median_fps = 0;  ///< batch * 1000 / median latency
  std::int64_t batch = 1;
  std::optional<double> inferences_per_s;  ///< count * batch / timed wall time; absent without a wall time
  /// The run's percentile confidence intervals (the p and confidence it recorded), from the samples.
  std::vector<result::PercentileInterval> intervals;
  /// enqueue_ms, h2d_ms, compute_ms, d2h_ms: each series the run recorded, of its finite values.
  std::vector<result::StageSummary> stages;
  std::optional<BreakdownStats> breakdown;  ///< where the run has a breakdown pass
  /// false: the run has no samples and these are its stored stats, shown unchecked.
  bool from_samples = true;
};

/// Percentiles whose 95% confidence intervals every run stores.
inline constexpr double kIntervalPercentiles[] = {50.0, 99.0};
inline constexpr double kIntervalConfidence = 0.95;

/// The speed pass's finite latency samples (a sample stored as null reads back as NaN), in order.
[[nodiscard]] std::vector<double> finite_latencies(const result::Run& run);

/// Statistics of the run's samples with these percentiles (0..100), intervals at the run's recorded p and
/// confidence; the stored breakdown when the run kept no breakdown samples. nullopt without a finite
/// latency sample.
[[nodiscard]] std::optional<RunStats> run_stats(const result::Run& run, std::span<const double> percentiles);

/// The batch (at least 1) and the FPS of stats.latency: the one place FPS is computed.
void set_rates(RunStats& stats, const result::Run& run);

/// The run's stored breakdown with its stored stage means (from_samples false); nullopt when it has none.
[[nodiscard]] std::optional<BreakdownStats> stored_breakdown(const result::Run& run);

/// The stored mean of one stage series ("h2d_ms"), when the run stores it.
[[nodiscard]] std::optional<double> stored_stage_mean(const result::Run& run, const char* name);

/// Fills the run's stored summary from run_stats() with its configured percentiles and the p50/p99 95%
/// intervals: latency, latency_intervals, stages, breakdown, throughput (all cleared without a sample).
void store_run_stats(result::Run& run);

/// What the stored summary says about the run's trustworthiness: too few samples for the highest percentile,
/// high CV, host-bound (enqueue mean >= 0.8 x compute mean). Call after store_run_stats().
[[nodiscard]] std::vector<result::Warning> stats_warnings(const result::Run& run);

/// The high-CV warning, when the latency's CV is above 10%.
[[nodiscard]] std::optional<result::Warning> high_cv_warning(const Summary& latency);

/// store_run_stats() and then the run's stats_warnings() appended to its warnings.
void summarize_run(result::Run& run);

}  // namespace ib::stats
