#pragma once
// When a timed pass stops: after N iterations, after a duration, or once the latency percentiles are known
// to a target (--until-stable). The loop asks its rule once per iteration, after the iteration's end was
// read, so a rule never costs time inside the timed region; the CI rule sorts samples only every now and
// then (stats/stopping_rule.hpp). A rule keeps state across calls: one rule per pass.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "inferbench/progress.hpp"
#include "runner/loop_plan.hpp"

namespace ib::runner {

/// Where a timed pass stands after an iteration.
struct LoopState {
  std::span<const double> latency_ms;  ///< the timed samples so far, in order
  std::int64_t elapsed_ns = 0;         ///< from the first timed start to the latest end
  core::Progress* progress = nullptr;  ///< where a rule may say how close it is (may be null)
};

enum class StopReason { none, iterations, duration, stable, max_duration };

/// "iterations", "duration", "stable", "max_duration" (the result's stopped_by); "" for none.
[[nodiscard]] std::string stop_reason_name(StopReason reason);

class StopRule {
 public:
  virtual ~StopRule() = default;
  /// StopReason::none to go on.
  [[nodiscard]] virtual StopReason done(const LoopState& state) = 0;
  /// The samples worth reserving before the pass starts, so storage grows rarely or never while timing.
  [[nodiscard]] virtual std::size_t expected_samples() const = 0;
  /// What a progress display shows as the pass's goal.
  [[nodiscard]] virtual core::PhaseGoal goal() const = 0;
};

class IterationsRule final : public StopRule {
 public:
  explicit IterationsRule(std::int64_t iterations) : iterations_(iterations) {}
  [[nodiscard]] StopReason done(const LoopState& state) override;
  [[nodiscard]] std::size_t expected_samples() const override;
  [[nodiscard]] core::PhaseGoal goal() const override { return {.iterations = iterations_}; }

 private:
  std::int64_t iterations_;
};

class DurationRule final : public StopRule {
 public:
  explicit DurationRule(double seconds);
  [[nodiscard]] StopReason done(const LoopState& state) override;
  [[nodiscard]] std::size_t expected_samples() const override;
  [[nodiscard]] core::PhaseGoal goal() const override { return {.seconds = seconds_}; }

 private:
  double seconds_;
  std::int64_t duration_ns_;
};

/// What a stability check found.
struct StabilityState {
  bool stable = false;
  /// The widest relative half-width of the intervals checked (for a progress display); +inf when one is not
  /// available yet.
  double widest_half_width = 0;
};

/// How the CI rule judges the samples: whether they meet the target now, and when to look next.
struct StabilityCheck {
  std::function<StabilityState(std::span<const double> latency_ms)> check;
  /// The sample count at which to check next, given the count now (0 before the first check).
  std::function<std::size_t(std::size_t samples)> next_check_at;
};

/// --until-stable: stops once the check says stable, or at max_duration_s without it.
class CiTargetRule final : public StopRule {
 public:
  /// The check of stats::StabilityRule over the percentiles every run reports intervals for
  /// (stats/run_stats.hpp).
  explicit CiTargetRule(const StableTarget& target);
  CiTargetRule(const StableTarget& target, StabilityCheck check);
  [[nodiscard]] StopReason done(const LoopState& state) override;
  [[nodiscard]] std::size_t expected_samples() const override;
  [[nodiscard]] core::PhaseGoal goal() const override {
    return {.max_seconds = target_.max_duration_s, .target_relative = target_.target};
  }

 private:
  StableTarget target_;
  StabilityCheck check_;
  std::int64_t max_duration_ns_;
  std::size_t next_check_;
};

/// The rule a (valid) plan asks for: until_stable, else duration_s, else iterations.
[[nodiscard]] std::unique_ptr<StopRule> make_stop_rule(const LoopPlan& plan);

}  // namespace ib::runner
