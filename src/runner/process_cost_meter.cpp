#include "runner/process_cost_meter.hpp"

namespace ib::runner {

void ProcessCostMeter::record(std::int64_t inferences, result::Run& run) {
  if (!reading_) return;
  telemetry::set_inferences(*reading_, inferences);
  run.process = reading_->cost;
  if (reading_->peak_rss_is_lifetime) {
    run.warnings.push_back({result::WarningKind::peak_rss_lifetime, {}, {}});
  }
}

}  // namespace ib::runner
