#include "runner/loop_plan.hpp"

#include <string>

#include <fmt/format.h>

#include "inferbench/errors.hpp"

namespace ib::runner {

void validate(const LoopPlan& plan) {
  // `!(x within range)` rather than `x outside range`: NaN fails every comparison and must be refused too.
  const auto check_seconds = [](const char* flag, double value, double scale, const char* unit,
                                bool zero_ok = false) {
    if (!((zero_ok ? value >= 0 : value > 0) && value <= kMaxPassSeconds * scale)) {
      throw core::InputError(fmt::format("{} must be {} 0 and at most {} {} (got {})", flag,
                                         zero_ok ? "at least" : "more than", kMaxPassSeconds * scale, unit,
                                         value));
    }
  };
  if (plan.warmup < 0)
    throw core::InputError("--warmup must not be negative (got " + std::to_string(plan.warmup) + ")");
  if (plan.warmup_ms) check_seconds("--warmup-ms", *plan.warmup_ms, 1e3, "ms", true);
  if (plan.duration_s) check_seconds("--duration", *plan.duration_s, 1, "s");
  if (!plan.duration_s && !plan.until_stable && plan.iterations < 1) {
    throw core::InputError("--iterations must be at least 1 (got " + std::to_string(plan.iterations) + ")");
  }
  if (plan.duration_s && plan.until_stable)
    throw core::InputError("--duration and --until-stable exclude each other");
  if (plan.until_stable) {
    check_seconds("--max-duration", plan.until_stable->max_duration_s, 1, "s");
    if (!(plan.until_stable->target > 0 && plan.until_stable->target < 1)) {
      throw core::InputError(fmt::format("--target-ci must be a percentage between 0 and 100 (got {})",
                                         plan.until_stable->target * 100));
    }
  }
}

LoopPlan loop_plan_for(const Warmup& warmup, const StopRule& stop, bool stage_timing) {
  LoopPlan plan;
  plan.warmup = warmup.iterations;
  plan.warmup_ms = warmup.ms;
  plan.iterations = stop.iterations;
  if (stop.kind == StopRule::Kind::duration) plan.duration_s = stop.duration_s;
  if (stop.kind == StopRule::Kind::stable) plan.until_stable = StableTarget{stop.target, stop.max_duration_s};
  plan.stage_timing = stage_timing;
  return plan;
}

}  // namespace ib::runner
