#pragma once
// The numbers every report shows for a run, derived the same way everywhere from the raw samples in the
// result (a summary stored beside them is derived too, and may lack a percentile a report wants).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "result/run_result.hpp"
#include "stats/summary.hpp"

namespace ib::report {

struct RunStats {
  stats::Summary latency;  ///< of the finite samples of the speed pass, ms
  double mean_fps = 0;     ///< batch * 1000 / mean latency (not the mean of per-iteration 1/t)
  double median_fps = 0;   ///< batch * 1000 / median latency
  std::int64_t batch = 1;
};

/// The speed pass's finite latency samples (a sample stored as null reads back as NaN), in order.
[[nodiscard]] std::vector<double> finite_latencies(const result::Run& run);

/// Statistics of the run's latency samples with these percentiles (0..100); nullopt without a finite sample.
[[nodiscard]] std::optional<RunStats> run_stats(const result::Run& run, std::span<const double> percentiles);

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
