#pragma once
// Summary statistics of one sample series, as the result model stores them. How they are computed (population
// standard deviation, linear-interpolation percentiles) is src/stats/summary.hpp and docs/methodology.md.
#include <cstddef>
#include <vector>

namespace ib::stats {

struct Percentile {
  double p = 0;  ///< in [0, 100]
  double value = 0;
  bool operator==(const Percentile&) const = default;
};

struct Summary {
  std::size_t count = 0;
  double mean = 0;
  double std = 0;  ///< population standard deviation (ddof = 0)
  double cv = 0;   ///< std / mean (0 when mean is 0)
  double min = 0;
  double max = 0;
  double median = 0;
  std::vector<Percentile> percentiles;  ///< in the order asked for
  bool operator==(const Summary&) const = default;
};

}  // namespace ib::stats
