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
#include "inferbench/progress.hpp"
#include "runner/inference_session.hpp"
#include "inferbench/live_samples.hpp"

namespace ib::runner {

/// What a stability check found.
struct StabilityState {
  bool stable = false;
  /// The widest relative half-width of the intervals checked (for a progress display); +inf when one is not
  /// available yet.
  double widest_half_width = 0;
};

/// Adaptive stopping: checked every now and then (not every iteration), never inside the timed region.
struct StabilityCheck {
  /// Whether the samples so far meet the target, and how close they are.
  std::function<StabilityState(std::span<const double> latency_ms)> check;
  /// The sample count at which to check next, given the count now.
  std::function<std::size_t(std::size_t samples)> next_check_at;
  double max_duration_s = 60;
  double target = 0;  ///< the relative half-width it waits for (for a progress display)
};

struct LoopPlan {
  std::int64_t warmup = 50;
  std::optional<double> warmup_ms;  ///< when set, warm up for this long instead of `warmup` iterations
  std::int64_t iterations = 1000;
  std::optional<double> duration_s;            ///< when set, time for this long instead of `iterations`
  std::optional<StabilityCheck> until_stable;  ///< when set, time until stable (or max_duration_s)
  /// Record CUDA events around the stages and time the enqueue (where the platform has a device clock).
  bool stage_timing = true;
  /// What a progress display calls the timed part of this pass.
  core::Phase phase = core::Phase::measuring;
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

/// Runs the plan. `stop` (may be null) is polled between iterations, never inside the timed region.
[[nodiscard]] LoopOutcome run_timed_loop(InferenceSession& session, core::Clock& clock, const LoopPlan& plan,
                                         const std::atomic<bool>* stop, const LoopObserver& observer = {});

/// The longest a warm-up or timed pass may be asked to last (a week): bounds --duration, --max-duration and
/// --warmup-ms well inside the int64 nanoseconds the loop counts in.
inline constexpr double kMaxPassSeconds = 7 * 24 * 3600.0;

/// Checks a plan's values (finite, in range, not in conflict); throws InputError naming the flag.
void validate(const LoopPlan& plan);

}  // namespace ib::runner
