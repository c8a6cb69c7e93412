#pragma once
// What one timed pass does: how long it warms up, when it stops, whether it times the stages. A plan is
// checked once, by validate(), when a run starts (benchmark_model), before any model is loaded; the passes
// and stop rules built from it take it as valid.
#include <cstdint>
#include <optional>

#include "inferbench/progress.hpp"
#include "inferbench/spec.hpp"

namespace ib::runner {

/// --until-stable: stop once the 95% CIs of p50 and p99 are within `target` of their estimates.
struct StableTarget {
  double target = 0.01;  ///< relative half-width, 0.01 = 1%
  double max_duration_s = 60;
};

struct LoopPlan {
  std::int64_t warmup = 50;
  std::optional<double> warmup_ms;  ///< when set, warm up for this long instead of `warmup` iterations
  std::int64_t iterations = 1000;
  std::optional<double> duration_s;          ///< when set, time for this long instead of `iterations`
  std::optional<StableTarget> until_stable;  ///< when set, time until stable (or max_duration_s)
  /// Record CUDA events around the stages and time the enqueue (where the platform has a device clock).
  bool stage_timing = true;
  /// What a progress display calls the timed part of this pass.
  core::Phase phase = core::Phase::measuring;
};

/// The longest a warm-up or timed pass may be asked to last (a week): bounds --duration, --max-duration and
/// --warmup-ms well inside the int64 nanoseconds the loop counts in.
inline constexpr double kMaxPassSeconds = 7 * 24 * 3600.0;

/// Checks a plan's values (finite, in range, not in conflict); throws InputError naming the flag.
void validate(const LoopPlan& plan);

/// The pass a spec's warm-up, stop rule and breakdown choice ask for (the one mapping from the typed plan).
[[nodiscard]] LoopPlan loop_plan_for(const Warmup& warmup, const StopRule& stop, bool stage_timing);

}  // namespace ib::runner
