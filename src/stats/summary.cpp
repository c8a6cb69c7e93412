#include "stats/summary.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "inferbench/errors.hpp"
#include "core/text.hpp"

namespace ib::stats {
namespace {

using core::trim;

[[nodiscard]] bool in_percent_range(double p) noexcept {
  // Written so that NaN fails the test too.
  return p >= 0.0 && p <= 100.0;
}

void require_percent(double p) {
  if (!in_percent_range(p)) {
    throw std::invalid_argument("percentile " + std::to_string(p) + " is outside 0..100");
  }
}

// Corrected two-pass algorithm: a compensated (Neumaier) sum gives the mean, a second pass over the residuals
// removes what rounding the first pass left, and the variance is taken about that mean. This stays accurate
// for latencies with a large common offset (e.g. 1e9 + small jitter), where the textbook sum-of-squares
// formula cancels catastrophically.
struct MeanVariance {
  double mean = 0;
  double variance = 0;
};

[[nodiscard]] MeanVariance mean_and_population_variance(std::span<const double> values) {
  const auto n = static_cast<double>(values.size());
  double sum = 0;
  double compensation = 0;
  for (const double x : values) {
    const double t = sum + x;
    compensation += std::abs(sum) >= std::abs(x) ? (sum - t) + x : (x - t) + sum;
    sum = t;
  }
  double mean = (sum + compensation) / n;

  double residual_sum = 0;
  for (const double x : values) residual_sum += x - mean;
  mean += residual_sum / n;

  double squares = 0;
  double residuals = 0;
  for (const double x : values) {
    const double d = x - mean;
    squares += d * d;
    residuals += d;
  }
  // The residual term is ~0 in exact arithmetic; subtracting it cancels the error the mean still carries.
  const double variance = std::max(0.0, (squares - residuals * residuals / n) / n);
  return {mean, variance};
}


}  // namespace

std::vector<double> default_percentiles() {
  return {50.0, 90.0, 95.0, 99.0};
}

double percentile_linear_sorted(std::span<const double> sorted, double p) {
  if (sorted.empty()) throw std::invalid_argument("percentile of an empty series");
  require_percent(p);
  const std::size_t last = sorted.size() - 1;
  const double rank = static_cast<double>(last) * p / 100.0;
  const auto below = static_cast<std::size_t>(std::floor(rank));
  if (below >= last) return sorted[last];
  const double fraction = rank - static_cast<double>(below);
  const double lower = sorted[below];
  const double upper = sorted[below + 1];
  const double step = upper - lower;
  // Interpolate from the nearer neighbour, as numpy does: the result is exact at both ends and monotonic in
  // p, and it matches numpy's output to the last bit in more cases.
  return fraction < 0.5 ? lower + step * fraction : upper - step * (1.0 - fraction);
}

Summary summarize(std::span<const double> values, std::span<const double> percentiles) {
  if (values.empty()) throw std::invalid_argument("summary of an empty series");
  for (const double p : percentiles) require_percent(p);
  // Sorting needs a strict weak order, which NaN breaks; an infinite latency is a bug upstream, not a
  // measurement.
  if (!std::all_of(values.begin(), values.end(), [](double x) { return std::isfinite(x); })) {
    throw std::invalid_argument("summary of a series with a non-finite value");
  }

  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());

  const MeanVariance moments = mean_and_population_variance(sorted);
  Summary summary;
  summary.count = sorted.size();
  summary.mean = moments.mean;
  summary.std = std::sqrt(moments.variance);
  summary.cv = summary.mean == 0.0 ? 0.0 : summary.std / summary.mean;
  summary.min = sorted.front();
  summary.max = sorted.back();
  summary.median = percentile_linear_sorted(sorted, 50.0);
  summary.percentiles.reserve(percentiles.size());
  for (const double p : percentiles) summary.percentiles.push_back({p, percentile_linear_sorted(sorted, p)});
  return summary;
}

std::string percentile_key(double p) {
  if (!std::isfinite(p)) throw std::invalid_argument("percentile key of a non-finite value");
  if (p == 0.0) p = 0.0;  // -0 would print as "p-0"
  // Fixed notation with the fewest digits that read back as the same double: 99.9 -> "99.9",
  // never 99.900000001 nor 1e-05. 330 characters hold any double in fixed notation.
  char buffer[400];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, p, std::chars_format::fixed);
  if (ec != std::errc{}) throw std::invalid_argument("percentile key: cannot format value");
  std::string key = "p";
  key.append(buffer, end);
  return key;
}


}  // namespace ib::stats
