#pragma once
// Ground-truth depth metrics (abs_rel, sq_rel, rmse, rmse_log, log10, silog, d1..d3) as the Depth-Anything-V2
// metric evaluation (metric_depth/util/metric.py) defines them, with monodepth2's median scaling and clamping
// for relative-depth models. One pure function so the same numbers come out of `inferbench quality depth`, a
// benchmark run with --gt, and the dataset mode. Every formula and its source: docs/methodology.md, "Accuracy
// metrics".
#include <cstddef>
#include <span>
#include <string>

#include "inferbench/errors.hpp"

namespace ib::quality {

struct DepthOptions {
  double min_depth =
      1e-5;  ///< GT below this is invalid; predictions are clamped up to it (the users' default)
  double max_depth = 1e5;      ///< GT above this is invalid; predictions are clamped down to it
  bool median_scaling = true;  ///< scale predictions by median(gt) / median(pred) over the valid pixels
  bool disparity = false;      ///< the prediction is inverse depth: depth = 1 / pred, before scaling
};

struct DepthMetrics {
  double abs_rel = 0;   ///< mean |g - p| / g
  double sq_rel = 0;    ///< mean (g - p)^2 / g
  double rmse = 0;      ///< sqrt(mean (g - p)^2), in GT units
  double rmse_log = 0;  ///< sqrt(mean (ln g - ln p)^2)
  double log10 = 0;     ///< mean |log10 g - log10 p|
  double silog = 0;     ///< sqrt(mean d^2 - 0.5 (mean d)^2), d = ln p - ln g (Depth-Anything-V2; not x100)
  double d1 = 0;        ///< fraction (0..1) of pixels with max(g/p, p/g) < 1.25
  double d2 = 0;        ///< ... < 1.25^2
  double d3 = 0;        ///< ... < 1.25^3
  std::size_t valid_pixels = 0;         ///< pixels the metrics average over
  std::size_t invalid_predictions = 0;  ///< valid-GT pixels whose prediction was NaN, Inf or <= 0 (left out)
  double scale = 1;                     ///< the median-scaling factor applied (1 without median scaling)
  bool operator==(const DepthMetrics&) const = default;
};

/// Throws ib::core::InputError naming the flag when min_depth is not positive or max_depth not above it.
void validate(const DepthOptions& options);

/// The GT has valid pixels but the prediction is NaN, Inf or <= 0 at every one of them: a fault of the
/// model's output, not of the GT, which callers report as such (a run keeps its timing and says so).
class NoValidPrediction : public core::InputError {
 public:
  using core::InputError::InputError;
};

/// Metrics of `pred` against `gt` (same length, same layout). The valid mask is: GT finite and within
/// [min_depth, max_depth] (inclusive, as Depth-Anything-V2), and the prediction finite and > 0. Throws
/// ib::core::InputError on a size mismatch, bad options, or when no GT pixel is valid, and NoValidPrediction
/// when no prediction at a valid GT pixel is (never returns NaN).
[[nodiscard]] DepthMetrics depth_metrics(std::span<const double> pred, std::span<const double> gt,
                                         const DepthOptions& options = {});

}  // namespace ib::quality
