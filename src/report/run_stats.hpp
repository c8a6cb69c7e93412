#pragma once
// The numbers every report shows for a run (console table, summary.csv, summary.md, figures), derived by
// stats::run_stats() from the raw samples in the result. A result also stores a summary beside its samples;
// reports do not show it, they recompute it (it may lack a percentile a report wants, and a hand-edited or
// foreign file may disagree with its own samples: stored_stats_mismatch() says where). A run that has no
// samples but stored stats (a summary-only file) is shown with its stored numbers, marked as such everywhere.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "inferbench/result.hpp"
#include "stats/run_stats.hpp"
#include "stats/summary.hpp"

namespace ib::report {

// The derivation itself is stats::run_stats(); reports name it as before.
using stats::BreakdownStats;
using stats::finite_latencies;
using stats::run_stats;
using stats::RunStats;

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
