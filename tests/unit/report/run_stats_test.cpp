// The one derivation of a run's numbers from its samples, the stored-stats fallback, and the check of stored
// stats against the samples.
#include "report/run_stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "stats/summary.hpp"

namespace ib::report {
namespace {

result::Run make_run(std::vector<double> latency_ms) {
  result::Run run;
  run.name = "vit";
  run.config.batch = 2;
  run.config.percentiles = {50, 99};
  run.samples.latency_ms = std::move(latency_ms);
  run.samples.timed_wall_s = 0.01;
  run.latency = stats::summarize(run.samples.latency_ms, run.config.percentiles);
  run.throughput = result::Throughput{2000.0 / run.latency->mean,
                                      static_cast<double>(run.samples.latency_ms.size()) * 2 / 0.01};
  return run;
}

TEST(RunStats, DerivesEverythingShownFromTheSamples) {
  result::Run run = make_run({1, 2, 3, 4});
  run.samples.h2d_ms = {0.5, 0.5};
  run.samples.compute_ms = {1.0, 2.0};
  run.samples.breakdown_latency_ms = {2.0, 3.0};
  const auto stats = run_stats(run, std::vector<double>{90});
  ASSERT_TRUE(stats);
  EXPECT_TRUE(stats->from_samples);
  EXPECT_EQ(stats->latency.mean, 2.5);
  EXPECT_DOUBLE_EQ(percentile_of(stats->latency, 90), 3.7);
  EXPECT_EQ(stats->mean_fps, 800.0);           // batch 2: 2 * 1000 / 2.5
  EXPECT_EQ(*stats->inferences_per_s, 800.0);  // 4 * 2 / 0.01 s
  ASSERT_TRUE(stats->breakdown);
  EXPECT_EQ(stats->breakdown->compute_ms, 1.5);
  EXPECT_EQ(stats->breakdown->totals.stages_mean_ms, 2.0);
  EXPECT_EQ(stats->breakdown->totals.latency_mean_ms, 2.5);
  EXPECT_EQ(stats->breakdown->totals.event_cost_ms, 0.0);  // 2.5 - 2.5
  EXPECT_FALSE(stats->breakdown->enqueue_ms);
}

TEST(RunStats, WithoutSamplesTheStoredStatsAreShownMarked) {
  result::Run run = make_run({1, 2, 3, 4});
  run.samples.latency_ms.clear();
  EXPECT_FALSE(run_stats(run, std::vector<double>{50}));
  const auto shown = shown_stats(run, std::vector<double>{99, 90});
  ASSERT_TRUE(shown);
  EXPECT_FALSE(shown->from_samples);
  EXPECT_EQ(shown->latency.count, 4u);
  EXPECT_DOUBLE_EQ(percentile_of(shown->latency, 99), 3.97);
  EXPECT_TRUE(std::isnan(percentile_of(shown->latency, 90)));  // not stored: shown as "-"
  run.latency.reset();
  EXPECT_FALSE(shown_stats(run, std::vector<double>{50}));
}

TEST(StoredStatsMismatch, NamesTheRunAndEachFieldThatDisagrees) {
  result::Run run = make_run({1, 2, 3, 4});
  EXPECT_FALSE(stored_stats_mismatch(run));
  run.latency->mean = 5;
  run.latency->percentiles[1].value = 9;  // p99
  const auto mismatch = stored_stats_mismatch(run);
  ASSERT_TRUE(mismatch);
  EXPECT_EQ(*mismatch,
            "run 'vit': stored stats disagree with its samples (stored vs samples: latency_ms.mean 5 vs 2.5, "
            "latency_ms.p99 9 vs 3.97); reports show the values of the samples");
}

TEST(StoredStatsMismatch, ToleratesAFloatRoundTrip) {
  result::Run run = make_run({1.1, 2.2, 3.3, 4.4});
  run.latency->mean = static_cast<float>(run.latency->mean);
  run.latency->std = static_cast<float>(run.latency->std);
  run.throughput->fps = static_cast<float>(run.throughput->fps);
  EXPECT_FALSE(stored_stats_mismatch(run)) << *stored_stats_mismatch(run);
  run.latency->mean *= 1.001;
  EXPECT_TRUE(stored_stats_mismatch(run));
}

TEST(StoredStatsMismatch, StoredStatsWithoutSamplesCannotBeChecked) {
  result::Run run = make_run({1, 2});
  run.samples.latency_ms.clear();
  EXPECT_EQ(stored_stats_mismatch(run),
            "run 'vit': the result holds stats but no latency samples; reports show "
            "the stored stats, which cannot be checked");
  run.latency.reset();  // nothing stored, nothing to say
  EXPECT_FALSE(stored_stats_mismatch(run));
}

}  // namespace
}  // namespace ib::report
