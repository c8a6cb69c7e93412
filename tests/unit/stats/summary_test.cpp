// Expected values were computed by hand (arithmetic in the comments) and checked with numpy 1.24
// (the snippet beside each value; `import numpy as np`). Comparisons use EXPECT_DOUBLE_EQ (within 4 ulp),
// because numpy's own rounding sometimes differs from the exact value by one ulp (e.g. 39.699999999999996).
#include "stats/summary.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "inferbench/errors.hpp"

namespace ib::stats {
namespace {

double percentile_of(const Summary& summary, double p) {
  for (const Percentile& entry : summary.percentiles) {
    if (entry.p == p) return entry.value;
  }
  ADD_FAILURE() << "percentile " << p << " missing";
  return std::numeric_limits<double>::quiet_NaN();
}

TEST(Summary, SingleValue) {
  const std::vector<double> values{42.5};
  const std::vector<double> ps{0, 50, 99, 100};
  const Summary s = summarize(values, ps);
  EXPECT_EQ(s.count, 1u);
  EXPECT_DOUBLE_EQ(s.mean, 42.5);  // np.mean([42.5]) -> 42.5
  EXPECT_DOUBLE_EQ(s.std, 0.0);    // np.std([42.5]) -> 0.0
  EXPECT_DOUBLE_EQ(s.cv, 0.0);
  EXPECT_DOUBLE_EQ(s.min, 42.5);
  EXPECT_DOUBLE_EQ(s.max, 42.5);
  EXPECT_DOUBLE_EQ(s.median, 42.5);                                       // np.median([42.5]) -> 42.5
  for (const double p : ps) EXPECT_DOUBLE_EQ(percentile_of(s, p), 42.5);  // np.percentile([42.5], p) -> 42.5
}

TEST(Summary, TwoValues) {
  // mean = (1 + 3) / 2 = 2; std = sqrt(((1-2)^2 + (3-2)^2) / 2) = 1; cv = 1 / 2.
  const std::vector<double> values{3, 1};
  const std::vector<double> ps{0, 25, 50, 90, 100};
  const Summary s = summarize(values, ps);
  EXPECT_EQ(s.count, 2u);
  EXPECT_DOUBLE_EQ(s.mean, 2.0);               // np.mean([1, 3]) -> 2.0
  EXPECT_DOUBLE_EQ(s.std, 1.0);                // np.std([1, 3]) -> 1.0
  EXPECT_DOUBLE_EQ(s.cv, 0.5);                 // np.std([1, 3]) / np.mean([1, 3]) -> 0.5
  EXPECT_DOUBLE_EQ(s.median, 2.0);             // np.median([1, 3]) -> 2.0
  EXPECT_DOUBLE_EQ(percentile_of(s, 0), 1.0);  // np.percentile([1, 3], 0) -> 1.0
  // h = 1 * 0.25 -> 1 + 0.25 * 2; np.percentile([1, 3], 25) -> 1.5
  EXPECT_DOUBLE_EQ(percentile_of(s, 25), 1.5);
  EXPECT_DOUBLE_EQ(percentile_of(s, 50), 2.0);   // np.percentile([1, 3], 50) -> 2.0
  EXPECT_DOUBLE_EQ(percentile_of(s, 90), 2.8);   // h = 0.9 -> 1 + 0.9 * 2; np.percentile([1, 3], 90) -> 2.8
  EXPECT_DOUBLE_EQ(percentile_of(s, 100), 3.0);  // np.percentile([1, 3], 100) -> 3.0
}

TEST(Summary, OddCountUnsorted) {
  // sorted: 1 2 3 4 5; mean 3; squared deviations 4 1 0 1 4 -> 10 / 5 = 2 -> std sqrt(2).
  const std::vector<double> values{5, 1, 4, 2, 3};
  const std::vector<double> ps{10, 50, 90, 95, 99};
  const Summary s = summarize(values, ps);
  EXPECT_EQ(s.count, 5u);
  EXPECT_DOUBLE_EQ(s.mean, 3.0);                // np.mean([5, 1, 4, 2, 3]) -> 3.0
  EXPECT_DOUBLE_EQ(s.std, 1.4142135623730951);  // np.std([5, 1, 4, 2, 3]) -> 1.4142135623730951
  EXPECT_DOUBLE_EQ(s.cv, 0.47140452079103173);  // np.std(a) / np.mean(a) -> 0.47140452079103173
  EXPECT_DOUBLE_EQ(s.min, 1.0);
  EXPECT_DOUBLE_EQ(s.max, 5.0);
  EXPECT_DOUBLE_EQ(s.median, 3.0);               // h = 4 * 0.5 = 2 -> x[2] = 3; np.median(a) -> 3.0
  EXPECT_DOUBLE_EQ(percentile_of(s, 10), 1.4);   // h = 0.4 -> 1 + 0.4; np.percentile(a, 10) -> 1.4
  EXPECT_DOUBLE_EQ(percentile_of(s, 50), 3.0);   // np.percentile(a, 50) -> 3.0
  EXPECT_DOUBLE_EQ(percentile_of(s, 90), 4.6);   // h = 3.6 -> 4 + 0.6; np.percentile(a, 90) -> 4.6
  EXPECT_DOUBLE_EQ(percentile_of(s, 95), 4.8);   // h = 3.8 -> 4 + 0.8; np.percentile(a, 95) -> 4.8
  EXPECT_DOUBLE_EQ(percentile_of(s, 99), 4.96);  // h = 3.96 -> 4 + 0.96; np.percentile(a, 99) -> 4.96
}

TEST(Summary, EvenCountUnsorted) {
  // sorted: 10 20 30 40; mean 25; squared deviations 225 25 25 225 -> 500 / 4 = 125 -> std sqrt(125).
  const std::vector<double> values{40, 10, 30, 20};
  const std::vector<double> ps{0, 50, 90, 99, 100};
  const Summary s = summarize(values, ps);
  EXPECT_DOUBLE_EQ(s.mean, 25.0);                // np.mean([40, 10, 30, 20]) -> 25.0
  EXPECT_DOUBLE_EQ(s.std, 11.180339887498949);   // np.std(a) -> 11.180339887498949
  EXPECT_DOUBLE_EQ(s.cv, 0.447213595499958);     // np.std(a) / np.mean(a) -> 0.447213595499958
  EXPECT_DOUBLE_EQ(s.median, 25.0);              // h = 1.5 -> 20 + 0.5 * 10; np.median(a) -> 25.0
  EXPECT_DOUBLE_EQ(percentile_of(s, 0), 10.0);   // np.percentile(a, 0) -> 10.0
  EXPECT_DOUBLE_EQ(percentile_of(s, 50), 25.0);  // np.percentile(a, 50) -> 25.0
  EXPECT_DOUBLE_EQ(percentile_of(s, 90), 37.0);  // h = 2.7 -> 30 + 0.7 * 10; np.percentile(a, 90) -> 37.0
  // h = 2.97 -> 30 + 0.97 * 10; np.percentile(a, 99) -> 39.699999999999996 (1 ulp below 39.7)
  EXPECT_DOUBLE_EQ(percentile_of(s, 99), 39.7);
  EXPECT_DOUBLE_EQ(percentile_of(s, 100), 40.0);  // np.percentile(a, 100) -> 40.0
}

TEST(Summary, PercentilesKeepTheOrderAsked) {
  const std::vector<double> values{1, 2, 3, 4, 5};
  const std::vector<double> ps{99, 50, 0, 90};
  const Summary s = summarize(values, ps);
  ASSERT_EQ(s.percentiles.size(), 4u);
  EXPECT_EQ(s.percentiles[0].p, 99);
  EXPECT_EQ(s.percentiles[1].p, 50);
  EXPECT_EQ(s.percentiles[2].p, 0);
  EXPECT_EQ(s.percentiles[3].p, 90);
}

TEST(Summary, Ties) {
  // sorted: 2 2 2 7 7; mean 20 / 5 = 4; squared deviations 4 4 4 9 9 -> 30 / 5 = 6 -> std sqrt(6).
  const std::vector<double> values{7, 2, 2, 7, 2};
  const std::vector<double> ps{50, 60, 75};
  const Summary s = summarize(values, ps);
  EXPECT_DOUBLE_EQ(s.mean, 4.0);               // np.mean([2, 2, 2, 7, 7]) -> 4.0
  EXPECT_DOUBLE_EQ(s.std, 2.449489742783178);  // np.std(a) -> 2.449489742783178
  EXPECT_DOUBLE_EQ(s.cv, 0.6123724356957945);  // np.std(a) / np.mean(a) -> 0.6123724356957945
  EXPECT_DOUBLE_EQ(s.median, 2.0);             // h = 2 -> x[2] = 2; np.median(a) -> 2.0
  // h = 2.4 -> 2 + 0.4 * 5; np.percentile(a, 60) -> 3.9999999999999996 (1 ulp below 4)
  EXPECT_DOUBLE_EQ(percentile_of(s, 60), 4.0);
  EXPECT_DOUBLE_EQ(percentile_of(s, 75), 7.0);  // h = 3 -> x[3] = 7; np.percentile(a, 75) -> 7.0
}

TEST(Summary, ConstantSeriesHasZeroSpread) {
  const std::vector<double> values(17, 2.5);
  const Summary s = summarize(values, default_percentiles());
  EXPECT_EQ(s.mean, 2.5);
  EXPECT_EQ(s.std, 0.0);
  EXPECT_EQ(s.cv, 0.0);
  for (const Percentile& entry : s.percentiles) EXPECT_EQ(entry.value, 2.5);
}

TEST(Summary, StdOfKnownSeries) {
  // The textbook series: mean 40 / 8 = 5; squared deviations 9 1 1 1 0 0 4 16 -> 32 / 8 = 4 -> std 2.
  const std::vector<double> values{2, 4, 4, 4, 5, 5, 7, 9};
  const std::vector<double> ps{50};
  const Summary s = summarize(values, ps);
  EXPECT_DOUBLE_EQ(s.mean, 5.0);    // np.mean([2, 4, 4, 4, 5, 5, 7, 9]) -> 5.0
  EXPECT_DOUBLE_EQ(s.std, 2.0);     // np.std(a) -> 2.0 (ddof = 0; np.std(a, ddof=1) would be 2.138...)
  EXPECT_DOUBLE_EQ(s.cv, 0.4);      // np.std(a) / np.mean(a) -> 0.4
  EXPECT_DOUBLE_EQ(s.median, 4.5);  // h = 3.5 -> 4 + 0.5 * 1; np.median(a) -> 4.5
}

TEST(Summary, StdIsStableWithLargeOffset) {
  // 1e9 + {4, 7, 13, 16}: deviations -6 -3 3 6 from 1e9 + 10 -> 90 / 4 = 22.5 -> std sqrt(22.5). A
  // sum-of-squares formula loses every digit here (x^2 ~ 1e18 leaves no room for the jitter).
  const std::vector<double> values{1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
  const std::vector<double> ps{50};
  const Summary s = summarize(values, ps);
  EXPECT_DOUBLE_EQ(s.mean, 1e9 + 10);             // np.mean(a) -> 1000000010.0
  EXPECT_DOUBLE_EQ(s.std, 4.743416490252569);     // np.std(a) -> 4.743416490252569
  EXPECT_DOUBLE_EQ(s.cv, 4.743416442818405e-09);  // np.std(a) / np.mean(a) -> 4.743416442818405e-09
}

TEST(Summary, TailPercentilesOfAThousandValues) {
  std::vector<double> values(1000);
  std::iota(values.rbegin(), values.rend(), 1.0);  // 1000 down to 1: order must not matter
  const std::vector<double> ps{50, 99.9, 99.99};
  const Summary s = summarize(values, ps);
  EXPECT_DOUBLE_EQ(s.mean, 500.5);             // np.mean(np.arange(1, 1001)) -> 500.5
  EXPECT_DOUBLE_EQ(s.std, 288.6749902572095);  // np.std(a) -> 288.6749902572095; sqrt((1000^2 - 1) / 12)
  EXPECT_DOUBLE_EQ(s.median, 500.5);           // np.median(a) -> 500.5
  // h = 999 * 0.999 = 998.001 -> 999 + 0.001; np.percentile(a, 99.9) -> 999.0010000000001
  EXPECT_DOUBLE_EQ(percentile_of(s, 99.9), 999.001);
  // h = 999 * 0.9999 = 998.9001 -> 999 + 0.9001; np.percentile(a, 99.99) -> 999.9001
  EXPECT_DOUBLE_EQ(percentile_of(s, 99.99), 999.9001);
}

TEST(Summary, CvIsZeroWhenMeanIsZero) {
  // mean 0, std 1 (np.std([-1, 1]) -> 1.0): cv is defined as 0 rather than a division by zero.
  const std::vector<double> values{-1, 1};
  const Summary s = summarize(values, default_percentiles());
  EXPECT_EQ(s.mean, 0.0);
  EXPECT_DOUBLE_EQ(s.std, 1.0);
  EXPECT_EQ(s.cv, 0.0);
}

TEST(Summary, RejectsBadInput) {
  const std::vector<double> empty;
  const std::vector<double> one{1.0};
  const std::vector<double> fifty{50};
  EXPECT_THROW((void)summarize(empty, fifty), std::invalid_argument);
  const std::vector<double> negative{-0.5};
  const std::vector<double> above{100.5};
  const std::vector<double> nan{std::numeric_limits<double>::quiet_NaN()};
  EXPECT_THROW((void)summarize(one, negative), std::invalid_argument);
  EXPECT_THROW((void)summarize(one, above), std::invalid_argument);
  EXPECT_THROW((void)summarize(one, nan), std::invalid_argument);
  const std::vector<double> with_nan{1.0, std::numeric_limits<double>::quiet_NaN()};
  const std::vector<double> with_inf{1.0, std::numeric_limits<double>::infinity()};
  EXPECT_THROW((void)summarize(with_nan, fifty), std::invalid_argument);
  EXPECT_THROW((void)summarize(with_inf, fifty), std::invalid_argument);
}

TEST(Summary, DefaultPercentiles) {
  EXPECT_EQ(default_percentiles(), (std::vector<double>{50, 90, 95, 99}));
}

TEST(PercentileLinearSorted, InterpolatesBetweenOrderStatistics) {
  const std::vector<double> sorted{10, 20, 30, 40};
  EXPECT_DOUBLE_EQ(percentile_linear_sorted(sorted, 0), 10.0);  // np.percentile([10, 20, 30, 40], 0) -> 10.0
  EXPECT_DOUBLE_EQ(percentile_linear_sorted(sorted, 100), 40.0);  // np.percentile(a, 100) -> 40.0
  EXPECT_DOUBLE_EQ(percentile_linear_sorted(sorted, 50), 25.0);   // h = 1.5; np.percentile(a, 50) -> 25.0
  EXPECT_DOUBLE_EQ(percentile_linear_sorted(sorted, 100.0 / 3), 20.0);  // h = 1 -> x[1]
  EXPECT_THROW((void)percentile_linear_sorted(std::vector<double>{}, 50), std::invalid_argument);
  EXPECT_THROW((void)percentile_linear_sorted(sorted, -1), std::invalid_argument);
  EXPECT_THROW((void)percentile_linear_sorted(sorted, 101), std::invalid_argument);
}

TEST(PercentileKey, ShortestExactDecimal) {
  EXPECT_EQ(percentile_key(50), "p50");
  EXPECT_EQ(percentile_key(99.9), "p99.9");
  EXPECT_EQ(percentile_key(99.99), "p99.99");
  EXPECT_EQ(percentile_key(0), "p0");
  EXPECT_EQ(percentile_key(-0.0), "p0");
  EXPECT_EQ(percentile_key(100), "p100");
  EXPECT_EQ(percentile_key(12.5), "p12.5");
  EXPECT_EQ(percentile_key(0.001), "p0.001");  // fixed notation, never "p1e-03"
  EXPECT_THROW((void)percentile_key(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
}

}  // namespace
}  // namespace ib::stats
