#pragma once
// A MetricSource that plays a script: tests of the sampler, and runs that want telemetry-shaped data without
// a GPU. Each read returns the next scripted sample (the last one repeats), with a fixed cost per query that
// a test can turn into clock time through the on_read hook.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "telemetry/metric_source.hpp"

namespace ib::telemetry {

struct FakeSample {
  std::vector<double> values;  ///< one per metric; NaN for a failed query (name it in failures)
  std::optional<std::uint64_t> clock_event_reasons;
  std::vector<std::string> failures;
};

class FakeSource final : public MetricSource {
 public:
  /// One query per metric, named after it. `script` must not be empty; each sample's values must have one
  /// entry per metric (std::invalid_argument otherwise).
  FakeSource(std::vector<MetricInfo> metrics, std::vector<FakeSample> script,
             bool has_clock_event_reasons = true, int gpu_index = 0);

  /// Called at the start of every read with its slot (a test advances its manual clock here).
  void set_on_read(std::function<void(const SampleSlot&)> hook) { on_read_ = std::move(hook); }
  /// Cost reported for each supported metric's query, every read.
  void set_query_cost_ns(std::int64_t cost_ns) noexcept { query_cost_ns_ = cost_ns; }
  /// Every slot read so far, in order.
  [[nodiscard]] const std::vector<SampleSlot>& slots() const noexcept { return slots_; }

  [[nodiscard]] int gpu_index() const noexcept override { return gpu_index_; }
  [[nodiscard]] const std::vector<MetricInfo>& metrics() const noexcept override { return metrics_; }
  [[nodiscard]] const std::vector<std::string>& queries() const noexcept override { return queries_; }
  [[nodiscard]] bool has_clock_event_reasons() const noexcept override { return has_reasons_; }
  void read(const SampleSlot& slot, SampleReadings& out) override;

 private:
  std::vector<MetricInfo> metrics_;
  std::vector<std::string> queries_;
  std::vector<FakeSample> script_;
  bool has_reasons_;
  int gpu_index_;
  std::int64_t query_cost_ns_ = 0;
  std::function<void(const SampleSlot&)> on_read_;
  std::vector<SampleSlot> slots_;
};

}  // namespace ib::telemetry
