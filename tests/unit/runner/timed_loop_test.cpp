#include "runner/timed_loop.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "../../support/manual_clock.hpp"
#include "backends/fake/fake_backend.hpp"
#include "inferbench/errors.hpp"
#include "result/warning_text.hpp"
#include "runner/benchmark.hpp"

namespace ib::runner {
namespace {

using testing::ManualClock;

constexpr std::int64_t kMs = 1'000'000;

LoopPlan plan(std::int64_t warmup, std::int64_t iterations) {
  LoopPlan p;
  p.warmup = warmup;
  p.iterations = iterations;
  return p;
}

backends::FakeBackend make_fake(ManualClock& clock, std::vector<std::int64_t> script,
                                core::Shape shape = {1, 2}) {
  return backends::FakeBackend({"input", core::DType::fp32, shape}, {"output", core::DType::fp32, shape},
                               std::move(script), [&clock](std::int64_t ns) { clock.advance(ns); });
}

TEST(TimedLoop, WarmupIsUntimedAndEverySampleIsKeptInOrder) {
  ManualClock clock;
  auto backend = make_fake(clock, {1 * kMs, 2 * kMs, 3 * kMs});
  auto platform = make_cpu_platform();
  InferenceSession session(backend, *platform);
  // Warm-up consumes the script's first two durations; the timed samples continue the cycle: 3, 1, 2, 3, 1.
  const LoopOutcome outcome = run_timed_loop(session, clock, plan(2, 5), nullptr);
  EXPECT_EQ(outcome.warmup_done, 2);
  EXPECT_FALSE(outcome.interrupted);
  EXPECT_EQ(outcome.latency_ms, (std::vector<double>{3, 1, 2, 3, 1}));
  EXPECT_DOUBLE_EQ(outcome.timed_wall_s, 0.010);
  EXPECT_EQ(backend.inferences(), 7);
}

TEST(TimedLoop, TheModelSeesTheFilledInputsAndTheOutputComesBack) {
  ManualClock clock;
  auto backend = make_fake(clock, {kMs}, {2, 3});
  auto platform = make_cpu_platform();
  InferenceSession session(backend, *platform);
  (void)run_timed_loop(session, clock, plan(0, 1), nullptr);
  const auto* output = static_cast<const float*>(session.output_host_data(0));
  bool any_nonzero = false;
  for (int i = 0; i < 6; ++i) {
    EXPECT_GE(output[i], -1.0f);
    EXPECT_LT(output[i], 1.0f);
    any_nonzero = any_nonzero || output[i] != 0.0f;
  }
  EXPECT_TRUE(any_nonzero);
}

TEST(TimedLoop, StopKeepsTheSamplesTaken) {
  ManualClock clock;
  std::atomic<bool> stop{false};
  int calls = 0;
  backends::FakeBackend backend({"input", core::DType::fp32, {1}}, {"output", core::DType::fp32, {1}}, {kMs},
                                [&](std::int64_t ns) {
                                  clock.advance(ns);
                                  if (++calls == 4) stop = true;  // during the 2nd timed iteration
                                });
  auto platform = make_cpu_platform();
  InferenceSession session(backend, *platform);
  const LoopOutcome outcome = run_timed_loop(session, clock, plan(2, 100), &stop);
  EXPECT_TRUE(outcome.interrupted);
  EXPECT_EQ(outcome.latency_ms.size(), 2u);
  EXPECT_DOUBLE_EQ(outcome.timed_wall_s, 0.002);
}

TEST(TimedLoop, StopDuringWarmupGivesNoSamples) {
  ManualClock clock;
  std::atomic<bool> stop{true};
  auto backend = make_fake(clock, {kMs});
  auto platform = make_cpu_platform();
  InferenceSession session(backend, *platform);
  const LoopOutcome outcome = run_timed_loop(session, clock, plan(10, 10), &stop);
  EXPECT_TRUE(outcome.interrupted);
  EXPECT_TRUE(outcome.latency_ms.empty());
  EXPECT_EQ(outcome.timed_wall_s, 0.0);
}

backends::BackendInfo manual_fake(ManualClock& clock, std::vector<std::int64_t> script) {
  backends::BackendInfo info;
  info.name = "fake";
  info.version = [] { return std::string("1"); };
  info.create = [&clock, script](const backends::LoadOptions& options) -> std::unique_ptr<backends::Backend> {
    const core::Shape shape = options.shapes.empty() ? core::Shape{1, 4} : options.shapes.front().shape;
    return std::make_unique<backends::FakeBackend>(core::TensorSpec{"input", options.dtype, shape},
                                                   core::TensorSpec{"output", options.dtype, shape}, script,
                                                   [&clock](std::int64_t ns) { clock.advance(ns); });
  };
  return info;
}

TEST(Benchmark, FillsTheRunFromSamplesWithHandComputedStatistics) {
  ManualClock clock;
  const auto info = manual_fake(clock, {2 * kMs, 4 * kMs});
  BenchmarkRequest request;
  request.name = "model";
  request.backend = &info;
  request.load.shapes = {{std::nullopt, {4, 3}}};
  request.loop = plan(1, 4);
  request.percentiles = {50, 99};
  auto platform = make_cpu_platform();
  const result::Run run = benchmark_model(request, *platform, clock, nullptr);

  // Warm-up takes 2 ms; timed: 4, 2, 4, 2 ms.
  EXPECT_EQ(run.samples.latency_ms, (std::vector<double>{4, 2, 4, 2}));
  EXPECT_EQ(run.status, result::RunStatus::ok);
  EXPECT_EQ(run.device, "cpu");
  EXPECT_EQ(run.config.batch, 4);
  ASSERT_EQ(run.config.shapes.size(), 1u);
  EXPECT_EQ(run.config.shapes[0].shape, (core::Shape{4, 3}));
  EXPECT_EQ(run.model.inputs[0].name, "input");
  ASSERT_TRUE(run.latency);
  EXPECT_DOUBLE_EQ(run.latency->mean, 3.0);
  EXPECT_DOUBLE_EQ(run.latency->std, 1.0);  // population std of {4, 2, 4, 2}
  EXPECT_DOUBLE_EQ(run.latency->median, 3.0);
  // p99 by linear interpolation over sorted {2, 2, 4, 4}: h = 3 * 0.99 = 2.97 -> 4.
  EXPECT_DOUBLE_EQ(run.latency->percentiles[1].value, 4.0);
  ASSERT_TRUE(run.throughput);
  EXPECT_DOUBLE_EQ(run.throughput->fps, 4 * 1000.0 / 3.0);
  EXPECT_DOUBLE_EQ(run.throughput->inferences_per_s, 4 * 4 / 0.012);
  // 4 samples cannot support p99 (needs 100); CV = 1/3 is above 10%.
  ASSERT_EQ(run.warnings.size(), 2u);
  EXPECT_NE(result::warning_text(run.warnings[0]).find("p99 needs at least 100"), std::string::npos)
      << result::warning_text(run.warnings[0]);
  EXPECT_NE(result::warning_text(run.warnings[1]).find("CV 33.3%"), std::string::npos)
      << result::warning_text(run.warnings[1]);
}

TEST(Benchmark, SteadySamplesGiveNoWarnings) {
  ManualClock clock;
  const auto info = manual_fake(clock, {kMs});
  BenchmarkRequest request;
  request.name = "steady";
  request.backend = &info;
  request.loop = plan(0, 200);
  request.percentiles = {50, 99};
  auto platform = make_cpu_platform();
  const result::Run run = benchmark_model(request, *platform, clock, nullptr);
  EXPECT_TRUE(run.warnings.empty());
  EXPECT_DOUBLE_EQ(run.latency->cv, 0.0);
  EXPECT_DOUBLE_EQ(run.throughput->inferences_per_s, 1000.0);
}

TEST(Benchmark, InterruptedRunIsMarkedAndKeepsItsSamples) {
  ManualClock clock;
  std::atomic<bool> stop{false};
  backends::BackendInfo info;
  info.name = "fake";
  int calls = 0;
  info.create = [&](const backends::LoadOptions&) -> std::unique_ptr<backends::Backend> {
    return std::make_unique<backends::FakeBackend>(
        core::TensorSpec{"input", core::DType::fp32, {1}}, core::TensorSpec{"output", core::DType::fp32, {1}},
        std::vector<std::int64_t>{kMs}, [&](std::int64_t ns) {
          clock.advance(ns);
          if (++calls == 5) stop = true;  // two startup inferences, then the 3rd timed one
        });
  };
  BenchmarkRequest request;
  request.name = "cut";
  request.backend = &info;
  request.loop = plan(0, 50);
  request.percentiles = {50};
  auto platform = make_cpu_platform();
  const result::Run run = benchmark_model(request, *platform, clock, &stop);
  EXPECT_EQ(run.status, result::RunStatus::interrupted);
  EXPECT_EQ(run.samples.latency_ms.size(), 3u);
  ASSERT_FALSE(run.warnings.empty());
  EXPECT_EQ(result::warning_text(run.warnings[0]), "interrupted after 3 timed iterations (0 warm-up)");
}

}  // namespace
}  // namespace ib::runner

namespace ib::runner {
namespace {

TEST(InferenceSession, FirstInputComesFromTheProviderOthersStayDeterministic) {
  testing::ManualClock clock;
  backends::FakeBackend backend({"input", core::DType::fp32, {1, 3}}, {"output", core::DType::fp32, {1, 3}},
                                {1'000'000}, [&clock](std::int64_t ns) { clock.advance(ns); });
  auto platform = make_cpu_platform();
  SessionOptions options;
  const float values[3] = {0.5f, -1.25f, 3.0f};
  options.first_input = [&](const core::TensorSpec& spec) {
    EXPECT_EQ(spec.name, "input");
    std::vector<std::byte> bytes(sizeof values);
    std::memcpy(bytes.data(), values, sizeof values);
    return bytes;
  };
  InferenceSession session(backend, *platform, options);
  session.round_trip();
  const auto* output = static_cast<const float*>(session.output_host_data(0));
  EXPECT_EQ(output[0], 0.5f);
  EXPECT_EQ(output[1], -1.25f);
  EXPECT_EQ(output[2], 3.0f);

  options.first_input = [](const core::TensorSpec&) { return std::vector<std::byte>(5); };
  EXPECT_THROW(InferenceSession(backend, *platform, options), core::InputError);
}

}  // namespace
}  // namespace ib::runner

namespace ib::runner {
namespace {

TEST(TimedLoop, PublishesEachTimedSampleForAnotherThreadAndClearsAtTheStart) {
  ManualClock clock;
  auto backend = make_fake(clock, {1 * kMs, 2 * kMs, 3 * kMs});
  auto platform = make_cpu_platform();
  InferenceSession session(backend, *platform);
  LiveSamples live(4);
  live.publish(0, 99.0);  // an earlier pass's
  LoopObserver observer;
  observer.live = &live;
  const LoopOutcome outcome = run_timed_loop(session, clock, plan(1, 5), nullptr, observer);
  EXPECT_EQ(outcome.latency_ms, (std::vector<double>{2, 3, 1, 2, 3}));
  EXPECT_EQ(live.snapshot(), (std::vector<double>{2, 3, 1, 2}));  // up to its capacity, the rest still timed
}

TEST(Benchmark, AStopBeforeTimingEndsTheRunAfterTheCurrentStartupStep) {
  const backends::BackendInfo fake = backends::fake_backend_info();
  BenchmarkRequest request;
  request.name = "fake:1";
  request.backend = &fake;
  request.load.model.builtin = "fake:1";
  request.load.device = {core::DeviceKind::cpu, 0};
  auto platform = make_cpu_platform();
  ManualClock clock;
  const std::atomic<bool> stop{true};
  const result::Run run = benchmark_model(request, *platform, clock, &stop);
  EXPECT_EQ(run.status, result::RunStatus::interrupted);
  EXPECT_EQ(run.stopped_by, "interrupted");
  EXPECT_TRUE(run.samples.latency_ms.empty());
  ASSERT_FALSE(run.warnings.empty());
  EXPECT_EQ(result::warning_text(run.warnings.front()),
            "interrupted while loading the model, before any timed iteration");
}

}  // namespace
}  // namespace ib::runner
