// A model whose outputs hold NaN or Inf keeps its timing: the runner warns once per output after the timed
// passes (with or without a quality pass), and a GT comparison with no usable prediction is a warning naming
// the output, not a failed run. The fake backend copies its input to its output, so the input sets the
// output's values.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>

#include "../../support/fake_gpu_platform.hpp"
#include "../../support/manual_clock.hpp"
#include "backends/fake/fake_backend.hpp"
#include "io/npy.hpp"
#include "result/warning_text.hpp"
#include "runner/benchmark.hpp"

namespace ib::runner {
namespace {

namespace fs = std::filesystem;
using testing::FakeGpuPlatform;
using testing::ManualClock;

constexpr std::int64_t kMs = 1'000'000;
constexpr float kNan = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

struct Fixture {
  ManualClock clock;
  FakeGpuPlatform platform{clock, kMs / 2};
  backends::BackendInfo info;

  // Strings are moved in, not assigned from literals: g++ 12 at -O3 warns falsely (-Wrestrict) on the inlined
  // literal assignment here.
  Fixture() {
    info.name = std::string("fake");
    info.version = [] { return std::string("1"); };
    info.create = [this](const backends::LoadOptions& options) -> std::unique_ptr<backends::Backend> {
      return std::make_unique<backends::FakeBackend>(
          core::TensorSpec{"input", options.dtype, {1, 1, 2, 2}},
          core::TensorSpec{"depth", options.dtype, {1, 1, 2, 2}}, std::vector<std::int64_t>{kMs},
          [this](std::int64_t ns) { clock.advance(ns); });
    };
  }

  BenchmarkRequest request(std::vector<float> values) {
    BenchmarkRequest r;
    r.name = std::string("m");
    r.backend = &info;
    r.loop.warmup = 1;
    r.loop.iterations = 10;
    r.percentiles = {50};
    r.session.first_input = [values](const core::TensorSpec&) {
      std::vector<std::byte> bytes(values.size() * sizeof(float));
      std::memcpy(bytes.data(), values.data(), bytes.size());
      return bytes;
    };
    return r;
  }
};

bool has_warning(const result::Run& run, const std::string& part) {
  return std::any_of(run.warnings.begin(), run.warnings.end(), [&](const result::Warning& w) {
    return result::warning_text(w).find(part) != std::string::npos;
  });
}

class NonFiniteOutputs : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ib_nonfinite_test_" + std::to_string(getpid()));
    fs::create_directories(dir_);
    io::write_npy(dir_ / "gt.npy", io::make_npy(core::DType::fp32, {2, 2}, {2, 2, 2, 2}));
  }
  void TearDown() override { fs::remove_all(dir_); }
  [[nodiscard]] QualityRequest gt_request() const {
    QualityRequest quality;
    quality.gt_file = dir_ / "gt.npy";
    quality.depth.median_scaling = false;
    return quality;
  }
  fs::path dir_;
};

TEST_F(NonFiniteOutputs, WarnedWithoutAnyQualityRequest) {
  Fixture f;
  const result::Run run = benchmark_model(f.request({1, kNan, kInf, -kInf}), f.platform, f.clock, nullptr);
  EXPECT_EQ(run.samples.latency_ms.size(), 10u);
  EXPECT_FALSE(run.quality);
  EXPECT_TRUE(has_warning(run, "output 'depth' holds 3 NaN/Inf values of 4 (1 NaN, 2 Inf) after the timed "
                               "passes; the timing stands"))
      << ::testing::PrintToString(run.warnings);
  Fixture clean;
  const result::Run finite = benchmark_model(clean.request({1, 2, 3, 4}), clean.platform, clean.clock, nullptr);
  EXPECT_FALSE(has_warning(finite, "NaN/Inf")) << ::testing::PrintToString(finite.warnings);
}

TEST_F(NonFiniteOutputs, AllNanOutputAgainstGroundTruthKeepsTheTiming) {
  Fixture f;
  BenchmarkRequest request = f.request({kNan, kNan, kNan, kNan});
  request.quality = gt_request();
  const result::Run run = benchmark_model(request, f.platform, f.clock, nullptr);
  EXPECT_EQ(run.status, result::RunStatus::ok);
  ASSERT_EQ(run.samples.latency_ms.size(), 10u);
  ASSERT_TRUE(run.latency);
  ASSERT_TRUE(run.quality);
  EXPECT_EQ(run.quality->nonfinite_values, 4);
  EXPECT_FALSE(run.quality->ground_truth);  // nothing to score: no metrics rather than made-up ones
  EXPECT_TRUE(has_warning(run, "output 'depth' against gt.npy: no valid predictions"))
      << ::testing::PrintToString(run.warnings);
}

TEST_F(NonFiniteOutputs, PartlyNanOutputIsScoredOnItsFiniteValues) {
  Fixture f;
  BenchmarkRequest request = f.request({kNan, 2, 2, 2});
  request.quality = gt_request();
  const result::Run run = benchmark_model(request, f.platform, f.clock, nullptr);
  ASSERT_TRUE(run.quality && run.quality->ground_truth);
  EXPECT_EQ(run.quality->ground_truth->valid_pixels, 3);
  EXPECT_EQ(run.quality->ground_truth->invalid_predictions, 1);
  EXPECT_DOUBLE_EQ(run.quality->ground_truth->metrics.abs_rel, 0.0);
  EXPECT_TRUE(has_warning(run, "output 'depth' holds 1 NaN/Inf values of 4"));
  EXPECT_TRUE(has_warning(run, "1 predictions were NaN, Inf or not positive where the GT is valid"));
}

}  // namespace
}  // namespace ib::runner
