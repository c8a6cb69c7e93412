#include "stats/stopping_rule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "stats/summary.hpp"

namespace ib::stats {
namespace {

void require_quantiles(std::span<const double> quantiles) {
  if (quantiles.empty()) throw std::invalid_argument("a stability rule needs at least one percentile");
  for (const double p : quantiles) {
    // Strictly inside: p0 and p100 are the sample extremes, which no interval can pin down.
    if (!(p > 0.0 && p < 100.0)) {
      throw std::invalid_argument(fmt::format("percentile {} is outside (0, 100) for a stability rule", p));
    }
  }
}

}  // namespace

std::size_t default_min_samples(std::span<const double> quantiles, double confidence) {
  require_quantiles(quantiles);
  std::size_t needed = kStabilityMinSamplesFloor;
  for (const double p : quantiles) needed = std::max(needed, min_samples_for_interval(p, confidence));
  return needed;
}

StabilityRule::StabilityRule(StabilityConfig config) : config_(std::move(config)) {
  if (!(config_.target_relative > 0.0 && std::isfinite(config_.target_relative))) {
    throw std::invalid_argument(
        fmt::format("target relative half-width {} is not a positive number", config_.target_relative));
  }
  // Also validates the percentiles and the confidence, so the constructor is the one place a bad config
  // fails.
  const std::size_t needed = default_min_samples(config_.quantiles, config_.confidence);
  min_samples_ = config_.min_samples == 0 ? needed : config_.min_samples;
}

StabilityVerdict StabilityRule::evaluate(std::span<const double> samples) const {
  if (!std::all_of(samples.begin(), samples.end(), [](double x) { return std::isfinite(x); })) {
    // NaN would break the sort's ordering; an infinite latency is a bug upstream either way.
    throw std::invalid_argument("stability rule: samples must be finite");
  }
  std::vector<double> sorted(samples.begin(), samples.end());
  std::sort(sorted.begin(), sorted.end());

  StabilityVerdict verdict;
  verdict.samples = sorted.size();
  verdict.intervals.reserve(config_.quantiles.size());
  verdict.estimates.reserve(config_.quantiles.size());
  verdict.relative_half_widths.reserve(config_.quantiles.size());
  bool all_within = true;
  for (const double p : config_.quantiles) {
    QuantileInterval interval = quantile_ci(sorted, p, config_.confidence);
    // The estimate is the same percentile the result reports (linear interpolation), so the target speaks
    // about the number users read. It needs at least one sample; with none the interval is unavailable
    // anyway.
    const double estimate = sorted.empty() ? 0.0 : percentile_linear_sorted(sorted, p);
    const double width = relative_half_width(interval, estimate);
    // Written so that a NaN width (cannot happen with finite samples) would count as not within.
    all_within = all_within && interval.available && width <= config_.target_relative;
    verdict.intervals.push_back(interval);
    verdict.estimates.push_back(estimate);
    verdict.relative_half_widths.push_back(width);
  }
  verdict.stable = verdict.samples >= min_samples_ && all_within;
  return verdict;
}

std::size_t StabilityRule::next_check_at(std::size_t samples_so_far) const {
  if (samples_so_far < min_samples_) return min_samples_;
  return samples_so_far + std::max(kCheckStepMin, samples_so_far / kCheckStepDivisor);
}

}  // namespace ib::stats
