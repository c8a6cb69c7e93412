#pragma once
// Is a new set of latency samples slower than a base set, or is the difference noise? Pure functions over
// spans, used by `inferbench compare` (docs/reports.md, "compare"). Two views of the same question:
// - the Mann-Whitney U test (Wilcoxon rank-sum): do the two samples come from one distribution? Rank-based,
//   so a few huge outliers do not dominate it, and no normality is assumed (latency distributions are skewed
//   and often multi-modal);
// - a bootstrap confidence interval of the difference of medians (new - base), in the samples' unit: how big
//   the change is.
// Both assume independent samples. Latency samples of one run are not quite independent (clock and thermal
// drift, background load), so p-values are optimistic for long runs; the verdict therefore also asks the
// median's interval to exclude zero.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace ib::stats {

struct MannWhitney {
  std::size_t n_base = 0;
  std::size_t n_new = 0;
  double u_base = 0;  ///< U of the base sample: pairs (b, n) with b > n, ties counted 1/2
  double u_new = 0;   ///< U of the new sample; u_base + u_new = n_base * n_new
  /// P(new > base) + P(new = base) / 2 for one value drawn from each: 0.5 = no tendency, > 0.5 = new larger.
  double probability_new_greater = 0.5;
  double z = 0;  ///< normal approximation, with tie and continuity corrections, signed like u_new - mean
  double p_value = 1;  ///< two-sided
};

/// Mann-Whitney U test with the normal approximation (what scipy.stats.mannwhitneyu(base, new,
/// method="asymptotic") computes, continuity correction included): average ranks for ties, mean n1 n2 / 2,
/// variance n1 n2 / 12 ((n + 1) - sum(t^3 - t) / (n (n - 1))) over tie groups of size t, z = (|U - mean| -
/// 0.5) / sd (0 when negative), p = 2 (1 - Phi(|z|)) capped at 1; all values equal gives p = 1. The normal
/// approximation is fair from about 20 samples a side. Throws std::invalid_argument when either span is
/// empty or holds a non-finite value.
[[nodiscard]] MannWhitney mann_whitney_u(std::span<const double> base, std::span<const double> new_samples);

struct MedianDifference {
  double estimate = 0;  ///< median(new) - median(base), numpy-linear medians
  double lower = 0;     ///< bootstrap percentile interval of that difference
  double upper = 0;
  double confidence = 0.95;
  std::size_t resamples = 0;
};

/// Percentile bootstrap confidence interval of median(new) - median(base): `resamples` times, both samples
/// are redrawn with replacement (each keeping its size) and the difference of their medians taken; the
/// interval is the (1 - confidence) / 2 and (1 + confidence) / 2 percentiles (linear) of those differences.
/// The generator is splitmix64 from `seed`, so a result is reproducible on every platform. Costs O(resamples
/// * n). Throws std::invalid_argument for an empty or non-finite sample, resamples < 1 or confidence outside
/// (0, 1).
[[nodiscard]] MedianDifference bootstrap_median_difference(std::span<const double> base,
                                                           std::span<const double> new_samples,
                                                           double confidence = 0.95,
                                                           std::size_t resamples = 2000,
                                                           std::uint64_t seed = 0x5eed1a7e9c1b0a5dULL);

enum class Change { faster, slower, no_change };

/// "faster", "slower", "no significant change".
[[nodiscard]] std::string change_name(Change change);

struct LatencyComparison {
  MannWhitney test;
  MedianDifference median;
  double alpha = 0.05;
  Change change = Change::no_change;
};

/// The verdict on latency samples (lower is better): slower when the U test rejects "same distribution" at
/// `alpha` and the median difference's interval (at 1 - alpha) lies wholly above zero; faster when it lies
/// wholly below; else no significant change. Throws like the two functions above.
[[nodiscard]] LatencyComparison compare_latency(std::span<const double> base,
                                                std::span<const double> new_samples, double alpha = 0.05,
                                                std::size_t resamples = 2000);

}  // namespace ib::stats
