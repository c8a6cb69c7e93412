// The latency comparison: the U statistic, its tie-corrected variance and p-value on samples small enough to
// rank by hand, the bootstrap interval on cases whose answer is known, and the verdict on synthetic samples
// with a known shift and on two draws from one distribution.
#include "stats/compare.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

namespace ib::stats {
namespace {

TEST(MannWhitney, SeparatedSamplesByHand) {
  // base {1,2,3}, new {4,5,6}: the new values take ranks 4,5,6, rank sum 15, U_new = 15 - 3*4/2 = 9, U_base =
  // 0. mean = 3*3/2 = 4.5, variance = 9/12 * (6 + 1) = 5.25 (no ties); z = (|9 - 4.5| - 0.5) / sqrt(5.25) = 4
  // / 2.29128784747792 = 1.74574312188794; p = 2 (1 - Phi(z)) = erfc(z / sqrt 2) = 0.0808556 (scipy's
  // mannwhitneyu([1,2,3], [4,5,6], method="asymptotic") prints 0.08085559837…).
  const std::vector<double> base{3, 1, 2};
  const std::vector<double> next{6, 4, 5};
  const MannWhitney r = mann_whitney_u(base, next);
  EXPECT_EQ(r.n_base, 3u);
  EXPECT_EQ(r.n_new, 3u);
  EXPECT_DOUBLE_EQ(r.u_new, 9.0);
  EXPECT_DOUBLE_EQ(r.u_base, 0.0);
  EXPECT_DOUBLE_EQ(r.probability_new_greater, 1.0);
  EXPECT_NEAR(r.z, 1.74574312188794, 1e-12);
  EXPECT_NEAR(r.p_value, std::erfc(1.74574312188794 / std::sqrt(2.0)), 1e-12);
  EXPECT_NEAR(r.p_value, 0.0808556, 1e-6);
  // Swapped, the sign of z flips and the p-value stays.
  const MannWhitney swapped = mann_whitney_u(next, base);
  EXPECT_NEAR(swapped.z, -1.74574312188794, 1e-12);
  EXPECT_DOUBLE_EQ(swapped.p_value, r.p_value);
  EXPECT_DOUBLE_EQ(swapped.probability_new_greater, 0.0);
}

TEST(MannWhitney, TiesGetAverageRanksAndShrinkTheVariance) {
  // base {1,2,2}, new {2,3,4}. Pooled sorted: 1(b) 2(b) 2(b) 2(n) 3(n) 4(n); the three 2s share rank
  // (2+3+4)/3 = 3. Rank sum new = 3 + 5 + 6 = 14, U_new = 14 - 6 = 8, U_base = 1, P(new > base) = 8/9.
  // Ties: one group of 3, sum(t^3 - t) = 24; variance = 9/12 * (7 - 24 / (6*5)) = 0.75 * 6.2 = 4.65.
  // z = (|8 - 4.5| - 0.5) / sqrt(4.65) = 3 / 2.156385865 = 1.391215…; p = erfc(z / sqrt 2) = 0.164163…
  const std::vector<double> base{1, 2, 2};
  const std::vector<double> next{2, 3, 4};
  const MannWhitney r = mann_whitney_u(base, next);
  EXPECT_DOUBLE_EQ(r.u_new, 8.0);
  EXPECT_DOUBLE_EQ(r.u_base, 1.0);
  EXPECT_DOUBLE_EQ(r.probability_new_greater, 8.0 / 9.0);
  const double z = 3.0 / std::sqrt(4.65);
  EXPECT_NEAR(r.z, z, 1e-12);
  EXPECT_NEAR(r.p_value, std::erfc(z / std::sqrt(2.0)), 1e-12);
  EXPECT_NEAR(r.p_value, 0.16416, 1e-5);
}

TEST(MannWhitney, IdenticalSamplesAndEdgeCases) {
  // Every value equal: zero variance, no evidence either way.
  const std::vector<double> same{2.5, 2.5, 2.5, 2.5};
  const MannWhitney r = mann_whitney_u(same, same);
  EXPECT_DOUBLE_EQ(r.u_new, 8.0);  // 16 pairs, all ties, each 1/2
  EXPECT_DOUBLE_EQ(r.z, 0.0);
  EXPECT_DOUBLE_EQ(r.p_value, 1.0);
  // |U - mean| below the continuity correction: z = 0, p = 1 (capped).
  const std::vector<double> a{1, 4};
  const std::vector<double> b{2, 3};
  EXPECT_DOUBLE_EQ(mann_whitney_u(a, b).p_value, 1.0);

  const std::vector<double> empty;
  EXPECT_THROW((void)mann_whitney_u(empty, same), std::invalid_argument);
  const std::vector<double> with_nan{1.0, std::numeric_limits<double>::quiet_NaN()};
  EXPECT_THROW((void)mann_whitney_u(same, with_nan), std::invalid_argument);
}

TEST(BootstrapMedianDifference, ConstantShiftAndFixedSeed) {
  // new = base + 1 exactly, base constant: every resample's medians differ by exactly 1.
  const std::vector<double> base(11, 4.0);
  const std::vector<double> next(7, 5.0);
  const MedianDifference d = bootstrap_median_difference(base, next, 0.95, 200);
  EXPECT_DOUBLE_EQ(d.estimate, 1.0);
  EXPECT_DOUBLE_EQ(d.lower, 1.0);
  EXPECT_DOUBLE_EQ(d.upper, 1.0);
  EXPECT_EQ(d.resamples, 200u);

  // Even and odd sizes, estimate from numpy-linear medians: median{1,2,3,10} = 2.5, median{2,4,6} = 4.
  const std::vector<double> even{10, 1, 3, 2};
  const std::vector<double> odd{6, 2, 4};
  const MedianDifference e = bootstrap_median_difference(even, odd, 0.9, 500);
  EXPECT_DOUBLE_EQ(e.estimate, 1.5);
  // Resampled medians of {1,2,3,10} lie in [1, 10], of {2,4,6} in [2, 6]: differences in [-8, 5].
  EXPECT_GE(e.lower, -8.0);
  EXPECT_LE(e.upper, 5.0);
  EXPECT_LE(e.lower, e.upper);
  // The seed fixes the result.
  const MedianDifference again = bootstrap_median_difference(even, odd, 0.9, 500);
  EXPECT_EQ(again.lower, e.lower);
  EXPECT_EQ(again.upper, e.upper);

  EXPECT_THROW((void)bootstrap_median_difference(base, next, 1.0, 10), std::invalid_argument);
  EXPECT_THROW((void)bootstrap_median_difference(base, next, 0.95, 0), std::invalid_argument);
}

std::vector<double> normal_draws(std::size_t n, double mean, double sd, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(mean, sd);
  std::vector<double> values(n);
  for (auto& v : values) v = normal(rng);
  return values;
}

TEST(CompareLatency, AKnownShiftIsSlowerAndItsReverseFaster) {
  // 400 samples of N(10 ms, 0.5 ms) against 400 of N(10.3 ms, 0.5 ms): a 3% slowdown of 0.6 standard
  // deviations. The U test's p for such a shift at n = 400 a side is around 1e-16; the interval of the median
  // difference sits around +0.3 ms.
  const auto base = normal_draws(400, 10.0, 0.5, 1);
  const auto slower = normal_draws(400, 10.3, 0.5, 2);
  const LatencyComparison c = compare_latency(base, slower);
  EXPECT_EQ(c.change, Change::slower);
  EXPECT_LT(c.test.p_value, 1e-8);
  EXPECT_GT(c.test.probability_new_greater, 0.6);
  EXPECT_GT(c.median.lower, 0.1);
  EXPECT_LT(c.median.upper, 0.5);
  EXPECT_NEAR(c.median.estimate, 0.3, 0.12);
  EXPECT_EQ(change_name(c.change), "slower");

  const LatencyComparison reverse = compare_latency(slower, base);
  EXPECT_EQ(reverse.change, Change::faster);
  EXPECT_DOUBLE_EQ(reverse.test.p_value, c.test.p_value);
}

TEST(CompareLatency, TwoDrawsFromOneDistributionShowNoChange) {
  // Lognormal-ish latencies (skewed, like real ones), two independent draws of 1000.
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> lognormal(std::log(2.0), 0.1);
  std::vector<double> a(1000);
  std::vector<double> b(1000);
  for (auto& v : a) v = lognormal(rng);
  for (auto& v : b) v = lognormal(rng);
  const LatencyComparison c = compare_latency(a, b);
  EXPECT_EQ(c.change, Change::no_change);
  EXPECT_GT(c.test.p_value, 0.05);
  EXPECT_LT(c.median.lower, 0.0);
  EXPECT_GT(c.median.upper, 0.0);
  EXPECT_EQ(change_name(c.change), "no significant change");
}

}  // namespace
}  // namespace ib::stats
