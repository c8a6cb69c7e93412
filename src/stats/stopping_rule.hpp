#pragma once
// The decision behind `--until-stable`: are the samples taken so far enough to pin down the percentiles we
// report? StabilityRule says "stable" once, for every listed percentile (by default the median and p99), the
// 95% order-statistic interval of quantile_ci() reaches no further than the target from the point estimate
// (relative_half_width() <= target), and never before a minimum sample count at which all those intervals
// exist (p99 needs 299 samples at 95%) and the tail has been seen at least a few times. It is pure and holds
// no samples: the runner owns the samples and asks at the sample counts next_check_at() gives, which keeps
// the sorting it costs a small multiple of one sort.
#include <cstddef>
#include <span>
#include <vector>

#include "stats/quantile_ci.hpp"

namespace ib::stats {

/// Samples the default minimum never goes below, even for percentiles that would have an interval earlier:
/// fewer than this and a single outlier still moves the median's interval (and p99 would be the largest
/// sample).
inline constexpr std::size_t kStabilityMinSamplesFloor = 100;
/// Check cadence: the next check comes after max(kCheckStepMin, n / kCheckStepDivisor) more samples.
inline constexpr std::size_t kCheckStepMin = 10;
inline constexpr std::size_t kCheckStepDivisor = 50;

struct StabilityConfig {
  double target_relative = 0.01;  ///< e.g. 0.01 for `--target-ci 1` (percent on the CLI, a fraction here)
  std::vector<double> quantiles{50, 99};  ///< percentiles in (0, 100) that must all be within the target
  double confidence = 0.95;               ///< of each interval (not jointly: see docs/methodology.md)
  std::size_t min_samples = 0;            ///< 0: default_min_samples(quantiles, confidence)
};

struct StabilityVerdict {
  bool stable = false;
  std::vector<QuantileInterval> intervals;  ///< one per configured percentile, in the configured order
  std::vector<double> estimates;            ///< the point estimates (percentile_linear_sorted), same order
  std::vector<double>
      relative_half_widths;  ///< relative_half_width(interval, estimate); +inf when unavailable
  std::size_t samples = 0;   ///< how many samples were evaluated
  bool operator==(const StabilityVerdict&) const = default;
};

/// The smallest n for which every percentile listed has an interval at this confidence
/// (min_samples_for_interval()), and never less than kStabilityMinSamplesFloor: 299 for {50, 99} at 95%.
/// Throws std::invalid_argument on a percentile outside (0, 100), an empty list or a confidence outside (0,
/// 1).
[[nodiscard]] std::size_t default_min_samples(std::span<const double> quantiles, double confidence = 0.95);

/// Adaptive stopping: "keep sampling until the percentiles are known to within the target". Typical use by a
/// runner:
///   std::size_t check_at = rule.next_check_at(0);
///   loop { take a sample; if (n == check_at) { if (rule.evaluate(samples).stable) break; check_at =
///   rule.next_check_at(n); } }
/// A check sorts a copy of all samples, O(n log n); checking every max(10, n / 50) samples makes the checks'
/// sizes grow geometrically (by 2%) once n > 500, so all checks of a run together cost about 51 times the
/// last one, O(n log n) overall, and a run stops at most ~2% (or 10 samples)
/// after the point it became stable.
class StabilityRule {
 public:
  /// Throws std::invalid_argument on a target that is not positive and finite, an empty percentile list, a
  /// percentile outside (0, 100) or a confidence outside (0, 1).
  explicit StabilityRule(StabilityConfig config);

  /// Sorts a copy of `samples` (any order, finite; throws std::invalid_argument otherwise) and computes every
  /// interval. Stable iff samples >= min_samples(), every interval is available and every relative half-width
  /// <= the target. An explicit config.min_samples below what the intervals need does not make a run stable
  /// earlier: the intervals must still exist.
  [[nodiscard]] StabilityVerdict evaluate(std::span<const double> samples) const;

  /// The sample count at which the runner should call evaluate() next, after one at `samples_so_far` samples
  /// (pass 0 before the first): min_samples() until that is reached, then samples_so_far + max(10,
  /// samples_so_far / 50).
  [[nodiscard]] std::size_t next_check_at(std::size_t samples_so_far) const;

  [[nodiscard]] std::size_t min_samples() const noexcept { return min_samples_; }
  [[nodiscard]] const StabilityConfig& config() const noexcept { return config_; }

 private:
  StabilityConfig config_;
  std::size_t min_samples_ = 0;
};

}  // namespace ib::stats
