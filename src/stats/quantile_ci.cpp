#include "stats/quantile_ci.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace ib::stats {
namespace {

void require_percentile(double p) {
  // Written so that NaN fails the test too.
  if (!(p >= 0.0 && p <= 100.0))
    throw std::invalid_argument(fmt::format("percentile {} is outside 0..100", p));
}

void require_confidence(double confidence) {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw std::invalid_argument(fmt::format("confidence {} is outside (0, 1)", confidence));
  }
}

// P(K <= 0) and P(K >= n) for K ~ Binomial(n, q): what the two sample extremes leave uncovered. Closed forms,
// shared by quantile_ci() and min_samples_for_interval() so that both agree on when an interval exists.
struct EdgeTails {
  double below = 0;  ///< (1 - q)^n: every sample is above Q_q, so x_(1) > Q_q
  double above = 0;  ///< q^n: every sample is below Q_q, so x_(n) < Q_q
};

[[nodiscard]] EdgeTails edge_tails(std::size_t n, double q) {
  const auto exponent = static_cast<double>(n);
  return {std::pow(1.0 - q, exponent), std::pow(q, exponent)};
}

[[nodiscard]] bool interval_exists(std::size_t n, double q, double alpha) {
  const EdgeTails tails = edge_tails(n, q);
  return tails.below + tails.above <= alpha;
}

}  // namespace

QuantileInterval quantile_ci(std::span<const double> sorted, double p, double confidence) {
  require_percentile(p);
  require_confidence(confidence);
  if (!std::is_sorted(sorted.begin(), sorted.end()))
    throw std::invalid_argument("quantile_ci needs sorted samples");

  QuantileInterval result;
  result.p = p;
  result.confidence = confidence;
  const std::size_t n = sorted.size();
  const double q = p / 100.0;
  const double alpha = 1.0 - confidence;
  if (n == 0 || q <= 0.0 || q >= 1.0 || !interval_exists(n, q, alpha)) return result;

  const boost::math::binomial_distribution<double> binomial(static_cast<double>(n), q);
  // P(K <= k) and P(K > k); the complement keeps the upper tail accurate where it is tiny (high percentiles).
  const auto cdf = [&](std::size_t k) { return boost::math::cdf(binomial, static_cast<double>(k)); };
  const auto sf = [&](std::size_t k) {
    return boost::math::cdf(boost::math::complement(binomial, static_cast<double>(k)));
  };

  // Tail budgets: alpha / 2 each, unless one sample extreme already leaves more than that uncovered; then
  // that end is pinned to the extreme and the other side gets what is left (interval_exists() made sure it is
  // enough, and it made sure the two cannot both be pinned).
  const EdgeTails edges = edge_tails(n, q);
  const double half = alpha / 2.0;
  const bool pin_upper = edges.above > half;
  const bool pin_lower = edges.below > half;

  std::size_t lower_rank = 1;
  if (!pin_lower) {
    // l - 1 = the largest k in [0, n - 1] with P(K <= k) <= budget. k = 0 qualifies (edges.below <= budget),
    // k = n does not (P(K <= n) = 1), so bisect between them.
    const double budget = pin_upper ? alpha - edges.above : half;
    std::size_t good = 0;
    std::size_t bad = n;
    while (bad - good > 1) {
      const std::size_t mid = good + (bad - good) / 2;
      (cdf(mid) <= budget ? good : bad) = mid;
    }
    lower_rank = good + 1;
  }

  std::size_t upper_rank = n;
  if (!pin_upper) {
    // u - 1 = the smallest k in [0, n - 1] with P(K > k) <= budget. k = n - 1 qualifies (edges.above <=
    // budget).
    const double budget = pin_lower ? alpha - edges.below : half;
    std::size_t good = n - 1;
    if (sf(0) <= budget) {
      good = 0;
    } else {
      std::size_t bad = 0;
      while (good - bad > 1) {
        const std::size_t mid = bad + (good - bad) / 2;
        (sf(mid) <= budget ? good : bad) = mid;
      }
    }
    upper_rank = good + 1;
  }

  result.available = true;
  result.lower_rank = lower_rank;
  result.upper_rank = upper_rank;
  result.lower = sorted[lower_rank - 1];
  result.upper = sorted[upper_rank - 1];
  // Coverage = 1 - P(K <= l - 1) - P(K >= u); both tails from the same CDF calls the search used.
  result.coverage = 1.0 - cdf(lower_rank - 1) - sf(upper_rank - 1);
  return result;
}

std::size_t min_samples_for_interval(double p, double confidence) {
  require_percentile(p);
  require_confidence(confidence);
  const double q = p / 100.0;
  if (q <= 0.0 || q >= 1.0)
    throw std::invalid_argument(fmt::format("percentile {} has no interval at any n", p));
  const double alpha = 1.0 - confidence;
  // (1 - q)^n + q^n falls strictly with n, so double until it is small enough, then bisect.
  std::size_t good = 1;
  while (!interval_exists(good, q, alpha)) {
    if (good > std::numeric_limits<std::size_t>::max() / 4) {
      throw std::invalid_argument(fmt::format("percentile {} needs too many samples for an interval", p));
    }
    good *= 2;
  }
  std::size_t bad = good / 2;  // 0 when good == 1: no interval from no samples
  while (good - bad > 1) {
    const std::size_t mid = bad + (good - bad) / 2;
    (interval_exists(mid, q, alpha) ? good : bad) = mid;
  }
  return good;
}

double relative_half_width(const QuantileInterval& interval, double estimate) {
  constexpr double never = std::numeric_limits<double>::infinity();
  if (!interval.available) return never;
  const double half_width = std::max(interval.upper - estimate, estimate - interval.lower);
  if (half_width <= 0.0) return 0.0;
  if (!(estimate > 0.0)) return never;
  return half_width / estimate;
}

}  // namespace ib::stats
