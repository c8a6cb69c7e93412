// depth_metrics against numpy. Reference implementation used for every expected value (Depth-Anything-V2's
// metric.py formulas, monodepth2's median scaling and clamping):
//   def depth(pred, gt, mn=1e-5, mx=1e5, med=True, disp=False):
//       pred = np.asarray(pred, float); gt = np.asarray(gt, float)
//       m = np.isfinite(gt) & (gt >= mn) & (gt <= mx)
//       pv = pred[m]; ok = np.isfinite(pv) & (pv > 0); g = gt[m][ok]; p = pv[ok]
//       if disp: p = 1 / p
//       s = np.median(g) / np.median(p) if med else 1.0
//       p = np.clip(p * s, mn, mx)
//       th = np.maximum(g / p, p / g); d = np.log(p) - np.log(g)
//       return dict(abs_rel=np.mean(np.abs(g - p) / g), sq_rel=np.mean((g - p)**2 / g),
//                   rmse=np.sqrt(np.mean((g - p)**2)), rmse_log=np.sqrt(np.mean(d**2)),
//                   log10=np.mean(np.abs(np.log10(g) - np.log10(p))),
//                   silog=np.sqrt(np.mean(d**2) - 0.5 * np.mean(d)**2), d1=np.mean(th < 1.25),
//                   d2=np.mean(th < 1.25**2), d3=np.mean(th < 1.25**3), valid=len(g), invalid=(~ok).sum(),
//                   scale=s)
//   G = [1., 2, 3, 4, 5, 6, nan, 0, 2e5, 8]
//   P = [1.1, 1.8, 3.5, 3.0, 6.0, 5.5, 1, 1, 1, nan]
#include "quality/depth_metrics.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "inferbench/errors.hpp"

namespace ib::quality {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kTolerance = 1e-12;

const std::vector<double> kGt{1, 2, 3, 4, 5, 6, kNan, 0, 2e5, 8};
const std::vector<double> kPred{1.1, 1.8, 3.5, 3.0, 6.0, 5.5, 1, 1, 1, kNan};

std::string input_error(const std::vector<double>& pred, const std::vector<double>& gt,
                        const DepthOptions& o) {
  try {
    (void)depth_metrics(pred, gt, o);
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "no InputError";
}

TEST(DepthMetrics, MedianScalingMatchesNumpy) {
  // depth(P, G): GT nan, 0 and 2e5 are outside the mask; the NaN prediction at GT 8 is counted and left out.
  const DepthMetrics m = depth_metrics(kPred, kGt, {});
  EXPECT_NEAR(m.abs_rel, 0.16153846153846155, kTolerance);
  EXPECT_NEAR(m.sq_rel, 0.1348915187376726, kTolerance);
  EXPECT_NEAR(m.rmse, 0.7487003861656384, kTolerance);
  EXPECT_NEAR(m.rmse_log, 0.1794982550441378, kTolerance);
  EXPECT_NEAR(m.log10, 0.06600091814913965, kTolerance);
  EXPECT_NEAR(m.silog, 0.17331324955302724, kTolerance);
  EXPECT_NEAR(m.d1, 0.6666666666666666, kTolerance);
  EXPECT_EQ(m.d2, 1.0);
  EXPECT_EQ(m.d3, 1.0);
  EXPECT_EQ(m.valid_pixels, 6u);
  EXPECT_EQ(m.invalid_predictions, 1u);
  EXPECT_NEAR(m.scale, 1.0769230769230769, kTolerance);  // median(1..6) 3.5 / median(pred) 3.25
}

TEST(DepthMetrics, WithoutMedianScalingMatchesNumpy) {
  // depth(P, G, med=False)
  const DepthMetrics m = depth_metrics(kPred, kGt, {.median_scaling = false});
  EXPECT_NEAR(m.abs_rel, 0.15, kTolerance);
  EXPECT_NEAR(m.sq_rel, 0.10083333333333333, kTolerance);
  EXPECT_NEAR(m.rmse, 0.6519202405202649, kTolerance);
  EXPECT_NEAR(m.rmse_log, 0.16709299074306708, kTolerance);
  EXPECT_NEAR(m.log10, 0.06600091814913965, kTolerance);
  EXPECT_NEAR(m.silog, 0.1669961211118871, kTolerance);
  EXPECT_NEAR(m.d1, 0.8333333333333334, kTolerance);
  EXPECT_EQ(m.scale, 1.0);
}

TEST(DepthMetrics, DepthRangeIsInclusiveAndClampsPredictions) {
  // depth(P, G, mn=1.5, mx=5.5, med=False): GT 2..5 are valid; the prediction 6.0 is clamped to 5.5.
  const DepthMetrics m =
      depth_metrics(kPred, kGt, {.min_depth = 1.5, .max_depth = 5.5, .median_scaling = false});
  EXPECT_NEAR(m.abs_rel, 0.15416666666666665, kTolerance);
  EXPECT_NEAR(m.sq_rel, 0.10083333333333333, kTolerance);
  EXPECT_NEAR(m.rmse, 0.6204836822995429, kTolerance);
  EXPECT_NEAR(m.rmse_log, 0.17798052950770593, kTolerance);
  EXPECT_NEAR(m.log10, 0.06975892548945334, kTolerance);
  EXPECT_NEAR(m.silog, 0.1761613688080345, kTolerance);
  EXPECT_NEAR(m.d1, 0.75, kTolerance);
  EXPECT_EQ(m.valid_pixels, 4u);
  EXPECT_EQ(m.invalid_predictions, 0u);
  // Inclusive bounds: GT exactly at min and max counts.
  EXPECT_EQ(depth_metrics(std::vector<double>{2, 5}, std::vector<double>{2, 5},
                          {.min_depth = 2, .max_depth = 5, .median_scaling = false})
                .valid_pixels,
            2u);
}

TEST(DepthMetrics, DisparityInvertsBeforeScaling) {
  // depth(1 / P with -1 for the NaN, G, disp=True): the same depths as above, so the same numbers.
  std::vector<double> disparity{1 / 1.1, 1 / 1.8, 1 / 3.5, 1 / 3.0, 1 / 6.0, 1 / 5.5, 1, 1, 1, -1};
  const DepthMetrics m = depth_metrics(disparity, kGt, {.disparity = true});
  EXPECT_NEAR(m.abs_rel, 0.16153846153846158, kTolerance);
  EXPECT_NEAR(m.rmse, 0.7487003861656384, kTolerance);
  EXPECT_NEAR(m.silog, 0.17331324955302724, kTolerance);
  EXPECT_NEAR(m.scale, 1.0769230769230769, kTolerance);
  EXPECT_EQ(m.invalid_predictions, 1u);

  // depth([0.5, 0.25, 0.2, 0.0, 1e-300], [2., 4, 5, 1, 1], disp=True, med=False): zero disparity is invalid;
  // 1e-300 inverts to 1e300 and is clamped to max_depth 1e5.
  const DepthMetrics far =
      depth_metrics(std::vector<double>{0.5, 0.25, 0.2, 0.0, 1e-300}, std::vector<double>{2, 4, 5, 1, 1},
                    {.median_scaling = false, .disparity = true});
  EXPECT_NEAR(far.abs_rel, 24999.75, 1e-9);
  EXPECT_NEAR(far.sq_rel, 2499950000.25, 1e-3);
  EXPECT_NEAR(far.rmse, 49999.5, 1e-9);
  EXPECT_NEAR(far.rmse_log, 5.756462732485114, kTolerance);
  EXPECT_NEAR(far.log10, 1.25, kTolerance);
  EXPECT_NEAR(far.silog, 5.384677826172959, kTolerance);
  EXPECT_EQ(far.d1, 0.75);
  EXPECT_EQ(far.invalid_predictions, 1u);
}

TEST(DepthMetrics, PerfectPredictionIsExact) {
  const std::vector<double> gt{0.5, 1, 2, 40};
  const DepthMetrics m = depth_metrics(gt, gt, {});
  EXPECT_EQ(m.abs_rel, 0);
  EXPECT_EQ(m.rmse, 0);
  EXPECT_EQ(m.silog, 0);
  EXPECT_EQ(m.d1, 1);
  EXPECT_EQ(m.scale, 1);
}

TEST(DepthMetrics, CountsEveryKindOfInvalidPrediction) {
  const DepthMetrics m =
      depth_metrics(std::vector<double>{kNan, kInf, -kInf, 0, -2, 3}, std::vector<double>(6, 3.0), {});
  EXPECT_EQ(m.invalid_predictions, 5u);
  EXPECT_EQ(m.valid_pixels, 1u);
  EXPECT_EQ(m.abs_rel, 0);
}

TEST(DepthMetrics, ErrorsInsteadOfNan) {
  const std::vector<double> pred{1, 2, 3};
  EXPECT_EQ(input_error(pred, {0, kNan, 2e5}, {}),
            "no valid ground-truth pixels (finite and within [1e-05, 100000]) among 3; check --min-depth / "
            "--max-depth");
  EXPECT_EQ(input_error({kNan, 0, -1}, {1, 2, 3}, {}),
            "no valid predictions: all 3 pixels with valid ground truth are predicted NaN, Inf or <= 0");
  EXPECT_EQ(input_error(pred, {1, 2}, {}), "prediction and ground truth differ in size: 3 vs 2 pixels");
  EXPECT_EQ(input_error({}, {}, {}).rfind("no valid ground-truth pixels", 0), 0u);
  EXPECT_EQ(input_error(pred, pred, {.min_depth = 0}), "--min-depth must be a positive number (got 0)");
  EXPECT_EQ(input_error(pred, pred, {.min_depth = 2, .max_depth = 1}),
            "--max-depth must be a number above --min-depth 2 (got 1)");
}

}  // namespace
}  // namespace ib::quality
