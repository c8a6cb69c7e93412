#include "inferbench/progress.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ib::core {
namespace {

TEST(Progress, APhaseStartsWithNoCountsAndNoLatency) {
  Progress progress;
  progress.begin_run("resnet", 2, 3);
  progress.begin_phase(Phase::measuring, PhaseGoal{.iterations = 100}, 5'000);
  progress.set_done(40);
  progress.set_recent_p50(1.5);
  progress.set_widest_half_width(0.02);
  ProgressSnapshot now = progress.snapshot();
  EXPECT_EQ(now.run, "resnet");
  EXPECT_EQ(now.run_index, 2u);
  EXPECT_EQ(now.run_count, 3u);
  EXPECT_EQ(now.phase, Phase::measuring);
  EXPECT_EQ(now.goal, PhaseGoal{.iterations = 100});
  EXPECT_EQ(now.phase_start_ns, 5'000);
  EXPECT_EQ(now.done, 40);
  EXPECT_DOUBLE_EQ(now.recent_p50_ms, 1.5);
  EXPECT_DOUBLE_EQ(now.widest_half_width, 0.02);

  progress.begin_phase(Phase::breakdown, PhaseGoal{.iterations = 10}, 9'000);
  now = progress.snapshot();
  EXPECT_EQ(now.phase, Phase::breakdown);
  EXPECT_EQ(now.done, 0);
  EXPECT_TRUE(std::isnan(now.recent_p50_ms));
  EXPECT_TRUE(std::isnan(now.widest_half_width));
  EXPECT_EQ(now.run, "resnet");

  progress.begin_run("vit", 3, 3);
  now = progress.snapshot();
  EXPECT_EQ(now.phase, Phase::idle);
  EXPECT_EQ(now.run, "vit");
  EXPECT_EQ(now.goal, PhaseGoal{});
}

TEST(Progress, EveryPhaseHasWords) {
  EXPECT_EQ(phase_label(Phase::loading), "loading model");
  EXPECT_EQ(phase_label(Phase::warmup), "warm-up");
  EXPECT_EQ(phase_label(Phase::measuring), "measuring");
  EXPECT_EQ(phase_label(Phase::baseline), "measuring (no sampler)");
  EXPECT_EQ(phase_label(Phase::telemetry), "telemetry pass");
  EXPECT_EQ(phase_label(Phase::idle), "starting");
}

}  // namespace
}  // namespace ib::core
