#include "report/progress_bar.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <thread>

namespace ib::report {
namespace {

constexpr std::int64_t kS = 1'000'000'000;

core::ProgressSnapshot measuring(std::int64_t done, std::int64_t goal) {
  core::ProgressSnapshot s;
  s.run = "demo";
  s.run_index = 1;
  s.run_count = 2;
  s.phase = core::Phase::measuring;
  s.goal.iterations = goal;
  s.done = done;
  s.recent_p50_ms = 1.2345;
  return s;
}

TEST(RenderProgress, ACountedPassShowsTheBarTheCountTheMedianAndTheTimeLeft) {
  // 48% after 4.8 s: 5.2 s to go at that rate.
  EXPECT_EQ(render_progress(measuring(480, 1000), 48 * kS / 10, 120),
            "[1/2] demo  measuring [=========>          ]  48% 480/1000  p50 1.234 ms  5.2 s left");
}

TEST(RenderProgress, OneRunHasNoRunCounterAndATimedPassCountsIterations) {
  core::ProgressSnapshot s;
  s.run = "vit";
  s.run_index = 1;
  s.run_count = 1;
  s.phase = core::Phase::measuring;
  s.goal.seconds = 20;
  s.done = 12345;
  s.phase_start_ns = 10 * kS;
  EXPECT_EQ(render_progress(s, 15 * kS, 120),
            "vit  measuring [=====>              ]  25% 12345 it  15 s left");
}

TEST(RenderProgress, UntilStableShowsTheIntervalAgainstItsTargetAndTheTimeBound) {
  core::ProgressSnapshot s;
  s.run = "m";
  s.phase = core::Phase::measuring;
  s.goal.max_seconds = 60;
  s.goal.target_relative = 0.01;
  s.done = 900;
  s.widest_half_width = 0.023;
  s.recent_p50_ms = 4.5;
  EXPECT_EQ(render_progress(s, 12 * kS, 120),
            "m  measuring 900 it  CI +/-2.3% (target 1%)  p50 4.500 ms  12 s (at most 1 min 00 s)");
}

TEST(RenderProgress, AnOpenEndedPhaseShowsHowLongItHasTaken) {
  core::ProgressSnapshot s;
  s.run = "depth_anything";
  s.phase = core::Phase::loading;
  EXPECT_EQ(render_progress(s, 3 * kS / 2, 80), "depth_anything  loading model 1.5 s");
}

TEST(RenderProgress, ANarrowTerminalLosesTheBarFirstThenTheEnd) {
  const core::ProgressSnapshot s = measuring(480, 1000);
  EXPECT_EQ(render_progress(s, 48 * kS / 10, 60), "[1/2] demo  measuring 480/1000  p50 1.234 ms  5.2 s left");
  const std::string cut = render_progress(s, 48 * kS / 10, 20);
  EXPECT_EQ(cut, "[1/2] demo  measuri");
  EXPECT_EQ(render_progress(s, 0, 0), "");
}

TEST(RenderProgress, TheBarIsClampedAndEmptyAtTheStart) {
  EXPECT_EQ(render_progress(measuring(0, 1000), 0, 120),
            "[1/2] demo  measuring [>                   ]   0% 0/1000  p50 1.234 ms");
  EXPECT_EQ(render_progress(measuring(1000, 1000), 2 * kS, 120),
            "[1/2] demo  measuring [====================] 100% 1000/1000  p50 1.234 ms");
}

TEST(HumanDuration, SecondsMinutesHours) {
  EXPECT_EQ(human_duration(0.04), "0.0 s");
  EXPECT_EQ(human_duration(9.96), "10.0 s");
  EXPECT_EQ(human_duration(42.4), "42 s");
  EXPECT_EQ(human_duration(185), "3 min 05 s");
  EXPECT_EQ(human_duration(3720), "1 h 02 min");
  EXPECT_EQ(human_duration(-1), "?");
}

TEST(ProgressBar, DrawsInPlaceAndErasesItsLineWhenDone) {
  core::Progress progress;
  progress.begin_run("tiny", 1, 1);
  core::SteadyClock clock;
  progress.begin_phase(core::Phase::loading, {}, clock.now_ns());
  std::ostringstream out;
  {
    const ProgressBar bar(progress, clock, out, 80, std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  const std::string text = out.str();
  EXPECT_EQ(text.rfind("\rtiny  loading model ", 0), 0u) << text;
  EXPECT_TRUE(text.ends_with("\r\x1b[K")) << text;
  EXPECT_EQ(text.find('\n'), std::string::npos) << "a progress line never ends a line";
}

}  // namespace
}  // namespace ib::report
