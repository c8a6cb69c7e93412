#include "quality/output_diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "inferbench/errors.hpp"

namespace ib::quality {
namespace {

// The users' script: (x - min) / (max - min + 1e-8); the eps keeps a constant map at 0 instead of 0/0.
constexpr double kNormalisationEps = 1e-8;

struct Range {
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
};

}  // namespace

DiffMetrics compare_outputs(std::span<const double> reference, std::span<const double> test) {
  if (reference.size() != test.size())
    throw core::InputError(
        fmt::format("outputs differ in size: the reference has {} elements, the test output {}",
                    reference.size(), test.size()));
  DiffMetrics metrics;
  std::vector<std::size_t> kept;
  kept.reserve(reference.size());
  Range ref_range;
  Range test_range;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    const bool ref_finite = std::isfinite(reference[i]);
    const bool test_finite = std::isfinite(test[i]);
    metrics.nonfinite_reference += ref_finite ? 0 : 1;
    metrics.nonfinite_test += test_finite ? 0 : 1;
    if (!ref_finite || !test_finite) continue;
    kept.push_back(i);
    ref_range = {std::min(ref_range.min, reference[i]), std::max(ref_range.max, reference[i])};
    test_range = {std::min(test_range.min, test[i]), std::max(test_range.max, test[i])};
  }
  metrics.count = kept.size();
  if (kept.empty())
    throw core::InputError(
        fmt::format("no pair of finite values to compare ({} elements; {} non-finite in the "
                    "reference, {} in the test output)",
                    reference.size(), metrics.nonfinite_reference, metrics.nonfinite_test));

  const double ref_span = ref_range.max - ref_range.min + kNormalisationEps;
  const double test_span = test_range.max - test_range.min + kNormalisationEps;
  double sum_abs = 0;
  double sum_sq = 0;
  double dot = 0;
  double ref_sq = 0;
  double test_sq = 0;
  double diff_sq = 0;
  for (const std::size_t i : kept) {
    const double r = reference[i];
    const double t = test[i];
    const double error = (t - test_range.min) / test_span - (r - ref_range.min) / ref_span;
    sum_abs += std::abs(error);
    sum_sq += error * error;
    metrics.max_abs = std::max(metrics.max_abs, std::abs(error));
    dot += r * t;
    ref_sq += r * r;
    test_sq += t * t;
    diff_sq += (t - r) * (t - r);
  }
  const auto n = static_cast<double>(kept.size());
  metrics.mae = sum_abs / n;
  metrics.rmse = std::sqrt(sum_sq / n);
  if (ref_sq == 0 || test_sq == 0) {
    metrics.cosine = (ref_sq == 0 && test_sq == 0) ? 1.0 : 0.0;
  } else {
    // Clamped: rounding can push identical maps a hair above 1.
    metrics.cosine = std::clamp(dot / (std::sqrt(ref_sq) * std::sqrt(test_sq)), -1.0, 1.0);
  }
  if (ref_sq == 0) {
    metrics.rel_l2 = diff_sq == 0 ? 0.0 : std::numeric_limits<double>::infinity();
  } else {
    metrics.rel_l2 = std::sqrt(diff_sq) / std::sqrt(ref_sq);
  }
  return metrics;
}

}  // namespace ib::quality
