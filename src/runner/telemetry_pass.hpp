#pragma once
// GPU telemetry of a run (docs/telemetry.md): the clocks and the energy counter are read just outside the
// timed iterations of the speed pass (after its warm-up); the sampler runs in its own pass after it
// ("separate"), or during it ("concurrent": then a speed pass without it goes first, to measure what it
// costs). With several streams the first stream's warm-up and timing decide when: the others start with it.
// Without a telemetry request every call here does nothing.
#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "inferbench/result.hpp"
#include "runner/pass_context.hpp"
#include "runner/timed_loop.hpp"
#include "telemetry/nvml_source.hpp"
#include "telemetry/sampler.hpp"
#include "telemetry/telemetry_summary.hpp"

namespace ib::runner {

class TelemetryPass {
 public:
  explicit TelemetryPass(const PassContext& context);

  /// Whether the sampler runs during the speed pass (which then needs a baseline pass first).
  [[nodiscard]] bool concurrent() const noexcept { return concurrent_; }
  /// The baseline pass's samples: their median is what the concurrent pass's median is compared with.
  void set_baseline(const std::vector<double>& latency_ms);

  /// Around the speed pass's timed iterations.
  void before_timing();
  void after_timing(result::Run& run);

  /// After the speed and breakdown passes: the separate telemetry pass (as many round trips as `speed` took,
  /// on `session`), then the summary and its warnings into `run`.
  void finish(InferenceSession& session, const LoopOutcome& speed, result::Run& run);

 private:
  const PassContext& context_;
  bool concurrent_ = false;
  std::unique_ptr<telemetry::NvmlSource> source_;
  std::unique_ptr<telemetry::Sampler> sampler_;
  telemetry::PassEdges edges_;
  std::optional<double> baseline_p50_;
};

}  // namespace ib::runner
