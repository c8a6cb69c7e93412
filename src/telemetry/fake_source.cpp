#include "telemetry/fake_source.hpp"

#include <algorithm>
#include <stdexcept>

namespace ib::telemetry {

FakeSource::FakeSource(std::vector<MetricInfo> metrics, std::vector<FakeSample> script,
                       bool has_clock_event_reasons, int gpu_index)
    : metrics_(std::move(metrics)),
      script_(std::move(script)),
      has_reasons_(has_clock_event_reasons),
      gpu_index_(gpu_index) {
  if (script_.empty()) throw std::invalid_argument("FakeSource needs at least one scripted sample");
  for (const FakeSample& sample : script_) {
    if (sample.values.size() != metrics_.size()) {
      throw std::invalid_argument("FakeSource: every scripted sample needs one value per metric");
    }
  }
  for (const MetricInfo& info : metrics_) queries_.push_back(info.name);
}

void FakeSource::read(const SampleSlot& slot, SampleReadings& out) {
  if (on_read_) on_read_(slot);
  const FakeSample& sample = script_[std::min(slots_.size(), script_.size() - 1)];
  slots_.push_back(slot);
  for (std::size_t i = 0; i < metrics_.size(); ++i) {
    if (!metrics_[i].supported) continue;
    out.values[i] = sample.values[i];
    out.query_cost_ns[i] = query_cost_ns_;
  }
  if (has_reasons_) out.clock_event_reasons = sample.clock_event_reasons;
  out.failures = sample.failures;
}

}  // namespace ib::telemetry
