#pragma once
// Distribution-free confidence interval of a quantile from order statistics. For n independent samples of a
// continuous distribution, the number K of samples at or below the true q-quantile Q_q is Binomial(n, q),
// whatever the distribution; with 1-based order statistics x_(1) <= ... <= x_(n), P(x_(l) <= Q_q <= x_(u)) =
// P(l <= K <= u - 1). So two ranks chosen from the binomial give an interval with a guaranteed coverage (at
// least the confidence asked for; exactly, for continuous data), with no assumption about the latency
// distribution's shape and no resampling (unlike a bootstrap, the result is deterministic and costs O(log n)
// binomial CDF evaluations on sorted samples). The rule that picks the ranks is documented on quantile_ci()
// and in docs/methodology.md.
#include <cstddef>
#include <span>

namespace ib::stats {

/// A confidence interval [lower, upper] for the p-th percentile, made of two order statistics of the samples.
struct QuantileInterval {
  double p = 0;           ///< percentile, in (0, 100)
  double lower = 0;       ///< x_(lower_rank), in the samples' unit; 0 when not available
  double upper = 0;       ///< x_(upper_rank); 0 when not available
  double confidence = 0;  ///< the confidence asked for, e.g. 0.95
  double coverage =
      0;  ///< exact P(x_(l) <= Q_p <= x_(u)) of the chosen ranks (>= confidence); 0 when not available
  bool available = false;      ///< false when n is too small for any interval at this confidence
  std::size_t lower_rank = 0;  ///< l, 1-based rank into the sorted samples; 0 when not available
  std::size_t upper_rank = 0;  ///< u, 1-based, l < u <= n; 0 when not available
  bool operator==(const QuantileInterval&) const = default;
};

/// Confidence interval of the p-th percentile (0 < p < 100) of the population the sorted samples come from.
///
/// Rule (q = p / 100, alpha = 1 - confidence, K ~ Binomial(n, q), 1-based order statistics x_(1..n)):
/// the interval [x_(l), x_(u)] lies wholly below Q_q when K >= u and wholly above it when K <= l - 1. Each of
/// the two misses gets at most alpha / 2 (equal tails, which puts l and u near-symmetrically around n q):
///   l = the largest rank in 1..n with P(K <= l - 1) <= alpha / 2,
///   u = the smallest rank in 1..n with P(K >= u) <= alpha / 2.
/// Near the edge of the sample one tail cannot be made that small: when P(K >= n) = q^n > alpha / 2 (high
/// percentiles, few samples) u is pinned to n and l gets the rest of the budget, P(K <= l - 1) <= alpha -
/// q^n; mirrored, when P(K <= 0) = (1 - q)^n > alpha / 2, l = 1 and P(K >= u) <= alpha - (1 - q)^n. Available
/// iff (1 - q)^n + q^n <= alpha, i.e. even [x_(1), x_(n)] has coverage >= confidence: at 95% the median needs
/// n >= 6 and p99 needs n >= 299 (min_samples_for_interval()). p = 0 and p = 100 are never available (the
/// sample minimum cannot bracket the population minimum). Throws std::invalid_argument when `sorted` is not
/// sorted, p is outside 0..100 or confidence outside (0, 1).
[[nodiscard]] QuantileInterval quantile_ci(std::span<const double> sorted, double p,
                                           double confidence = 0.95);

/// The smallest n for which quantile_ci() has an interval for the p-th percentile at this confidence: the
/// smallest n with (1 - q)^n + q^n <= 1 - confidence. Throws std::invalid_argument when p is not strictly
/// inside 0..100 or confidence outside (0, 1).
[[nodiscard]] std::size_t min_samples_for_interval(double p, double confidence = 0.95);

/// How far the interval reaches from the point estimate, relative to it: max(upper - estimate, estimate -
/// lower) / estimate. We use the larger side because order-statistic intervals of tail percentiles are
/// lopsided (the upper side of a p99 interval is usually the wide one), and a "within 1%" target means this
/// is <= 0.01. Returns 0 for a zero-width interval at the estimate (e.g. constant samples), +infinity when
/// the interval is not available or the estimate is not positive (latencies are), so such a result never
/// counts as within any target.
[[nodiscard]] double relative_half_width(const QuantileInterval& interval, double estimate);

}  // namespace ib::stats
