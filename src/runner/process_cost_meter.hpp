#pragma once
// The process's CPU time and peak RSS over the speed pass's timed iterations, measured on every run.
#include <cstdint>
#include <optional>

#include "inferbench/result.hpp"
#include "telemetry/process_meter.hpp"

namespace ib::runner {

class ProcessCostMeter {
 public:
  /// Just before the first timed iteration.
  void start() { meter_.start(); }
  /// Just after the last one.
  void stop() { reading_ = meter_.stop(0); }
  /// Sets run.process for `inferences` (iterations x batch), with a warning when the peak RSS is the
  /// process's lifetime peak. Nothing when stop() never ran (stopped during the warm-up).
  void record(std::int64_t inferences, result::Run& run);

 private:
  telemetry::ProcessMeter meter_;
  std::optional<telemetry::ProcessCostReading> reading_;
};

}  // namespace ib::runner
