#include "runner/layer_profile_pass.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../../support/manual_clock.hpp"
#include "backends/fake/fake_backend.hpp"
#include "result/warning_text.hpp"
#include "runner/benchmark.hpp"

namespace ib::runner {
namespace {

using testing::ManualClock;

constexpr std::int64_t kMs = 1'000'000;

// The fake on a manual clock: each inference's scripted time is its "wait" layer, and the copy takes no time.
// Counts the inferences of every backend it made (those live only as long as their run).
struct CountingFake {
  ManualClock& clock;
  std::vector<std::int64_t> script;
  std::int64_t inferences = 0;

  backends::BackendInfo info() {
    backends::BackendInfo info;
    info.name = "fake";
    info.version = [] { return std::string("1"); };
    info.create = [this](const backends::LoadOptions& options) -> std::unique_ptr<backends::Backend> {
      return std::make_unique<backends::FakeBackend>(
          core::TensorSpec{"input", options.dtype, {1, 4}}, core::TensorSpec{"output", options.dtype, {1, 4}},
          script,
          [this](std::int64_t ns) {
            clock.advance(ns);
            ++inferences;
          },
          [this] { return clock.now_ns(); });
    };
    return info;
  }
};

BenchmarkRequest request_for(const backends::BackendInfo& info, bool profile_layers) {
  BenchmarkRequest request;
  request.name = "model";
  request.backend = &info;
  request.loop.warmup = 3;
  request.loop.iterations = 7;
  request.loop.stage_timing = false;
  request.percentiles = {50};
  request.profile_layers = profile_layers;
  return request;
}

// A benchmark of the fake (2 ms per inference), with or without --profile-layers; `inferences` counts every
// inference it ran.
result::Run run_fake(bool profile_layers, std::int64_t& inferences) {
  ManualClock clock;
  CountingFake fake{clock, {2 * kMs}};
  const backends::BackendInfo info = fake.info();
  auto platform = make_cpu_platform();
  result::Run run = benchmark_model(request_for(info, profile_layers), *platform, clock, nullptr);
  inferences = fake.inferences;
  return run;
}

TEST(LayerProfilePass, ProfiledInferencesComeAfterTheTimedOnesAndNeverAmongThem) {
  std::int64_t inferences = 0;
  const result::Run run = run_fake(true, inferences);
  // The timed pass has exactly its 7 samples; the profiled pass ran its own inferences after it.
  EXPECT_EQ(run.samples.latency_ms, std::vector<double>(7, 2.0));
  // 2 startup inferences + 3 warm-up + 7 timed + the profiled ones.
  EXPECT_EQ(inferences, 2 + 3 + 7 + kLayerProfileInferences);
  ASSERT_TRUE(run.layer_profile);
  EXPECT_EQ(run.layer_profile->iterations, kLayerProfileInferences);
  ASSERT_EQ(run.layer_profile->layers.size(), 2U);
  const result::LayerTime& wait = run.layer_profile->layers[0];
  EXPECT_EQ(wait.name, "wait");
  EXPECT_DOUBLE_EQ(wait.time_ms, 2.0 * kLayerProfileInferences);
  EXPECT_DOUBLE_EQ(wait.average_ms, 2.0);
  EXPECT_EQ(wait.median_ms, 2.0);
  EXPECT_DOUBLE_EQ(wait.percentage, 100.0);
  EXPECT_EQ(run.layer_profile->layers[1].name, "copy");
  EXPECT_DOUBLE_EQ(run.layer_profile->layers[1].time_ms, 0.0);
  for (const result::Warning& warning : run.warnings)
    EXPECT_NE(warning.kind, result::WarningKind::layer_profile_unsupported);
}

TEST(LayerProfilePass, NoPassWithoutTheFlag) {
  std::int64_t inferences = 0;
  const result::Run run = run_fake(false, inferences);
  EXPECT_FALSE(run.layer_profile);
  EXPECT_EQ(run.samples.latency_ms.size(), 7U);
  EXPECT_EQ(inferences, 2 + 3 + 7);
}

// A backend with no way to time layers: the Backend defaults.
class OpaqueBackend final : public backends::Backend {
 public:
  [[nodiscard]] std::vector<core::TensorSpec> inputs() const override { return {spec_}; }
  [[nodiscard]] std::vector<core::TensorSpec> outputs() const override { return {spec_}; }
  void bind(std::span<const backends::Binding>, std::span<const backends::Binding>) override {}
  void enqueue(backends::StreamHandle) override {}

 private:
  core::TensorSpec spec_{"x", core::DType::fp32, {1, 1}};
};

TEST(LayerProfilePass, ABackendThatCannotProfileLeavesAWarningNotAFailure) {
  ManualClock clock;
  backends::BackendInfo info;
  info.name = "opaque";
  info.version = [] { return std::string("1"); };
  info.create = [](const backends::LoadOptions&) -> std::unique_ptr<backends::Backend> {
    return std::make_unique<OpaqueBackend>();
  };
  auto platform = make_cpu_platform();
  const result::Run run = benchmark_model(request_for(info, true), *platform, clock, nullptr);
  EXPECT_EQ(run.status, result::RunStatus::ok);
  EXPECT_FALSE(run.layer_profile);
  EXPECT_EQ(run.samples.latency_ms.size(), 7U);
  ASSERT_TRUE(run.startup);
  EXPECT_TRUE(run.startup->load_steps.empty());
  const auto unsupported = std::find_if(run.warnings.begin(), run.warnings.end(), [](const result::Warning& w) {
    return w.kind == result::WarningKind::layer_profile_unsupported;
  });
  ASSERT_NE(unsupported, run.warnings.end());
  EXPECT_EQ(result::warning_text(*unsupported),
            "--profile-layers: the opaque backend cannot time layers, so the run has no per-layer profile (a "
            "TensorRT engine has one, natively or through trtexec)");
}

TEST(LayerProfilePass, AStopBeforeThePassSkipsIt) {
  ManualClock clock;
  CountingFake fake{clock, {kMs}};
  const backends::BackendInfo info = fake.info();
  auto platform = make_cpu_platform();
  const BenchmarkRequest request = request_for(info, true);
  // Straight through the pass: a raised stop flag means no profiled inference at all.
  std::atomic<bool> stop{true};
  const PassContext context{request, *platform, clock, &stop};
  const auto backend = info.create({});
  InferenceSession session(*backend, *platform);
  result::Run stopped;
  run_layer_profile_pass(context, *backend, session, LoopOutcome{}, stopped);
  EXPECT_FALSE(stopped.layer_profile);
  EXPECT_EQ(fake.inferences, 0);
}

}  // namespace
}  // namespace ib::runner
