// The stop rules on their own (fixed sample series, elapsed times given) and inside the timed loop on a
// manual clock.
#include "runner/stop_rule.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "../../support/manual_clock.hpp"
#include "backends/fake/fake_backend.hpp"
#include "runner/timed_loop.hpp"

namespace ib::runner {
namespace {

constexpr std::int64_t kMs = 1'000'000;

// The sample count at which `rule` first says stop when fed `series` one sample more each call, every
// sample 1 ms after the last; 0 when it never does.
std::size_t stops_at(StopRule& rule, const std::vector<double>& series, StopReason& reason,
                     core::Progress* progress = nullptr) {
  for (std::size_t n = 1; n <= series.size(); ++n) {
    reason =
        rule.done({std::span<const double>(series.data(), n), static_cast<std::int64_t>(n) * kMs, progress});
    if (reason != StopReason::none) return n;
  }
  return 0;
}

TEST(IterationsRule, StopsAtExactlyN) {
  IterationsRule rule(7);
  const std::vector<double> series(20, 1.0);
  StopReason reason = StopReason::none;
  EXPECT_EQ(stops_at(rule, series, reason), 7u);
  EXPECT_EQ(reason, StopReason::iterations);
  EXPECT_EQ(rule.expected_samples(), 7u);
  EXPECT_EQ(rule.goal(), core::PhaseGoal{.iterations = 7});
}

TEST(DurationRule, StopsOnceTheElapsedTimeReachesTheDuration) {
  DurationRule rule(0.010);
  const std::vector<double> one{1.0};
  EXPECT_EQ(rule.done({one, 10 * kMs - 1, nullptr}), StopReason::none);
  EXPECT_EQ(rule.done({one, 10 * kMs, nullptr}), StopReason::duration);
  EXPECT_EQ(rule.goal(), core::PhaseGoal{.seconds = 0.010});
}

TEST(DurationRule, InTheLoopOnAManualClock) {
  testing::ManualClock clock;
  backends::FakeBackend backend({"input", core::DType::fp32, {1}}, {"output", core::DType::fp32, {1}},
                                {3 * kMs}, [&](std::int64_t ns) { clock.advance(ns); });
  auto platform = make_cpu_platform();
  InferenceSession session(backend, *platform);
  LoopPlan plan;
  plan.warmup = 1;
  plan.duration_s = 0.010;
  // Elapsed after each timed iteration: 3, 6, 9, 12 ms; the fourth reaches 10 ms.
  const LoopOutcome outcome = run_timed_loop(session, clock, plan, nullptr);
  EXPECT_EQ(outcome.stopped_by, "duration");
  EXPECT_EQ(outcome.latency_ms, (std::vector<double>{3, 3, 3, 3}));
  EXPECT_DOUBLE_EQ(outcome.timed_wall_s, 0.012);
}

TEST(CiTargetRule, ASteadySeriesIsStableAtTheFirstCheck) {
  // 299 samples: the fewest for which p50's and p99's 95% intervals both exist (stats/stopping_rule.hpp).
  CiTargetRule rule(StableTarget{.target = 0.01, .max_duration_s = 60});
  core::Progress progress;
  const std::vector<double> series(1000, 2.5);
  StopReason reason = StopReason::none;
  EXPECT_EQ(stops_at(rule, series, reason, &progress), 299u);
  EXPECT_EQ(reason, StopReason::stable);
  EXPECT_DOUBLE_EQ(progress.snapshot().widest_half_width, 0.0);
  EXPECT_EQ(rule.goal(), (core::PhaseGoal{.max_seconds = 60, .target_relative = 0.01}));
}

std::vector<double> spread_series(std::size_t n) {
  std::vector<double> series;
  for (std::size_t i = 0; i < n; ++i) series.push_back(static_cast<double>(i * 37 % 100 + 1));  // 1..100
  return series;
}

TEST(CiTargetRule, ASpreadSeriesMissesATightTargetAndGivesUpAtMaxDuration) {
  // Latencies spread evenly over 1..100 ms: the median's interval stays several percent wide.
  CiTargetRule rule(StableTarget{.target = 0.01, .max_duration_s = 2.0});
  core::Progress progress;
  StopReason reason = StopReason::none;
  EXPECT_EQ(stops_at(rule, spread_series(5000), reason, &progress), 2000u);  // 2000 x 1 ms = 2 s
  EXPECT_EQ(reason, StopReason::max_duration);
  EXPECT_GT(progress.snapshot().widest_half_width, 0.01);
}

TEST(CiTargetRule, TheSameSeriesMeetsALooseTarget) {
  CiTargetRule rule(StableTarget{.target = 0.2, .max_duration_s = 60});
  StopReason reason = StopReason::none;
  EXPECT_EQ(stops_at(rule, spread_series(5000), reason), 299u);
  EXPECT_EQ(reason, StopReason::stable);
}

TEST(CiTargetRule, ChecksOnlyAtTheCountsItsCheckAsksFor) {
  std::vector<std::size_t> checked_at;
  CiTargetRule rule(StableTarget{.target = 0.01, .max_duration_s = 60},
                    StabilityCheck{.check =
                                       [&](std::span<const double> samples) {
                                         checked_at.push_back(samples.size());
                                         return StabilityState{samples.size() >= 30, 0.5};
                                       },
                                   .next_check_at = [](std::size_t n) { return n + 10; }});
  StopReason reason = StopReason::none;
  EXPECT_EQ(stops_at(rule, std::vector<double>(100, 1.0), reason), 30u);
  EXPECT_EQ(checked_at, (std::vector<std::size_t>{10, 20, 30}));
}

TEST(MakeStopRule, FollowsThePlan) {
  LoopPlan plan;
  plan.iterations = 5;
  EXPECT_NE(dynamic_cast<IterationsRule*>(make_stop_rule(plan).get()), nullptr);
  plan.duration_s = 1.0;
  EXPECT_NE(dynamic_cast<DurationRule*>(make_stop_rule(plan).get()), nullptr);
  plan.duration_s.reset();
  plan.until_stable = StableTarget{};
  EXPECT_NE(dynamic_cast<CiTargetRule*>(make_stop_rule(plan).get()), nullptr);
  EXPECT_EQ(stop_reason_name(StopReason::max_duration), "max_duration");
  EXPECT_EQ(stop_reason_name(StopReason::none), "");
}

}  // namespace
}  // namespace ib::runner
