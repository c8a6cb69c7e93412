#pragma once
// The steady-state measurement: untimed warm-up, then timed round trips, each on the host wall clock, every sample
// kept. Only the round trip and two clock reads are inside the timed region (docs/methodology.md).
#include <atomic>
#include <cstdint>
#include <vector>

#include "core/clock.hpp"
#include "runner/inference_session.hpp"

namespace ib::runner {

struct LoopPlan {
  std::int64_t warmup = 50;
  std::int64_t iterations = 1000;
};

struct LoopOutcome {
  std::vector<double> latency_ms;  ///< one per completed timed iteration, in order
  double timed_wall_s = 0;         ///< first timed start to last timed end
  std::int64_t warmup_done = 0;
  bool interrupted = false;  ///< `stop` was raised; the samples taken so far are kept
};

/// Runs the plan. `stop` (may be null) is polled between iterations, never inside the timed region.
[[nodiscard]] LoopOutcome run_timed_loop(InferenceSession& session, core::Clock& clock, const LoopPlan& plan,
                                         const std::atomic<bool>* stop);

}  // namespace ib::runner
