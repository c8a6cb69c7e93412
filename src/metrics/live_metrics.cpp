#include "metrics/live_metrics.hpp"

#include "metrics/run_metrics.hpp"

namespace ib::metrics {

void LiveMetrics::run_started(const RunSpec& spec) {
  const std::lock_guard lock(mutex_);
  running_ = spec;
}

void LiveMetrics::run_finished(const result::Run& run) {
  std::vector<Family> families = finished_run_families(run);
  const std::lock_guard lock(mutex_);
  running_.reset();
  for (Family& family : families) finished_.push_back(std::move(family));
}

std::string LiveMetrics::render(Format format) const {
  std::vector<Family> all;
  {
    const std::lock_guard lock(mutex_);
    all = finished_;
    if (running_) {
      const std::vector<double> samples = live_ != nullptr ? live_->snapshot() : std::vector<double>{};
      for (Family& family : running_families(*running_, device_, samples)) all.push_back(std::move(family));
    }
  }
  const std::vector<Family> merged = merge_families(std::move(all));
  return metrics::render(merged, format);
}

}  // namespace ib::metrics
