// StabilityRule on synthetic sample streams. Random streams come from std::mt19937_64 with fixed seeds, so
// every run of the test sees the same numbers. Minimum sample counts are cross-checked in
// quantile_ci_test.cpp (scipy).
#include "stats/stopping_rule.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

#include "stats/summary.hpp"

namespace ib::stats {
namespace {

std::vector<double> lognormal_stream(std::size_t n, double sigma, unsigned seed) {
  std::mt19937_64 generator(seed);
  std::lognormal_distribution<double> lognormal(0.0, sigma);  // median exp(0) = 1
  std::vector<double> samples(n);
  for (double& x : samples) x = lognormal(generator);
  return samples;
}

TEST(StabilityRule, DefaultMinSamples) {
  // p99 needs 299 samples for a 95% interval (0.99**299 = 0.0495 <= 0.05 < 0.99**298); the median needs 6.
  const StabilityRule rule(StabilityConfig{});
  EXPECT_EQ(rule.min_samples(), 299u);
  const std::vector<double> both{50, 99};
  EXPECT_EQ(default_min_samples(both), 299u);
  const std::vector<double> median{50};
  EXPECT_EQ(default_min_samples(median), 100u);  // 6, raised to the floor of 100
  const std::vector<double> tail{50, 99.9};
  EXPECT_EQ(default_min_samples(tail), 2995u);
  EXPECT_EQ(default_min_samples(both, 0.99), 459u);

  const StabilityRule explicit_min(StabilityConfig{.min_samples = 1000});
  EXPECT_EQ(explicit_min.min_samples(), 1000u);
}

TEST(StabilityRule, ConstantStreamIsStableAtMinSamples) {
  const StabilityRule rule(StabilityConfig{.target_relative = 0.01});
  const std::vector<double> at_min(299, 5.0);
  const StabilityVerdict verdict = rule.evaluate(at_min);
  EXPECT_TRUE(verdict.stable);
  EXPECT_EQ(verdict.samples, 299u);
  ASSERT_EQ(verdict.intervals.size(), 2u);
  ASSERT_EQ(verdict.estimates.size(), 2u);
  ASSERT_EQ(verdict.relative_half_widths.size(), 2u);
  EXPECT_DOUBLE_EQ(verdict.intervals[0].p, 50.0);
  EXPECT_DOUBLE_EQ(verdict.intervals[1].p, 99.0);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_TRUE(verdict.intervals[i].available);
    EXPECT_DOUBLE_EQ(verdict.intervals[i].lower, 5.0);
    EXPECT_DOUBLE_EQ(verdict.intervals[i].upper, 5.0);
    EXPECT_DOUBLE_EQ(verdict.estimates[i], 5.0);
    EXPECT_DOUBLE_EQ(verdict.relative_half_widths[i], 0.0);
  }

  // One sample fewer: below the minimum, and p99 has no interval yet.
  const std::vector<double> short_of_min(298, 5.0);
  const StabilityVerdict early = rule.evaluate(short_of_min);
  EXPECT_FALSE(early.stable);
  EXPECT_TRUE(early.intervals[0].available);
  EXPECT_FALSE(early.intervals[1].available);
  EXPECT_TRUE(std::isinf(early.relative_half_widths[1]));
}

TEST(StabilityRule, ExplicitMinSamplesHoldsBackAStableStream) {
  const StabilityRule rule(StabilityConfig{.min_samples = 500});
  EXPECT_FALSE(rule.evaluate(std::vector<double>(499, 5.0)).stable);
  EXPECT_TRUE(rule.evaluate(std::vector<double>(500, 5.0)).stable);
  // A minimum below what the intervals need does not make the rule answer before p99 has an interval.
  const StabilityRule low(StabilityConfig{.min_samples = 10});
  EXPECT_FALSE(low.evaluate(std::vector<double>(298, 5.0)).stable);
  EXPECT_TRUE(low.evaluate(std::vector<double>(299, 5.0)).stable);
}

TEST(StabilityRule, QuietStreamIsStable) {
  // 10 ms +- 0.05% uniform jitter: every interval is far inside 1%.
  std::mt19937_64 generator(7);
  std::uniform_real_distribution<double> jitter(-0.005, 0.005);
  std::vector<double> samples(400);
  for (double& x : samples) x = 10.0 + jitter(generator);
  const StabilityRule rule(StabilityConfig{.target_relative = 0.01});
  const StabilityVerdict verdict = rule.evaluate(samples);
  EXPECT_TRUE(verdict.stable);
  for (const double width : verdict.relative_half_widths) EXPECT_LE(width, 0.001);
}

TEST(StabilityRule, HeavyNoiseIsNotStableAtOnePercentButIsAtALooserTarget) {
  const std::vector<double> samples = lognormal_stream(500, 0.5, 11);
  const StabilityVerdict strict = StabilityRule(StabilityConfig{.target_relative = 0.01}).evaluate(samples);
  EXPECT_FALSE(strict.stable);
  // Roughly: the median's interval spans ranks 250 +- 22, i.e. z = +-0.11, i.e. exp(+-0.055) with sigma 0.5:
  // ~5%.
  EXPECT_GT(strict.relative_half_widths[0], 0.02);
  EXPECT_LT(strict.relative_half_widths[0], 0.10);
  EXPECT_GT(strict.relative_half_widths[1], 0.05);  // the tail is much less certain than the median
  EXPECT_GT(strict.relative_half_widths[1], strict.relative_half_widths[0]);

  // Median only, at 10%: reached.
  const StabilityVerdict median_loose =
      StabilityRule(StabilityConfig{.target_relative = 0.10, .quantiles = {50}}).evaluate(samples);
  EXPECT_TRUE(median_loose.stable);
  // Median and p99 at a target wider than the p99 interval reaches.
  const StabilityVerdict both_loose =
      StabilityRule(StabilityConfig{.target_relative = 1.0}).evaluate(samples);
  EXPECT_TRUE(both_loose.stable);
}

TEST(StabilityRule, VerdictReportsTheSamePercentilesAsTheSummary) {
  const std::vector<double> samples = lognormal_stream(1000, 0.2, 3);
  const StabilityRule rule(StabilityConfig{.quantiles = {50, 90, 99}});
  const StabilityVerdict verdict = rule.evaluate(samples);
  std::vector<double> sorted = samples;
  std::sort(sorted.begin(), sorted.end());
  ASSERT_EQ(verdict.intervals.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const double p = rule.config().quantiles[i];
    SCOPED_TRACE(p);
    EXPECT_DOUBLE_EQ(verdict.estimates[i], percentile_linear_sorted(sorted, p));
    EXPECT_EQ(verdict.intervals[i], quantile_ci(sorted, p, 0.95));
    EXPECT_LE(verdict.intervals[i].lower, verdict.estimates[i]);
    EXPECT_GE(verdict.intervals[i].upper, verdict.estimates[i]);
    EXPECT_DOUBLE_EQ(verdict.relative_half_widths[i],
                     relative_half_width(verdict.intervals[i], verdict.estimates[i]));
  }
  // The order of the samples does not matter.
  EXPECT_EQ(rule.evaluate(sorted), verdict);
}

TEST(StabilityRule, EmptyAndBadSamples) {
  const StabilityRule rule(StabilityConfig{});
  const StabilityVerdict empty = rule.evaluate(std::vector<double>{});
  EXPECT_FALSE(empty.stable);
  EXPECT_EQ(empty.samples, 0u);
  ASSERT_EQ(empty.intervals.size(), 2u);
  EXPECT_FALSE(empty.intervals[0].available);
  std::vector<double> with_nan(400, 1.0);
  with_nan[17] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(static_cast<void>(rule.evaluate(with_nan)), std::invalid_argument);
  std::vector<double> with_inf(400, 1.0);
  with_inf[3] = std::numeric_limits<double>::infinity();
  EXPECT_THROW(static_cast<void>(rule.evaluate(with_inf)), std::invalid_argument);
}

TEST(StabilityRule, RejectsBadConfig) {
  const auto make = [](StabilityConfig config) { return StabilityRule(std::move(config)); };
  EXPECT_THROW(make({.target_relative = 0.0}), std::invalid_argument);
  EXPECT_THROW(make({.target_relative = -0.01}), std::invalid_argument);
  EXPECT_THROW(make({.target_relative = std::numeric_limits<double>::infinity()}), std::invalid_argument);
  EXPECT_THROW(make({.target_relative = std::numeric_limits<double>::quiet_NaN()}), std::invalid_argument);
  EXPECT_THROW(make({.quantiles = {}}), std::invalid_argument);
  EXPECT_THROW(make({.quantiles = {0}}), std::invalid_argument);
  EXPECT_THROW(make({.quantiles = {50, 100}}), std::invalid_argument);
  EXPECT_THROW(make({.confidence = 1.0}), std::invalid_argument);
  EXPECT_THROW(make({.confidence = 0.0}), std::invalid_argument);
}

TEST(StabilityRule, NextCheckAtCadence) {
  const StabilityRule rule(StabilityConfig{});  // min_samples 299
  EXPECT_EQ(rule.next_check_at(0), 299u);
  EXPECT_EQ(rule.next_check_at(150), 299u);
  EXPECT_EQ(rule.next_check_at(299), 309u);      // + 10
  EXPECT_EQ(rule.next_check_at(499), 509u);      // + 10 (499 / 50 = 9)
  EXPECT_EQ(rule.next_check_at(500), 510u);      // + 10 = 500 / 50
  EXPECT_EQ(rule.next_check_at(1000), 1020u);    // + 20
  EXPECT_EQ(rule.next_check_at(12345), 12591u);  // + 246

  // The number of checks grows like log n: from 299 to a million samples, about 400 checks (20 in steps of 10
  // up to 500, then growth by 2% each: log(1e6 / 500) / log(1.02) ~ 384).
  std::size_t checks = 0;
  double sorted_total = 0;  // samples sorted over all checks, in units of the last check
  std::size_t at = rule.next_check_at(0);
  std::size_t last = at;
  while (at <= 1'000'000) {
    ++checks;
    sorted_total += static_cast<double>(at);
    last = at;
    const std::size_t next = rule.next_check_at(at);
    ASSERT_GT(next, at);
    at = next;
  }
  EXPECT_GT(checks, 350u);
  EXPECT_LT(checks, 450u);
  // Geometric growth by 2%: all the sorting together is about 51 times the last check's.
  EXPECT_LT(sorted_total / static_cast<double>(last), 53.0);
}

TEST(StabilityRule, RunnerLoopStopsNearTheTruth) {
  // What the runner does: take samples, evaluate at next_check_at() counts, stop when stable. Lognormal with
  // sigma 0.02: true median exp(0) = 1, true p99 exp(0.02 * 2.3263) = 1.04764.
  const StabilityRule rule(StabilityConfig{.target_relative = 0.01});
  const std::vector<double> stream = lognormal_stream(200'000, 0.02, 5);
  std::size_t check_at = rule.next_check_at(0);
  StabilityVerdict verdict;
  for (std::size_t n = 1; n <= stream.size(); ++n) {
    if (n != check_at) continue;
    verdict = rule.evaluate(std::span<const double>(stream).first(n));
    if (verdict.stable) break;
    check_at = rule.next_check_at(n);
  }
  ASSERT_TRUE(verdict.stable);
  EXPECT_GE(verdict.samples, rule.min_samples());
  EXPECT_LT(verdict.samples, 200'000u);
  EXPECT_NEAR(verdict.estimates[0], 1.0, 0.01);
  EXPECT_NEAR(verdict.estimates[1], std::exp(0.02 * 2.3263478740408408), 0.0105);
  for (const double width : verdict.relative_half_widths) EXPECT_LE(width, 0.01);
}

}  // namespace
}  // namespace ib::stats
