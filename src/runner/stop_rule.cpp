#include "runner/stop_rule.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "stats/run_stats.hpp"
#include "stats/stopping_rule.hpp"

namespace ib::runner {
namespace {

// Reserved up front for time-bounded passes; growing beyond happens between iterations, never inside one.
constexpr std::size_t kInitialReserve = 1 << 16;

std::int64_t to_ns(double seconds) {
  return static_cast<std::int64_t>(std::llround(seconds * 1e9));
}

StabilityCheck stability_check_for(double target) {
  auto rule = std::make_shared<const stats::StabilityRule>(
      stats::StabilityConfig{.target_relative = target,
                             .quantiles = {std::begin(stats::kIntervalPercentiles), std::end(stats::kIntervalPercentiles)},
                             .confidence = stats::kIntervalConfidence,
                             .min_samples = 0});
  return {.check =
              [rule](std::span<const double> samples) {
                const stats::StabilityVerdict verdict = rule->evaluate(samples);
                double widest = 0;
                for (const double width : verdict.relative_half_widths) widest = std::max(widest, width);
                return StabilityState{verdict.stable, widest};
              },
          .next_check_at = [rule](std::size_t samples) { return rule->next_check_at(samples); }};
}

}  // namespace

std::string stop_reason_name(StopReason reason) {
  switch (reason) {
    case StopReason::iterations:
      return "iterations";
    case StopReason::duration:
      return "duration";
    case StopReason::stable:
      return "stable";
    case StopReason::max_duration:
      return "max_duration";
    case StopReason::none:
      break;
  }
  return "";
}

StopReason IterationsRule::done(const LoopState& state) {
  return state.latency_ms.size() >= static_cast<std::size_t>(iterations_) ? StopReason::iterations
                                                                          : StopReason::none;
}

std::size_t IterationsRule::expected_samples() const {
  return static_cast<std::size_t>(std::max<std::int64_t>(iterations_, 0));
}

DurationRule::DurationRule(double seconds) : seconds_(seconds), duration_ns_(to_ns(seconds)) {}

StopReason DurationRule::done(const LoopState& state) {
  return state.elapsed_ns >= duration_ns_ ? StopReason::duration : StopReason::none;
}

std::size_t DurationRule::expected_samples() const {
  return kInitialReserve;
}

CiTargetRule::CiTargetRule(const StableTarget& target)
    : CiTargetRule(target, stability_check_for(target.target)) {}

CiTargetRule::CiTargetRule(const StableTarget& target, StabilityCheck check)
    : target_(target),
      check_(std::move(check)),
      max_duration_ns_(to_ns(target.max_duration_s)),
      next_check_(check_.next_check_at(0)) {}

StopReason CiTargetRule::done(const LoopState& state) {
  const std::size_t count = state.latency_ms.size();
  if (count >= next_check_) {
    const StabilityState stability = check_.check(state.latency_ms);
    if (state.progress != nullptr) state.progress->set_widest_half_width(stability.widest_half_width);
    if (stability.stable) return StopReason::stable;
    next_check_ = check_.next_check_at(count);
  }
  return state.elapsed_ns >= max_duration_ns_ ? StopReason::max_duration : StopReason::none;
}

std::size_t CiTargetRule::expected_samples() const {
  return kInitialReserve;
}

std::unique_ptr<StopRule> make_stop_rule(const LoopPlan& plan) {
  if (plan.until_stable) return std::make_unique<CiTargetRule>(*plan.until_stable);
  if (plan.duration_s) return std::make_unique<DurationRule>(*plan.duration_s);
  return std::make_unique<IterationsRule>(plan.iterations);
}

}  // namespace ib::runner
