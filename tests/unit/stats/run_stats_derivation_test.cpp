// The one derivation of a run's numbers: a fixed run's samples give hand-computed stats, stored the way the
// runner and the trtexec reader store them, with the warnings those numbers call for.
#include "stats/run_stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace ib::stats {
namespace {

result::Run fixed_run() {
  result::Run run;
  run.name = "vit";
  run.config.batch = 2;
  run.config.percentiles = {50, 90};
  run.samples.latency_ms = {1, 2, 3, 4};
  run.samples.timed_wall_s = 0.01;
  run.samples.enqueue_ms = {0.25, 0.5};
  run.samples.h2d_ms = {0.5, 0.5};
  run.samples.compute_ms = {1.0, 2.0};
  run.samples.breakdown_latency_ms = {2.0, 3.0};
  return run;
}

TEST(RunStats, AFixedRunGivesItsHandComputedNumbers) {
  const auto stats = run_stats(fixed_run(), std::vector<double>{90});
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->latency.count, 4u);
  EXPECT_EQ(stats->latency.mean, 2.5);
  EXPECT_EQ(stats->latency.median, 2.5);
  EXPECT_DOUBLE_EQ(stats->latency.std, std::sqrt(1.25));  // population std of {1, 2, 3, 4}
  EXPECT_DOUBLE_EQ(stats->latency.percentiles.at(0).value, 3.7);
  EXPECT_EQ(stats->mean_fps, 800.0);           // 2 * 1000 / 2.5
  EXPECT_EQ(stats->median_fps, 800.0);         // 2 * 1000 / 2.5
  EXPECT_EQ(*stats->inferences_per_s, 800.0);  // 4 * 2 / 0.01 s
  ASSERT_EQ(stats->stages.size(), 3u);         // no d2h series
  EXPECT_EQ(stats->stages[0].name, "enqueue_ms");
  EXPECT_EQ(stats->stages[0].summary.mean, 0.375);
  EXPECT_EQ(stats->stages[2].name, "compute_ms");
  ASSERT_TRUE(stats->breakdown);
  EXPECT_EQ(*stats->breakdown->enqueue_ms, 0.375);
  EXPECT_EQ(stats->breakdown->totals.stages_mean_ms, 2.0);
  EXPECT_EQ(stats->breakdown->totals.latency_mean_ms, 2.5);
  EXPECT_EQ(stats->breakdown->totals.gap_ms, 0.5);
  EXPECT_EQ(stats->breakdown->totals.gap_fraction, 0.2);
  EXPECT_EQ(stats->breakdown->totals.event_cost_ms, 0.0);
}

TEST(RunStats, NonFiniteSamplesAreLeftOut) {
  result::Run run = fixed_run();
  run.samples.latency_ms = {1, NAN, 3, INFINITY};
  const auto stats = run_stats(run, std::vector<double>{});
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->latency.count, 2u);
  EXPECT_EQ(stats->latency.mean, 2.0);
  EXPECT_EQ(*stats->inferences_per_s, 400.0);  // 2 finite samples * 2 / 0.01 s
  run.samples.latency_ms = {NAN};
  EXPECT_FALSE(run_stats(run, std::vector<double>{}));
}

TEST(RunStats, StoreFillsTheRunsSummaryAndWarnings) {
  result::Run run = fixed_run();
  summarize_run(run);
  ASSERT_TRUE(run.latency);
  EXPECT_EQ(run.latency->percentiles.size(), 2u);  // the configured 50 and 90
  EXPECT_DOUBLE_EQ(run.latency->percentiles[1].value, 3.7);
  ASSERT_TRUE(run.throughput);
  EXPECT_EQ(run.throughput->fps, 800.0);
  EXPECT_EQ(run.throughput->inferences_per_s, 800.0);
  ASSERT_EQ(run.latency_intervals.size(), 2u);
  EXPECT_EQ(run.latency_intervals[0].p, 50.0);
  EXPECT_EQ(run.latency_intervals[1].p, 99.0);
  EXPECT_EQ(run.latency_intervals[0].confidence, 0.95);
  EXPECT_FALSE(run.latency_intervals[0].available);  // 4 samples: too few for a 95% interval of the median
  EXPECT_EQ(run.stages.size(), 3u);
  ASSERT_TRUE(run.breakdown);
  EXPECT_EQ(run.breakdown->gap_fraction, 0.2);
  // p90 needs 10 samples; CV = sqrt(1.25) / 2.5 is above 10%; enqueue 0.375 < 0.8 x compute 1.5.
  ASSERT_EQ(run.warnings.size(), 2u);
  EXPECT_EQ(run.warnings[0], (result::Warning{result::WarningKind::too_few_samples,
                                              {{"samples", 4}, {"percentile", 90}, {"needed", 10}},
                                              {}}));
  EXPECT_EQ(run.warnings[1].kind, result::WarningKind::high_cv);
  EXPECT_DOUBLE_EQ(run.warnings[1].numbers.at("cv"), std::sqrt(1.25) / 2.5);
}

TEST(RunStats, EnqueueCloseToComputeIsHostBound) {
  result::Run run = fixed_run();
  run.samples.latency_ms.assign(200, 2.0);
  run.samples.enqueue_ms = {1.25, 1.25};
  summarize_run(run);
  ASSERT_EQ(run.warnings.size(), 1u);
  EXPECT_EQ(
      run.warnings[0],
      (result::Warning{result::WarningKind::host_bound, {{"enqueue_ms", 1.25}, {"compute_ms", 1.5}}, {}}));
  EXPECT_TRUE(run.latency_intervals[0].available);  // 200 samples
  EXPECT_EQ(run.latency_intervals[0].lower, 2.0);
  EXPECT_EQ(run.latency_intervals[0].upper, 2.0);
}

TEST(RunStats, WithoutSamplesTheStoredSummaryIsCleared) {
  result::Run run = fixed_run();
  summarize_run(run);
  run.samples.latency_ms.clear();
  store_run_stats(run);
  EXPECT_FALSE(run.latency);
  EXPECT_FALSE(run.throughput);
  EXPECT_FALSE(run.breakdown);
  EXPECT_TRUE(run.stages.empty());
  EXPECT_TRUE(run.latency_intervals.empty());
}

TEST(RunStats, HighCvIsOneWarningAboveTenPercent) {
  Summary latency;
  latency.cv = 0.1;
  EXPECT_FALSE(high_cv_warning(latency));
  latency.cv = 0.125;
  EXPECT_EQ(high_cv_warning(latency), (result::Warning{result::WarningKind::high_cv, {{"cv", 0.125}}, {}}));
}

}  // namespace
}  // namespace ib::stats
