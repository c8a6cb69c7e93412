#include "stats/compare.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

#include <boost/math/distributions/normal.hpp>

#include "stats/summary.hpp"

namespace ib::stats {
namespace {

void require_samples(std::span<const double> values, const char* which) {
  if (values.empty()) throw std::invalid_argument(std::string(which) + " sample is empty");
  for (const double v : values) {
    if (!std::isfinite(v))
      throw std::invalid_argument(std::string(which) + " sample holds a non-finite value");
  }
}

std::vector<double> sorted_copy(std::span<const double> values) {
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and the same sequence on every platform, unlike the
// standard distributions, whose algorithms the standard leaves to each library.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n); the modulo bias, n / 2^64, is far below anything a bootstrap can see.
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t state_;
};

// The numpy-linear median of a resample of `sorted` (n draws with replacement), in O(n): because `sorted` is
// ordered, the resample's k-th smallest value is sorted[i] for the k-th smallest drawn index i, so counting
// the drawn indices replaces sorting the values.
class MedianResampler {
 public:
  explicit MedianResampler(const std::vector<double>& sorted) : sorted_(sorted), counts_(sorted.size()) {}

  double draw(SplitMix64& rng) {
    const std::size_t n = sorted_.size();
    std::fill(counts_.begin(), counts_.end(), 0u);
    for (std::size_t i = 0; i < n; ++i) ++counts_[rng.below(n)];
    // 0-based ranks of the two middle order statistics (equal when n is odd).
    const std::size_t low_rank = (n - 1) / 2;
    const std::size_t high_rank = n / 2;
    double low = 0;
    std::size_t seen = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t before = seen;
      seen += counts_[i];
      if (before <= low_rank && low_rank < seen) low = sorted_[i];
      if (before <= high_rank && high_rank < seen) return (low + sorted_[i]) / 2.0;
    }
    return low;  // unreachable: the counts add up to n
  }

 private:
  const std::vector<double>& sorted_;
  std::vector<std::uint32_t> counts_;
};

}  // namespace

MannWhitney mann_whitney_u(std::span<const double> base, std::span<const double> new_samples) {
  require_samples(base, "base");
  require_samples(new_samples, "new");
  const std::size_t n1 = base.size();
  const std::size_t n2 = new_samples.size();
  const std::size_t n = n1 + n2;

  // Pool (value, from_new), sort, give tied values their average 1-based rank.
  std::vector<std::pair<double, bool>> pooled;
  pooled.reserve(n);
  for (const double v : base) pooled.emplace_back(v, false);
  for (const double v : new_samples) pooled.emplace_back(v, true);
  std::sort(pooled.begin(), pooled.end());
  double rank_sum_new = 0;
  double tie_term = 0;  // sum over tie groups of t^3 - t
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && pooled[j].first == pooled[i].first) ++j;
    const double t = static_cast<double>(j - i);
    const double average_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (std::size_t k = i; k < j; ++k) {
      if (pooled[k].second) rank_sum_new += average_rank;
    }
    tie_term += t * t * t - t;
    i = j;
  }

  MannWhitney result;
  result.n_base = n1;
  result.n_new = n2;
  const double d1 = static_cast<double>(n1);
  const double d2 = static_cast<double>(n2);
  const double dn = static_cast<double>(n);
  result.u_new = rank_sum_new - d2 * (d2 + 1) / 2.0;
  result.u_base = d1 * d2 - result.u_new;
  result.probability_new_greater = result.u_new / (d1 * d2);

  const double mean = d1 * d2 / 2.0;
  const double variance = n > 1 ? d1 * d2 / 12.0 * ((dn + 1) - tie_term / (dn * (dn - 1))) : 0.0;
  if (!(variance > 0)) return result;  // every value equal: nothing to tell apart, z = 0, p = 1
  const double distance = std::max(std::abs(result.u_new - mean) - 0.5, 0.0);
  const double z = distance / std::sqrt(variance);
  result.z = result.u_new >= mean ? z : -z;
  const boost::math::normal_distribution<double> normal;
  result.p_value = std::min(1.0, 2.0 * boost::math::cdf(boost::math::complement(normal, z)));
  return result;
}

MedianDifference bootstrap_median_difference(std::span<const double> base,
                                             std::span<const double> new_samples, double confidence,
                                             std::size_t resamples, std::uint64_t seed) {
  require_samples(base, "base");
  require_samples(new_samples, "new");
  if (resamples < 1) throw std::invalid_argument("bootstrap needs at least one resample");
  if (!(confidence > 0 && confidence < 1)) throw std::invalid_argument("confidence must be in (0, 1)");
  const std::vector<double> sorted_base = sorted_copy(base);
  const std::vector<double> sorted_new = sorted_copy(new_samples);

  MedianDifference result;
  result.confidence = confidence;
  result.resamples = resamples;
  result.estimate = percentile_linear_sorted(sorted_new, 50) - percentile_linear_sorted(sorted_base, 50);

  SplitMix64 rng(seed);
  MedianResampler base_median(sorted_base);
  MedianResampler new_median(sorted_new);
  std::vector<double> differences(resamples);
  for (auto& difference : differences) {
    const double b = base_median.draw(rng);
    difference = new_median.draw(rng) - b;
  }
  std::sort(differences.begin(), differences.end());
  result.lower = percentile_linear_sorted(differences, 100.0 * (1 - confidence) / 2);
  result.upper = percentile_linear_sorted(differences, 100.0 * (1 + confidence) / 2);
  return result;
}

std::string change_name(Change change) {
  switch (change) {
    case Change::faster:
      return "faster";
    case Change::slower:
      return "slower";
    case Change::no_change:
      break;
  }
  return "no significant change";
}

LatencyComparison compare_latency(std::span<const double> base, std::span<const double> new_samples,
                                  double alpha, std::size_t resamples) {
  if (!(alpha > 0 && alpha < 1)) throw std::invalid_argument("alpha must be in (0, 1)");
  LatencyComparison comparison;
  comparison.alpha = alpha;
  comparison.test = mann_whitney_u(base, new_samples);
  comparison.median = bootstrap_median_difference(base, new_samples, 1 - alpha, resamples);
  if (comparison.test.p_value < alpha) {
    if (comparison.median.lower > 0) comparison.change = Change::slower;
    if (comparison.median.upper < 0) comparison.change = Change::faster;
  }
  return comparison;
}

}  // namespace ib::stats
