// The runner's modes on a fake GPU platform and a manual clock, so every number is exact: event breakdown,
// --no-transfers, --cuda-graph, --duration, --warmup-ms, --until-stable, startup and device memory.
#include <gtest/gtest.h>

#include "../../support/fake_gpu_platform.hpp"
#include "../../support/manual_clock.hpp"
#include "backends/fake/fake_backend.hpp"
#include "inferbench/errors.hpp"
#include "result/warning_text.hpp"
#include "runner/benchmark.hpp"
#include "stats/stopping_rule.hpp"

namespace ib::runner {
namespace {

using testing::FakeGpuPlatform;
using testing::ManualClock;

constexpr std::int64_t kMs = 1'000'000;

struct Fixture {
  ManualClock clock;
  FakeGpuPlatform platform{clock, kMs / 2};  // every copy takes 0.5 ms
  backends::BackendInfo info;
  int loads = 0;

  explicit Fixture(std::vector<std::int64_t> script) {
    info.name = "fake";
    info.version = [] { return std::string("1"); };
    info.create = [this, script](const backends::LoadOptions& options) -> std::unique_ptr<backends::Backend> {
      ++loads;
      clock.advance(7 * kMs);  // loading takes 7 ms
      return std::make_unique<backends::FakeBackend>(core::TensorSpec{"input", options.dtype, {1, 4}},
                                                     core::TensorSpec{"output", options.dtype, {1, 4}},
                                                     script, [this](std::int64_t ns) { clock.advance(ns); });
    };
  }

  BenchmarkRequest request(std::int64_t warmup, std::int64_t iterations) {
    BenchmarkRequest r;
    r.name = "m";
    r.backend = &info;
    r.loop.warmup = warmup;
    r.loop.iterations = iterations;
    r.percentiles = {50, 99};
    return r;
  }
};

const result::StageSummary* stage(const result::Run& run, const std::string& name) {
  for (const auto& s : run.stages) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

TEST(Modes, EventBreakdownAccountsForTheWallLatency) {
  Fixture f({2 * kMs});
  const result::Run run = benchmark_model(f.request(3, 10), f.platform, f.clock, nullptr);
  // Per iteration: H2D 0.5 + compute 2 + D2H 0.5 = 3 ms, and the fake clock sees nothing else.
  ASSERT_EQ(run.samples.latency_ms.size(), 10u);
  EXPECT_DOUBLE_EQ(run.latency->mean, 3.0);
  // The breakdown pass repeats the 10 iterations with stage marks; its latencies are kept beside the stages.
  ASSERT_EQ(run.samples.h2d_ms.size(), 10u);
  ASSERT_EQ(run.samples.breakdown_latency_ms.size(), 10u);
  EXPECT_DOUBLE_EQ(stage(run, "h2d_ms")->summary.mean, 0.5);
  EXPECT_DOUBLE_EQ(stage(run, "compute_ms")->summary.mean, 2.0);
  EXPECT_DOUBLE_EQ(stage(run, "d2h_ms")->summary.mean, 0.5);
  EXPECT_DOUBLE_EQ(stage(run, "enqueue_ms")->summary.mean, 2.0);
  ASSERT_TRUE(run.breakdown);
  EXPECT_DOUBLE_EQ(run.breakdown->stages_mean_ms, 3.0);
  EXPECT_DOUBLE_EQ(run.breakdown->gap_ms, 0.0);
  EXPECT_DOUBLE_EQ(run.breakdown->event_cost_ms, 0.0);  // the fake's marks take no time
  // The fake's "device" work happens inside enqueue: enqueue == compute, which is what host-bound looks like.
  const bool host_bound = std::any_of(run.warnings.begin(), run.warnings.end(), [](const result::Warning& w) {
    return result::warning_text(w).starts_with("host-bound");
  });
  EXPECT_TRUE(host_bound);
  EXPECT_EQ(run.stopped_by, "iterations");
  EXPECT_EQ(run.samples.warmup_iterations, 3);
  EXPECT_DOUBLE_EQ(run.samples.warmup_wall_s, 0.009);
}

TEST(Modes, NoBreakdownRecordsOnlyTheWallLatency) {
  Fixture f({2 * kMs});
  BenchmarkRequest request = f.request(0, 5);
  request.loop.stage_timing = false;
  const result::Run run = benchmark_model(request, f.platform, f.clock, nullptr);
  EXPECT_TRUE(run.samples.h2d_ms.empty());
  EXPECT_TRUE(run.samples.compute_ms.empty());
  EXPECT_TRUE(run.samples.enqueue_ms.empty());  // the enqueue is timed in the breakdown pass only
  EXPECT_TRUE(run.samples.breakdown_latency_ms.empty());
  EXPECT_FALSE(run.breakdown);
}

TEST(Modes, NoTransfersTimesOnlyTheInference) {
  Fixture f({2 * kMs});
  BenchmarkRequest request = f.request(2, 6);
  request.session.transfers = false;
  const result::Run run = benchmark_model(request, f.platform, f.clock, nullptr);
  EXPECT_DOUBLE_EQ(run.latency->mean, 2.0);
  EXPECT_TRUE(run.samples.h2d_ms.empty());
  EXPECT_TRUE(run.samples.d2h_ms.empty());
  EXPECT_EQ(run.samples.compute_ms.size(), 6u);
  EXPECT_FALSE(run.config.transfers);
}

TEST(Modes, CudaGraphCapturesOnceAndReplaysEveryIteration) {
  Fixture f({kMs});
  BenchmarkRequest request = f.request(4, 8);
  request.cuda_graph = true;
  const result::Run run = benchmark_model(request, f.platform, f.clock, nullptr);
  EXPECT_EQ(f.platform.captures, 1);
  // Warm-up, speed and breakdown passes replay; the two startup inferences ran eagerly.
  EXPECT_EQ(f.platform.launches, 4 + 8 + 8);
  EXPECT_TRUE(run.config.cuda_graph);
  EXPECT_EQ(run.samples.latency_ms.size(), 8u);
}

TEST(Modes, CudaGraphRefusalIsUnavailable) {
  Fixture f({kMs});
  f.platform.refuse_capture = true;
  BenchmarkRequest request = f.request(1, 1);
  request.cuda_graph = true;
  EXPECT_THROW((void)benchmark_model(request, f.platform, f.clock, nullptr), core::UnavailableError);
}

TEST(Modes, StartupIsTimedApartFromTheSteadyState) {
  Fixture f({3 * kMs, kMs});
  const result::Run run = benchmark_model(f.request(0, 4), f.platform, f.clock, nullptr);
  ASSERT_TRUE(run.startup);
  EXPECT_DOUBLE_EQ(run.startup->load_ms, 7.0);
  // prepare: the initial upload of the one input (0.5 ms); first: 0.5 + 3 + 0.5; second: 0.5 + 1 + 0.5.
  EXPECT_DOUBLE_EQ(run.startup->prepare_ms, 0.5);
  EXPECT_DOUBLE_EQ(run.startup->first_inference_ms, 4.0);
  EXPECT_DOUBLE_EQ(run.startup->second_inference_ms, 2.0);
  ASSERT_TRUE(run.device_memory);
  EXPECT_EQ(run.device_memory->total_bytes, 1u << 30);
  EXPECT_EQ(run.device_memory->model_bytes, 0);
  EXPECT_EQ(run.device_memory->buffers_bytes, 32);  // two 1x4 fp32 device buffers
}

TEST(Modes, DurationStopsAtTheFirstIterationPastIt) {
  Fixture f({kMs});
  BenchmarkRequest request = f.request(0, 1);
  request.loop.duration_s = 0.0305;  // iterations take 2 ms (copies 0.5 + 1 + 0.5): the 16th ends at 32 ms
  const result::Run run = benchmark_model(request, f.platform, f.clock, nullptr);
  EXPECT_EQ(run.samples.latency_ms.size(), 16u);
  EXPECT_EQ(run.stopped_by, "duration");
  EXPECT_EQ(run.config.duration_s, 0.0305);
}

TEST(Modes, WarmupByTime) {
  Fixture f({kMs});
  BenchmarkRequest request = f.request(1000, 3);
  request.loop.warmup_ms = 9.0;  // 2 ms each: 5 warm-up iterations reach 10 ms
  const result::Run run = benchmark_model(request, f.platform, f.clock, nullptr);
  EXPECT_EQ(run.samples.warmup_iterations, 5);
}

TEST(Modes, UntilStableStopsAtTheMinimumForASteadyStream) {
  Fixture f({kMs});
  BenchmarkRequest request = f.request(0, 1);
  request.until_stable = StableTarget{0.01, 60};
  const result::Run run = benchmark_model(request, f.platform, f.clock, nullptr);
  const stats::StabilityRule rule(
      {.target_relative = 0.01, .quantiles = {50, 99}, .confidence = 0.95, .min_samples = 0});
  EXPECT_EQ(run.stopped_by, "stable");
  EXPECT_EQ(run.samples.latency_ms.size(), rule.min_samples());
  ASSERT_EQ(run.latency_intervals.size(), 2u);
  EXPECT_TRUE(run.latency_intervals[1].available);
  EXPECT_DOUBLE_EQ(run.latency_intervals[1].lower, 2.0);
  EXPECT_DOUBLE_EQ(run.latency_intervals[1].upper, 2.0);
}

TEST(Modes, UntilStableGivesUpAtMaxDurationAndSaysSo) {
  Fixture f({kMs, 3 * kMs});  // alternating 2 ms and 4 ms round trips: the median's interval spans both
  BenchmarkRequest request = f.request(0, 1);
  request.until_stable = StableTarget{0.01, 1.0};
  const result::Run run = benchmark_model(request, f.platform, f.clock, nullptr);
  EXPECT_EQ(run.stopped_by, "max_duration");
  EXPECT_NEAR(run.samples.timed_wall_s, 1.0, 0.005);
  const bool warned = std::any_of(run.warnings.begin(), run.warnings.end(), [](const result::Warning& w) {
    return result::warning_text(w).starts_with("--until-stable");
  });
  EXPECT_TRUE(warned);
}

TEST(Modes, ConflictingPlansAreRejected) {
  Fixture f({kMs});
  BenchmarkRequest both = f.request(0, 1);
  both.loop.duration_s = 1.0;
  both.until_stable = StableTarget{};
  EXPECT_THROW((void)benchmark_model(both, f.platform, f.clock, nullptr), core::InputError);
  BenchmarkRequest streams = f.request(0, 1);
  streams.streams = 2;
  streams.until_stable = StableTarget{};
  EXPECT_THROW((void)benchmark_model(streams, f.platform, f.clock, nullptr), core::InputError);
}

TEST(Modes, EveryRunReportsP50AndP99Intervals) {
  Fixture f({kMs});
  const result::Run run = benchmark_model(f.request(0, 50), f.platform, f.clock, nullptr);
  ASSERT_EQ(run.latency_intervals.size(), 2u);
  EXPECT_EQ(run.latency_intervals[0].p, 50);
  EXPECT_TRUE(run.latency_intervals[0].available);
  EXPECT_FALSE(run.latency_intervals[1].available);  // 50 samples are too few for a p99 interval
}

}  // namespace
}  // namespace ib::runner
