#pragma once
// How far an optimised engine's output (TensorRT fp16, say) strays from a reference engine's output for the
// same input. The [0,1]-normalised errors reproduce the users' cross-engine script exactly (each map min-max
// normalised on its own, eps 1e-8), so numbers can be compared with what they already have; cosine similarity
// and relative L2 on the raw values catch what normalisation hides (a global scale or offset). Formulas:
// docs/methodology.md, "Accuracy metrics".
#include <cstddef>
#include <span>

namespace ib::quality {

struct DiffMetrics {
  double mae = 0;         ///< mean |t' - r'| of the [0,1]-normalised maps
  double rmse = 0;        ///< sqrt(mean (t' - r')^2) of the normalised maps
  double max_abs = 0;     ///< max |t' - r'| of the normalised maps
  double cosine = 0;      ///< r.t / (|r| |t|) on raw values; 1 when both are all zero, 0 when only one is
  double rel_l2 = 0;      ///< |t - r| / |r| on raw values; 0 when both are all zero, +inf when only r is
  std::size_t count = 0;  ///< element pairs compared (both finite)
  std::size_t nonfinite_reference = 0;  ///< NaN/Inf in the reference, excluded pairwise
  std::size_t nonfinite_test = 0;       ///< NaN/Inf in the test output, excluded pairwise
  bool operator==(const DiffMetrics&) const = default;
};

/// Compares two outputs element by element (same length, same layout). Pairs where either value is NaN or Inf
/// are counted and left out of every metric. Throws ib::core::InputError when the lengths differ or no finite
/// pair is left.
[[nodiscard]] DiffMetrics compare_outputs(std::span<const double> reference, std::span<const double> test);

}  // namespace ib::quality
