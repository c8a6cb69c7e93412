#pragma once
// The metrics of a plan while it runs, for a scraper on another thread: the families of every finished run
// and of the one under way (its speed pass's samples so far, read from runner::LiveSamples without stopping
// it). The measuring thread tells it when runs start and finish; any thread renders.
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "inferbench/live_samples.hpp"
#include "inferbench/result.hpp"
#include "inferbench/spec.hpp"
#include "metrics/exposition.hpp"

namespace ib::metrics {

class LiveMetrics {
 public:
  /// `live`: the samples of the speed pass in progress (outlives this object), or null; `device`: where the
  /// runs go ("cuda:0").
  LiveMetrics(const runner::LiveSamples* live, std::string device)
      : live_(live), device_(std::move(device)) {}

  void run_started(const RunSpec& spec);
  void run_finished(const result::Run& run);

  /// Every run's families, merged by name.
  [[nodiscard]] std::string render(Format format) const;

 private:
  const runner::LiveSamples* live_;
  std::string device_;
  mutable std::mutex mutex_;
  std::vector<Family> finished_;
  std::optional<RunSpec> running_;
};

}  // namespace ib::metrics
