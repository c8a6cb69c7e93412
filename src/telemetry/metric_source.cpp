#include "telemetry/metric_source.hpp"

#include <limits>

namespace ib::telemetry {

void SampleReadings::reset(std::size_t metric_count, std::size_t query_count) {
  values.assign(metric_count, std::numeric_limits<double>::quiet_NaN());
  clock_event_reasons.reset();
  query_cost_ns.assign(query_count, -1);
  failures.clear();
}

}  // namespace ib::telemetry
