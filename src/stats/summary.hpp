#pragma once
// Summary statistics of a sample series, as pure functions. Definitions (docs/methodology.md): population
// standard deviation (ddof = 0, numpy's default, which the Python scripts our users compare against use) and
// percentiles by linear interpolation between order statistics (numpy's default "linear", Hyndman & Fan type
// 7).
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "inferbench/summary.hpp"

namespace ib::stats {

inline constexpr const char* kPercentileMethod = "linear";
inline constexpr const char* kStdMethod = "population";

/// Default percentiles reported: p50, p90, p95, p99.
[[nodiscard]] std::vector<double> default_percentiles();

/// Percentile p (0..100) of already sorted values by linear interpolation: rank h = (n - 1) p / 100,
/// value = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]). Throws std::invalid_argument if empty or
/// p out of range.
[[nodiscard]] double percentile_linear_sorted(std::span<const double> sorted, double p);

/// Summary of `values` (any order). Throws std::invalid_argument when `values` is empty or a percentile is
/// outside 0..100.
[[nodiscard]] Summary summarize(std::span<const double> values, std::span<const double> percentiles);

/// Key used for a percentile in results and tables: 50 -> "p50", 99.9 -> "p99.9".
[[nodiscard]] std::string percentile_key(double p);

}  // namespace ib::stats
