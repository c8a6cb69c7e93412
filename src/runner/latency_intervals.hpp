#pragma once
// The percentiles whose confidence intervals every run reports, which --until-stable also waits for.

namespace ib::runner {

inline constexpr double kIntervalPercentiles[] = {50.0, 99.0};
inline constexpr double kIntervalConfidence = 0.95;

}  // namespace ib::runner
