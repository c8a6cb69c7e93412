#include "quality/depth_metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "inferbench/errors.hpp"

namespace ib::quality {
namespace {

// numpy.median: the mean of the two middle values for an even count. `values` is reordered.
double median(std::vector<double>& values) {
  const std::size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle), values.end());
  const double upper = values[middle];
  if (values.size() % 2 == 1) return upper;
  const double lower =
      *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle));
  return lower + (upper - lower) / 2;
}

}  // namespace

void validate(const DepthOptions& options) {
  if (!(std::isfinite(options.min_depth) && options.min_depth > 0))
    throw core::InputError(fmt::format("--min-depth must be a positive number (got {})", options.min_depth));
  if (!(std::isfinite(options.max_depth) && options.max_depth > options.min_depth))
    throw core::InputError(fmt::format("--max-depth must be a number above --min-depth {} (got {})",
                                       options.min_depth, options.max_depth));
}

DepthMetrics depth_metrics(std::span<const double> pred, std::span<const double> gt,
                           const DepthOptions& options) {
  if (pred.size() != gt.size())
    throw core::InputError(
        fmt::format("prediction and ground truth differ in size: {} vs {} pixels", pred.size(), gt.size()));
  validate(options);

  DepthMetrics metrics;
  std::vector<double> p;
  std::vector<double> g;
  std::size_t valid_gt = 0;
  for (std::size_t i = 0; i < gt.size(); ++i) {
    if (!(std::isfinite(gt[i]) && gt[i] >= options.min_depth && gt[i] <= options.max_depth)) continue;
    ++valid_gt;
    double depth = pred[i];
    if (!std::isfinite(depth) || depth <= 0) {
      ++metrics.invalid_predictions;
      continue;
    }
    if (options.disparity) {
      depth = 1.0 / depth;
      if (!std::isfinite(depth)) {  // a subnormal disparity has no finite depth
        ++metrics.invalid_predictions;
        continue;
      }
    }
    p.push_back(depth);
    g.push_back(gt[i]);
  }
  if (valid_gt == 0)
    throw core::InputError(
        fmt::format("no valid ground-truth pixels (finite and within [{}, {}]) among {}; check "
                    "--min-depth / --max-depth",
                    options.min_depth, options.max_depth, gt.size()));
  if (p.empty())
    throw NoValidPrediction(
        fmt::format("no valid predictions: all {} pixels with valid ground truth are predicted "
                    "NaN, Inf or <= 0",
                    valid_gt));

  if (options.median_scaling) {
    std::vector<double> scratch = g;
    const double gt_median = median(scratch);
    scratch = p;
    metrics.scale = gt_median / median(scratch);
  }
  const std::size_t n = p.size();
  double sum_abs_rel = 0;
  double sum_sq_rel = 0;
  double sum_sq = 0;
  double sum_log_sq = 0;
  double sum_log10 = 0;
  double sum_d = 0;
  std::size_t within[3] = {0, 0, 0};
  for (std::size_t i = 0; i < n; ++i) {
    // monodepth2 clamps after scaling, so a few wild pixels cannot dominate rmse or send log() to -inf.
    const double depth = std::clamp(p[i] * metrics.scale, options.min_depth, options.max_depth);
    const double truth = g[i];
    const double diff = depth - truth;
    const double d = std::log(depth) - std::log(truth);
    sum_abs_rel += std::abs(diff) / truth;
    sum_sq_rel += diff * diff / truth;
    sum_sq += diff * diff;
    sum_log_sq += d * d;
    sum_log10 += std::abs(std::log10(depth) - std::log10(truth));
    sum_d += d;
    const double ratio = std::max(truth / depth, depth / truth);
    within[0] += ratio < 1.25 ? 1 : 0;
    within[1] += ratio < 1.25 * 1.25 ? 1 : 0;
    within[2] += ratio < 1.25 * 1.25 * 1.25 ? 1 : 0;
  }
  const auto count = static_cast<double>(n);
  metrics.abs_rel = sum_abs_rel / count;
  metrics.sq_rel = sum_sq_rel / count;
  metrics.rmse = std::sqrt(sum_sq / count);
  metrics.rmse_log = std::sqrt(sum_log_sq / count);
  metrics.log10 = sum_log10 / count;
  const double mean_d = sum_d / count;
  // mean(d^2) >= mean(d)^2 > 0.5 mean(d)^2, so the radicand is non-negative up to rounding.
  metrics.silog = std::sqrt(std::max(0.0, sum_log_sq / count - 0.5 * mean_d * mean_d));
  metrics.d1 = static_cast<double>(within[0]) / count;
  metrics.d2 = static_cast<double>(within[1]) / count;
  metrics.d3 = static_cast<double>(within[2]) / count;
  metrics.valid_pixels = n;
  return metrics;
}

}  // namespace ib::quality
