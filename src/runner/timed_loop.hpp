#pragma once
// The steady-state measurement: untimed warm-up, then timed round trips, each on the host wall clock, every
// sample kept. Inside the timed region there is only the round trip and the two clock reads around it; with
// stage timing (the breakdown pass) also four event records at the stage boundaries and two clock reads
// around the enqueue (docs/methodology.md).
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "inferbench/progress.hpp"
#include "runner/inference_session.hpp"
#include "inferbench/live_samples.hpp"
#include "runner/loop_plan.hpp"
#include "runner/stop_rule.hpp"

namespace ib::runner {

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

/// How often the timed loop publishes the median of its latest iterations to a progress display, and over
/// how many: a copy and a partial sort of at most kProgressWindow values, between two iterations, a few times
/// a second, and only when a display is watching (docs/methodology.md).
inline constexpr std::int64_t kProgressPublishNs = 250'000'000;
inline constexpr std::size_t kProgressWindow = 1001;

/// Who watches a pass besides the loop itself.
struct LoopObserver {
  /// Hears the phases (warm-up, then plan.phase) and the iteration counts, between iterations; may be null.
  core::Progress* progress = nullptr;
  /// Called once after the warm-up, just before the first timed iteration, and once after the last one (not
  /// when stopped during the warm-up): where the runner reads what must cover the timed iterations and
  /// nothing else (the energy counter, the process's CPU time, the concurrent sampler).
  std::function<void()> before_timing;
  std::function<void()> after_timing;
  /// Where the timed samples are published as they are taken, for a reader on another thread; may be null.
  LiveSamples* live = nullptr;
};

/// Runs the plan, which must have passed validate(); it stops by make_stop_rule(plan). `stop` (may be null)
/// is polled between iterations, never inside the timed region.
[[nodiscard]] LoopOutcome run_timed_loop(InferenceSession& session, core::Clock& clock, const LoopPlan& plan,
                                         const std::atomic<bool>* stop, const LoopObserver& observer = {});

/// The same, stopping by `rule` instead of the plan's iterations, duration_s and until_stable.
[[nodiscard]] LoopOutcome run_timed_loop(InferenceSession& session, core::Clock& clock, const LoopPlan& plan,
                                         StopRule& rule, const std::atomic<bool>* stop,
                                         const LoopObserver& observer = {});

}  // namespace ib::runner
