#pragma once
// The steady-state measurement: untimed warm-up, then timed round trips, each on the host wall clock, every
// sample kept. Inside the timed region there is only the round trip and the two clock reads around it; with
// stage timing (the breakdown pass) also four event records at the stage boundaries and two clock reads
// around the enqueue (docs/methodology.md).
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "runner/inference_session.hpp"

namespace ib::runner {

/// Adaptive stopping: checked every now and then (not every iteration), never inside the timed region.
struct StabilityCheck {
  /// True when the samples so far meet the target.
  std::function<bool(std::span<const double> latency_ms)> is_stable;
  /// The sample count at which to check next, given the count now.
  std::function<std::size_t(std::size_t samples)> next_check_at;
  double max_duration_s = 60;
};

struct LoopPlan {
  std::int64_t warmup = 50;
  std::optional<double> warmup_ms;  ///< when set, warm up for this long instead of `warmup` iterations
  std::int64_t iterations = 1000;
  std::optional<double> duration_s;            ///< when set, time for this long instead of `iterations`
  std::optional<StabilityCheck> until_stable;  ///< when set, time until stable (or max_duration_s)
  /// Record CUDA events around the stages and time the enqueue (where the platform has a device clock).
  bool stage_timing = true;
};

struct LoopOutcome {
  std::vector<double> latency_ms;  ///< one per completed timed iteration, in order
  /// With stage timing only: host time in launch(), then the device stage times (h2d/d2h: with transfers).
  std::vector<double> enqueue_ms;
  std::vector<double> h2d_ms;
  std::vector<double> compute_ms;
  std::vector<double> d2h_ms;
  double timed_wall_s = 0;  ///< first timed start to last timed end
  std::int64_t first_start_ns = 0;
  std::int64_t last_end_ns = 0;
  std::int64_t warmup_done = 0;
  double warmup_wall_s = 0;
  bool interrupted = false;  ///< `stop` was raised; the samples taken so far are kept
  std::string stopped_by;    ///< iterations, duration, stable, max_duration or interrupted
};

/// Runs the plan. `stop` (may be null) is polled between iterations, never inside the timed region.
[[nodiscard]] LoopOutcome run_timed_loop(InferenceSession& session, core::Clock& clock, const LoopPlan& plan,
                                         const std::atomic<bool>* stop);

/// Checks a plan's values; throws InputError naming the flag.
void validate(const LoopPlan& plan);

}  // namespace ib::runner
