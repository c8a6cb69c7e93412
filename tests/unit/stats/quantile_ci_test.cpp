// Expected ranks and coverages were computed with scipy 1.10 (scipy.stats.binom) by this reference
// implementation of the rule documented in stats/quantile_ci.hpp, which searches every rank instead of
// bisecting:
//
//   from scipy.stats import binom
//   def ranks(n, p, conf=0.95):
//       q, a = p / 100, 1 - conf
//       F = lambda k: binom.cdf(k, n, q)   # P(K <= k)
//       S = lambda k: binom.sf(k, n, q)    # P(K > k)
//       lo_edge, hi_edge = F(0), S(n - 1)  # P(K < 1), P(K >= n)
//       if lo_edge + hi_edge > a: return None
//       lo_budget = a - hi_edge if hi_edge > a / 2 else a / 2
//       hi_budget = a - lo_edge if lo_edge > a / 2 else a / 2
//       if hi_edge > a / 2: hi_budget = hi_edge  # u pinned to n
//       if lo_edge > a / 2: lo_budget = lo_edge  # l pinned to 1
//       l = max(k for k in range(1, n + 1) if F(k - 1) <= lo_budget)
//       u = min(k for k in range(1, n + 1) if S(k - 1) <= hi_budget)
//       return l, u, F(u - 1) - F(l - 1)
//
// and the minimum sample counts by: n = 1; while q**n + (1 - q)**n > 1 - conf: n += 1.
#include "stats/quantile_ci.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <vector>

namespace ib::stats {
namespace {

// 1, 2, ..., n: the value at rank r is r, so the interval's values read as its ranks.
std::vector<double> ranks_as_values(std::size_t n) {
  std::vector<double> values(n);
  std::iota(values.begin(), values.end(), 1.0);
  return values;
}

struct RankCase {
  std::size_t n;
  double p;
  double confidence;
  std::size_t lower_rank;
  std::size_t upper_rank;
  double coverage;
};

TEST(QuantileCi, RanksMatchScipyReference) {
  const std::vector<RankCase> cases{
      // ranks(6, 50) -> (1, 6, 0.96875): the smallest n with a median interval; both ends at the sample
      // extremes.
      {6, 50, 0.95, 1, 6, 0.96875},
      {7, 50, 0.95, 1, 7, 0.984375},                   // ranks(7, 50)
      {10, 50, 0.95, 2, 9, 0.978515625},               // ranks(10, 50)
      {11, 50, 0.95, 2, 10, 0.98828125},               // ranks(11, 50)
      {20, 50, 0.95, 6, 15, 0.9586105346679688},       // ranks(20, 50)
      {100, 50, 0.95, 40, 61, 0.9647997997822952},     // ranks(100, 50)
      {101, 50, 0.95, 41, 61, 0.9539559330706573},     // ranks(101, 50)
      {1000, 50, 0.95, 469, 532, 0.9537088026395018},  // ranks(1000, 50)
      {100, 50, 0.99, 37, 64, 0.9933628794840739},     // ranks(100, 50, 0.99)
      {100, 90, 0.95, 84, 96, 0.955690107191223},      // ranks(100, 90)
      {100, 10, 0.95, 5, 17, 0.9556901071912229},      // ranks(100, 10): the mirror image of p90
      // p99 at its minimum n: 0.99**299 = 0.0495 > 0.025, so u is pinned to n and l gets 0.05 - 0.0495.
      {299, 99, 0.95, 289, 299, 0.9502063034560694},  // ranks(299, 99)
      {300, 99, 0.95, 290, 300, 0.950694262223382},   // ranks(300, 99)
      {367, 99, 0.95, 359, 367,
       0.9623705899100359},  // ranks(367, 99): 0.99**367 = 0.02497, equal tails again
      {400, 99, 0.95, 392, 400, 0.9612808870665179},  // ranks(400, 99)
      {1000, 99, 0.95, 983, 997, 0.976094763497977},  // ranks(1000, 99): upper end inside the sample
      {299, 1, 0.95, 1, 11, 0.9502063034560693},      // ranks(299, 1): l pinned to 1, mirror of (299, 99)
      {59, 95, 0.95, 50, 59, 0.9508618638358861},     // ranks(59, 95)
      {60, 95, 0.95, 52, 60, 0.9510815952108823},     // ranks(60, 95)
      {29, 90, 0.95, 21, 29, 0.951348526189385},      // ranks(29, 90)
  };
  for (const RankCase& c : cases) {
    SCOPED_TRACE(testing::Message() << "n=" << c.n << " p=" << c.p << " confidence=" << c.confidence);
    const std::vector<double> sorted = ranks_as_values(c.n);
    const QuantileInterval interval = quantile_ci(sorted, c.p, c.confidence);
    ASSERT_TRUE(interval.available);
    EXPECT_EQ(interval.lower_rank, c.lower_rank);
    EXPECT_EQ(interval.upper_rank, c.upper_rank);
    EXPECT_DOUBLE_EQ(interval.lower, static_cast<double>(c.lower_rank));
    EXPECT_DOUBLE_EQ(interval.upper, static_cast<double>(c.upper_rank));
    EXPECT_NEAR(interval.coverage, c.coverage, 1e-9);
    EXPECT_GE(interval.coverage, c.confidence);
    EXPECT_DOUBLE_EQ(interval.p, c.p);
    EXPECT_DOUBLE_EQ(interval.confidence, c.confidence);
  }
}

TEST(QuantileCi, ValuesAreTheOrderStatistics) {
  // Squares 1, 4, ..., 10000: rank r holds r^2. ranks(100, 50) -> (40, 61).
  std::vector<double> sorted(100);
  for (std::size_t i = 0; i < sorted.size(); ++i) sorted[i] = static_cast<double>((i + 1) * (i + 1));
  const QuantileInterval interval = quantile_ci(sorted, 50);
  ASSERT_TRUE(interval.available);
  EXPECT_DOUBLE_EQ(interval.lower, 1600.0);
  EXPECT_DOUBLE_EQ(interval.upper, 3721.0);
  EXPECT_DOUBLE_EQ(interval.confidence, 0.95);  // the default
}

TEST(QuantileCi, UnavailableWhenTooFewSamples) {
  // ranks(5, 50) -> None: even [x_(1), x_(5)] covers only 1 - 2 * 0.5**5 = 0.9375.
  EXPECT_FALSE(quantile_ci(ranks_as_values(5), 50).available);
  // ranks(298, 99) -> None: 1 - 0.99**298 = 0.94996 < 0.95.
  EXPECT_FALSE(quantile_ci(ranks_as_values(298), 99).available);
  EXPECT_FALSE(quantile_ci(ranks_as_values(58), 95).available);  // ranks(58, 95) -> None
  EXPECT_FALSE(quantile_ci(ranks_as_values(28), 90).available);  // ranks(28, 90) -> None
  EXPECT_FALSE(quantile_ci(std::vector<double>{}, 50).available);
  EXPECT_FALSE(quantile_ci(ranks_as_values(1), 50).available);

  const QuantileInterval none = quantile_ci(ranks_as_values(5), 50);
  EXPECT_EQ(none.lower_rank, 0u);
  EXPECT_EQ(none.upper_rank, 0u);
  EXPECT_DOUBLE_EQ(none.lower, 0.0);
  EXPECT_DOUBLE_EQ(none.upper, 0.0);
  EXPECT_DOUBLE_EQ(none.coverage, 0.0);
  EXPECT_DOUBLE_EQ(none.p, 50.0);
  EXPECT_DOUBLE_EQ(none.confidence, 0.95);
}

TEST(QuantileCi, ExtremePercentilesHaveNoInterval) {
  // The sample minimum is never below the population minimum: no interval brackets p0 (or p100) with any
  // coverage.
  EXPECT_FALSE(quantile_ci(ranks_as_values(10000), 0).available);
  EXPECT_FALSE(quantile_ci(ranks_as_values(10000), 100).available);
}

TEST(QuantileCi, MinSamplesForInterval) {
  EXPECT_EQ(min_samples_for_interval(50), 6u);       // 1 - 2 * 0.5**6 = 0.96875 >= 0.95; n = 5 gives 0.9375
  EXPECT_EQ(min_samples_for_interval(99), 299u);     // 0.99**299 = 0.04954, 0.99**298 = 0.05004
  EXPECT_EQ(min_samples_for_interval(99.9), 2995u);  // the reference loop above
  EXPECT_EQ(min_samples_for_interval(90), 29u);      // the reference loop above
  EXPECT_EQ(min_samples_for_interval(95), 59u);      // the reference loop above
  EXPECT_EQ(min_samples_for_interval(1), 299u);      // mirror of p99
  EXPECT_EQ(min_samples_for_interval(99, 0.99), 459u);  // the reference loop with conf = 0.99
  EXPECT_EQ(min_samples_for_interval(50, 0.90), 5u);    // the reference loop with conf = 0.90
  EXPECT_EQ(min_samples_for_interval(99, 0.90), 230u);  // the reference loop with conf = 0.90

  // It is exactly where quantile_ci() starts answering.
  for (const double p : {50.0, 90.0, 95.0, 99.0}) {
    SCOPED_TRACE(p);
    const std::size_t n = min_samples_for_interval(p);
    EXPECT_TRUE(quantile_ci(ranks_as_values(n), p).available);
    EXPECT_FALSE(quantile_ci(ranks_as_values(n - 1), p).available);
  }
  EXPECT_THROW(static_cast<void>(min_samples_for_interval(0)), std::invalid_argument);
  EXPECT_THROW(static_cast<void>(min_samples_for_interval(100)), std::invalid_argument);
  EXPECT_THROW(static_cast<void>(min_samples_for_interval(50, 1.0)), std::invalid_argument);
}

TEST(QuantileCi, RejectsBadArguments) {
  const std::vector<double> sorted = ranks_as_values(100);
  EXPECT_THROW(static_cast<void>(quantile_ci(sorted, -1)), std::invalid_argument);
  EXPECT_THROW(static_cast<void>(quantile_ci(sorted, 100.5)), std::invalid_argument);
  EXPECT_THROW(static_cast<void>(quantile_ci(sorted, std::numeric_limits<double>::quiet_NaN())),
               std::invalid_argument);
  EXPECT_THROW(static_cast<void>(quantile_ci(sorted, 50, 0.0)), std::invalid_argument);
  EXPECT_THROW(static_cast<void>(quantile_ci(sorted, 50, 1.0)), std::invalid_argument);
  const std::vector<double> unsorted{3, 1, 2, 4, 5, 6, 7};
  EXPECT_THROW(static_cast<void>(quantile_ci(unsorted, 50)), std::invalid_argument);
}

// Draws `repetitions` samples of n uniform(0, 1) values and counts how often the interval holds the true
// quantile (q itself, for the uniform distribution).
double simulated_coverage(double p, std::size_t n, int repetitions) {
  std::mt19937_64 generator(20240611);  // fixed: the test is deterministic
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const double truth = p / 100.0;
  int covered = 0;
  std::vector<double> samples(n);
  for (int r = 0; r < repetitions; ++r) {
    for (double& x : samples) x = uniform(generator);
    std::sort(samples.begin(), samples.end());
    const QuantileInterval interval = quantile_ci(samples, p);
    if (interval.available && interval.lower <= truth && truth <= interval.upper) ++covered;
  }
  return static_cast<double>(covered) / repetitions;
}

TEST(QuantileCi, CoverageSimulation) {
  // Exact coverage of the chosen ranks at n = 400 is >= 0.95 (0.9613 for p99, ranks(400, 99)); with 2000
  // repetitions the simulated share has a standard error of ~0.005, so 0.93 leaves four of them.
  const double median = simulated_coverage(50, 400, 2000);
  const double p99 = simulated_coverage(99, 400, 2000);
  EXPECT_GE(median, 0.93);
  EXPECT_GE(p99, 0.93);
  // And not trivially wide: an interval that covered every time would be useless as a stopping criterion.
  EXPECT_LE(median, 0.995);
  EXPECT_LE(p99, 0.995);
}

TEST(RelativeHalfWidth, UsesTheLargerSide) {
  QuantileInterval interval;
  interval.available = true;
  interval.lower = 9.0;
  interval.upper = 12.0;
  EXPECT_DOUBLE_EQ(relative_half_width(interval, 10.0), 0.2);  // max(12 - 10, 10 - 9) / 10
  interval.lower = 7.0;
  EXPECT_DOUBLE_EQ(relative_half_width(interval, 10.0), 0.3);  // max(2, 3) / 10
  interval.lower = 9.9;
  interval.upper = 10.1;
  EXPECT_NEAR(relative_half_width(interval, 10.0), 0.01, 1e-12);  // "within 1%"
}

TEST(RelativeHalfWidth, EdgeCases) {
  QuantileInterval interval;
  interval.available = true;
  interval.lower = 5.0;
  interval.upper = 5.0;
  EXPECT_DOUBLE_EQ(relative_half_width(interval, 5.0), 0.0);  // constant samples
  interval.lower = 0.0;
  interval.upper = 0.0;
  EXPECT_DOUBLE_EQ(relative_half_width(interval, 0.0), 0.0);  // zero width, whatever the scale
  interval.upper = 1.0;
  EXPECT_TRUE(std::isinf(relative_half_width(interval, 0.0)));  // no scale to be relative to
  interval.available = false;
  EXPECT_TRUE(std::isinf(relative_half_width(interval, 0.5)));
}

}  // namespace
}  // namespace ib::stats
