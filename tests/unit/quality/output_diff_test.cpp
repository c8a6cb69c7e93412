// compare_outputs against numpy. Reference implementation used for every expected value:
//   def diff(r, t):
//       r = np.asarray(r, float); t = np.asarray(t, float)
//       m = np.isfinite(r) & np.isfinite(t); r = r[m]; t = t[m]
//       rn = (r - r.min()) / (r.max() - r.min() + 1e-8); tn = (t - t.min()) / (t.max() - t.min() + 1e-8)
//       e = tn - rn
//       return dict(mae=np.abs(e).mean(), rmse=np.sqrt((e**2).mean()), max_abs=np.abs(e).max(),
//                   cosine=r @ t / (np.linalg.norm(r) * np.linalg.norm(t)),
//                   rel_l2=np.linalg.norm(t - r) / np.linalg.norm(r), count=m.sum())
#include "quality/output_diff.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "inferbench/errors.hpp"

namespace ib::quality {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kTolerance = 1e-12;

TEST(OutputDiff, MatchesNumpy) {
  // diff([0., 1, 2, 3, 4], [0.1, 1.2, 1.9, 3.3, 3.8])
  const std::vector<double> ref{0, 1, 2, 3, 4};
  const std::vector<double> test{0.1, 1.2, 1.9, 3.3, 3.8};
  const DiffMetrics m = compare_outputs(ref, test);
  EXPECT_NEAR(m.mae, 0.03513513506044558, kTolerance);
  EXPECT_NEAR(m.rmse, 0.05588127850748438, kTolerance);
  EXPECT_NEAR(m.max_abs, 0.11486486440239219, kTolerance);
  EXPECT_NEAR(m.cosine, 0.9968745718107075, kTolerance);
  EXPECT_NEAR(m.rel_l2, 0.07958224257542214, kTolerance);
  EXPECT_EQ(m.count, 5u);
  EXPECT_EQ(m.nonfinite_reference, 0u);
  EXPECT_EQ(m.nonfinite_test, 0u);
}

TEST(OutputDiff, CountsAndExcludesNonFinitePairwise) {
  // diff([0., 1, nan, 3, 4, 5], [0.5, 1, 2, inf, 4, -1])
  const std::vector<double> ref{0, 1, kNan, 3, 4, 5};
  const std::vector<double> test{0.5, 1, 2, kInf, 4, -1};
  const DiffMetrics m = compare_outputs(ref, test);
  EXPECT_NEAR(m.mae, 0.42499999915000003, kTolerance);
  EXPECT_NEAR(m.rmse, 0.540832690237933, kTolerance);
  EXPECT_NEAR(m.max_abs, 0.9999999980000001, kTolerance);
  EXPECT_NEAR(m.cosine, 0.433436186298462, kTolerance);
  EXPECT_NEAR(m.rel_l2, 0.9290291911965082, kTolerance);
  EXPECT_EQ(m.count, 4u);
  EXPECT_EQ(m.nonfinite_reference, 1u);
  EXPECT_EQ(m.nonfinite_test, 1u);
}

TEST(OutputDiff, ConstantMapNormalisesToZeroThroughEps) {
  // diff([2., 2, 2], [1., 2, 3]): the constant reference normalises to all zeros, not 0/0.
  const DiffMetrics m = compare_outputs(std::vector<double>{2, 2, 2}, std::vector<double>{1, 2, 3});
  EXPECT_NEAR(m.mae, 0.4999999975, kTolerance);
  EXPECT_NEAR(m.rmse, 0.6454972211404167, kTolerance);
  EXPECT_NEAR(m.max_abs, 0.999999995, kTolerance);
  EXPECT_NEAR(m.cosine, 0.9258200997725515, kTolerance);
  EXPECT_NEAR(m.rel_l2, 0.4082482904638631, kTolerance);
}

TEST(OutputDiff, IdenticalOutputsAreExact) {
  const std::vector<double> map{0.25, -3, 7, 1e6};
  const DiffMetrics m = compare_outputs(map, map);
  EXPECT_EQ(m.mae, 0);
  EXPECT_EQ(m.rmse, 0);
  EXPECT_EQ(m.max_abs, 0);
  EXPECT_EQ(m.rel_l2, 0);
  EXPECT_NEAR(m.cosine, 1, 1e-15);
  EXPECT_LE(m.cosine, 1.0);
}

TEST(OutputDiff, AllZeroMapsHaveDefinedCosineAndRelL2) {
  const std::vector<double> zeros{0, 0, 0};
  const std::vector<double> ones{1, 1, 1};
  const DiffMetrics same = compare_outputs(zeros, zeros);
  EXPECT_EQ(same.cosine, 1.0);
  EXPECT_EQ(same.rel_l2, 0.0);
  const DiffMetrics zero_ref = compare_outputs(zeros, ones);
  EXPECT_EQ(zero_ref.cosine, 0.0);
  EXPECT_EQ(zero_ref.rel_l2, kInf);
  EXPECT_EQ(compare_outputs(ones, zeros).rel_l2, 1.0);
}

TEST(OutputDiff, RejectsSizeMismatchAndNothingToCompare) {
  try {
    (void)compare_outputs(std::vector<double>{1, 2, 3}, std::vector<double>{1, 2});
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "outputs differ in size: the reference has 3 elements, the test output 2");
  }
  EXPECT_THROW((void)compare_outputs(std::vector<double>{}, std::vector<double>{}), core::InputError);
  EXPECT_THROW((void)compare_outputs(std::vector<double>{kNan, 1}, std::vector<double>{1, kInf}),
               core::InputError);
}

}  // namespace
}  // namespace ib::quality
