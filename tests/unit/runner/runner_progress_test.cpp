// What the runner tells a progress display: the phases in order, the iteration counts, the median of the
// latest iterations and how close --until-stable is, all read back from core::Progress on a manual clock.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "../../support/fake_gpu_platform.hpp"
#include "../../support/manual_clock.hpp"
#include "backends/fake/fake_backend.hpp"
#include "inferbench/progress.hpp"
#include "runner/benchmark.hpp"
#include "runner/timed_loop.hpp"

namespace ib::runner {
namespace {

using testing::ManualClock;

constexpr std::int64_t kMs = 1'000'000;

// What a display would have seen at each inference: the phase and the iterations done before it.
struct Seen {
  core::Phase phase;
  std::int64_t done;
  bool operator==(const Seen&) const = default;
};

TEST(LoopProgress, WarmupThenTheTimedPhaseWithTheirCounts) {
  ManualClock clock;
  core::Progress progress;
  std::vector<Seen> seen;
  backends::FakeBackend backend({"input", core::DType::fp32, {1}}, {"output", core::DType::fp32, {1}},
                                {2 * kMs}, [&](std::int64_t ns) {
                                  const core::ProgressSnapshot now = progress.snapshot();
                                  seen.push_back({now.phase, now.done});
                                  clock.advance(ns);
                                });
  auto platform = make_cpu_platform();
  InferenceSession session(backend, *platform);
  LoopPlan plan;
  plan.warmup = 2;
  plan.iterations = 3;
  const std::int64_t start = clock.now_ns();
  (void)run_timed_loop(session, clock, plan, nullptr, {&progress, {}, {}});

  using core::Phase;
  EXPECT_EQ(seen, (std::vector<Seen>{{Phase::warmup, 0},
                                     {Phase::warmup, 1},
                                     {Phase::measuring, 0},
                                     {Phase::measuring, 1},
                                     {Phase::measuring, 2}}));
  const core::ProgressSnapshot end = progress.snapshot();
  EXPECT_EQ(end.done, 3);
  EXPECT_EQ(end.goal, core::PhaseGoal{.iterations = 3});
  EXPECT_EQ(end.phase_start_ns, start + 4 * kMs);  // after two 2 ms warm-up iterations
  EXPECT_DOUBLE_EQ(end.recent_p50_ms, 2.0);
}

TEST(LoopProgress, TheMedianShownIsOfTheLatestIterationsOnly) {
  ManualClock clock;
  core::Progress progress;
  int calls = 0;
  // 2000 iterations of 1 ms, then 5 ms each. The median is published at the first iteration and then every
  // 250 ms of loop time: last at 2551 iterations, when the latest 1001 hold 551 fives.
  backends::FakeBackend backend({"input", core::DType::fp32, {1}}, {"output", core::DType::fp32, {1}}, {kMs},
                                [&](std::int64_t) { clock.advance(++calls <= 2000 ? kMs : 5 * kMs); });
  auto platform = make_cpu_platform();
  InferenceSession session(backend, *platform);
  LoopPlan plan;
  plan.warmup = 0;
  plan.iterations = 2600;
  const LoopOutcome outcome = run_timed_loop(session, clock, plan, nullptr, {&progress, {}, {}});
  ASSERT_EQ(outcome.latency_ms.size(), 2600u);
  EXPECT_DOUBLE_EQ(progress.snapshot().recent_p50_ms, 5.0);  // the median of all 2600 would be 1
  static_assert(kProgressWindow == 1001 && kProgressPublishNs == 250 * kMs);
}

TEST(LoopProgress, UntilStableShowsHowCloseTheIntervalsAre) {
  ManualClock clock;
  core::Progress progress;
  backends::FakeBackend backend({"input", core::DType::fp32, {1}}, {"output", core::DType::fp32, {1}}, {kMs},
                                [&](std::int64_t ns) { clock.advance(ns); });
  auto platform = make_cpu_platform();
  InferenceSession session(backend, *platform);
  std::vector<double> widths_seen;
  LoopPlan plan;
  plan.warmup = 0;
  CiTargetRule rule(StableTarget{.target = 0.01, .max_duration_s = 30},
                    StabilityCheck{.check =
                                       [&](std::span<const double> samples) {
                                         widths_seen.push_back(progress.snapshot().widest_half_width);
                                         return samples.size() >= 20 ? StabilityState{true, 0.008}
                                                                     : StabilityState{false, 0.05};
                                       },
                                   .next_check_at = [](std::size_t samples) { return samples + 10; }});
  const LoopOutcome outcome = run_timed_loop(session, clock, plan, rule, nullptr, {&progress, {}, {}});
  EXPECT_EQ(outcome.stopped_by, "stable");
  ASSERT_EQ(widths_seen.size(), 2u);
  EXPECT_TRUE(std::isnan(widths_seen[0]));
  EXPECT_DOUBLE_EQ(widths_seen[1], 0.05);
  const core::ProgressSnapshot end = progress.snapshot();
  EXPECT_DOUBLE_EQ(end.widest_half_width, 0.008);
  EXPECT_EQ(end.goal, (core::PhaseGoal{.max_seconds = 30, .target_relative = 0.01}));
  EXPECT_EQ(end.done, 20);
}

TEST(LoopObserver, TheTimingHooksFrameTheTimedIterationsAndNotTheWarmup) {
  ManualClock clock;
  int inferences = 0;
  backends::FakeBackend backend({"input", core::DType::fp32, {1}}, {"output", core::DType::fp32, {1}}, {kMs},
                                [&](std::int64_t ns) {
                                  ++inferences;
                                  clock.advance(ns);
                                });
  auto platform = make_cpu_platform();
  InferenceSession session(backend, *platform);
  LoopPlan plan;
  plan.warmup = 3;
  plan.iterations = 4;
  std::vector<int> seen_at;  // inferences done when each hook ran
  std::int64_t before_ns = 0;
  std::int64_t after_ns = 0;
  const LoopOutcome outcome = run_timed_loop(session, clock, plan, nullptr,
                                             {nullptr,
                                              [&] {
                                                seen_at.push_back(inferences);
                                                before_ns = clock.now_ns();
                                              },
                                              [&] {
                                                seen_at.push_back(inferences);
                                                after_ns = clock.now_ns();
                                              }});
  EXPECT_EQ(seen_at, (std::vector<int>{3, 7}));
  EXPECT_EQ(before_ns, outcome.first_start_ns);  // nothing timed happens between the hook and the first start
  EXPECT_EQ(after_ns, outcome.last_end_ns);

  // Stopped during the warm-up: nothing was timed, so neither hook runs.
  std::atomic<bool> stop{true};
  seen_at.clear();
  (void)run_timed_loop(session, clock, plan, &stop,
                       {nullptr, [&] { seen_at.push_back(0); }, [&] { seen_at.push_back(1); }});
  EXPECT_TRUE(seen_at.empty());
}

TEST(BenchmarkProgress, EveryPhaseOfARunInOrder) {
  ManualClock clock;
  testing::FakeGpuPlatform platform(clock, kMs / 2);
  core::Progress progress;
  std::vector<core::Phase> phases;  // each phase once, as inferences saw them
  const auto note_phase = [&] {
    const core::Phase now = progress.snapshot().phase;
    if (phases.empty() || phases.back() != now) phases.push_back(now);
  };
  backends::BackendInfo info;
  info.name = "fake";
  info.create = [&](const backends::LoadOptions& options) -> std::unique_ptr<backends::Backend> {
    note_phase();
    return std::make_unique<backends::FakeBackend>(core::TensorSpec{"input", options.dtype, {1, 4}},
                                                   core::TensorSpec{"output", options.dtype, {1, 4}},
                                                   std::vector<std::int64_t>{kMs}, [&](std::int64_t ns) {
                                                     note_phase();
                                                     clock.advance(ns);
                                                   });
  };
  BenchmarkRequest request;
  request.name = std::string(1, 'm');  // not = "m": GCC 12 warns falsely (-Wrestrict) on that here
  request.backend = &info;
  request.loop.warmup = 2;
  request.loop.iterations = 5;
  request.quality = QualityRequest{};
  request.progress = &progress;
  const result::Run run = benchmark_model(request, platform, clock, nullptr);
  ASSERT_EQ(run.samples.latency_ms.size(), 5u);
  using core::Phase;
  EXPECT_EQ(phases, (std::vector<Phase>{Phase::loading, Phase::first_inference, Phase::warmup,
                                        Phase::measuring, Phase::breakdown, Phase::quality}));
}

}  // namespace
}  // namespace ib::runner
