// Device memory per model through a framework allocator (a fake caching allocator on the fake GPU platform):
// each model's weights, whatever ran before it in the process. cudaMemGetInfo deltas alone get the second
// model wrong: memory the allocator cached for the first is handed to the second without the driver seeing
// anything.
#include <gtest/gtest.h>

#include <algorithm>

#include "../../support/fake_gpu_platform.hpp"
#include "../../support/manual_clock.hpp"
#include "backends/fake/fake_backend.hpp"
#include "runner/benchmark.hpp"

namespace ib::runner {
namespace {

using testing::FakeGpuPlatform;
using testing::ManualClock;

constexpr std::uint64_t kMB = 1'000'000;

// Like PyTorch's: freed memory stays reserved (cached) and serves later allocations; the pool grows only when
// live bytes exceed it.
class FakeCachingAllocator {
 public:
  explicit FakeCachingAllocator(FakeGpuPlatform& platform) : platform_(platform) {}
  void allocate(std::uint64_t bytes) {
    stats_.allocated_bytes += bytes;
    stats_.peak_allocated_bytes = std::max(stats_.peak_allocated_bytes, stats_.allocated_bytes);
    if (stats_.allocated_bytes > stats_.reserved_bytes) {
      platform_.take_device_memory(stats_.allocated_bytes - stats_.reserved_bytes);
      stats_.reserved_bytes = stats_.allocated_bytes;
    }
  }
  void release(std::uint64_t bytes) { stats_.allocated_bytes -= bytes; }
  void reset_peak() { stats_.peak_allocated_bytes = stats_.allocated_bytes; }
  [[nodiscard]] const backends::AllocatorStats& stats() const { return stats_; }

 private:
  FakeGpuPlatform& platform_;
  backends::AllocatorStats stats_;
};

// Weights allocated at load and freed with the backend; activations allocated and freed in every inference.
class AllocatingBackend final : public backends::Backend {
 public:
  AllocatingBackend(FakeCachingAllocator& allocator, std::uint64_t weights, std::uint64_t activations)
      : allocator_(allocator),
        weights_(weights),
        activations_(activations),
        inner_({"input", core::DType::fp32, {1, 4}}, {"output", core::DType::fp32, {1, 4}}, {1000},
               [](std::int64_t) {}) {
    allocator_.allocate(weights_);
  }
  ~AllocatingBackend() override { allocator_.release(weights_); }
  [[nodiscard]] std::vector<core::TensorSpec> inputs() const override { return inner_.inputs(); }
  [[nodiscard]] std::vector<core::TensorSpec> outputs() const override { return inner_.outputs(); }
  void bind(std::span<const backends::Binding> in, std::span<const backends::Binding> out) override {
    inner_.bind(in, out);
  }
  void enqueue(backends::StreamHandle stream) override {
    allocator_.allocate(activations_);
    inner_.enqueue(stream);
    allocator_.release(activations_);
  }

 private:
  FakeCachingAllocator& allocator_;
  std::uint64_t weights_;
  std::uint64_t activations_;
  backends::FakeBackend inner_;
};

struct Model {
  std::uint64_t weights;
  std::uint64_t activations;
};

BenchmarkRequest request_for(const backends::BackendInfo& info) {
  BenchmarkRequest request;
  request.name.assign(1, 'm');  // not = "m": g++ 12 -O3 reports a false -Wrestrict on that (GCC bug 105329)
  request.backend = &info;
  request.loop.warmup = 1;
  request.loop.iterations = 5;
  request.percentiles = {50};
  return request;
}

// Like PyTorch's CUDA state and library handles: made once per process on first use, outside the allocator,
// and shared by every model after.
constexpr std::uint64_t kFrameworkState = 300 * kMB;

struct Process {
  bool with_allocator = true;
  bool with_prepare = true;
};

// Benchmarks `models` one after the other in one process (one allocator, one device); returns each run's
// memory.
std::vector<result::DeviceMemory> run_in_order(const std::vector<Model>& models, Process process = {}) {
  ManualClock clock;
  FakeGpuPlatform platform{clock, 1000};
  FakeCachingAllocator allocator(platform);
  bool framework_ready = false;
  const auto make_framework_state = [&] {
    if (!framework_ready) platform.take_device_memory(kFrameworkState);
    framework_ready = true;
  };
  std::vector<result::DeviceMemory> memory;
  for (const Model& model : models) {
    backends::BackendInfo info;
    info.name = "fake";
    info.create = [&](const backends::LoadOptions&) -> std::unique_ptr<backends::Backend> {
      make_framework_state();
      return std::make_unique<AllocatingBackend>(allocator, model.weights, model.activations);
    };
    if (process.with_prepare) info.prepare_device = [&](const core::DeviceSpec&) { make_framework_state(); };
    if (process.with_allocator) {
      info.allocator_stats = [&](const core::DeviceSpec&) { return std::optional(allocator.stats()); };
      info.reset_peak_allocated = [&](const core::DeviceSpec&) { allocator.reset_peak(); };
    }
    const BenchmarkRequest request = request_for(info);
    const result::Run run = benchmark_model(request, platform, clock, nullptr);
    EXPECT_TRUE(run.device_memory.has_value());
    memory.push_back(run.device_memory.value_or(result::DeviceMemory{}));
  }
  return memory;
}

const Model kFp32{100 * kMB, 30 * kMB};
const Model kFp16{50 * kMB, 20 * kMB};

TEST(DeviceMemory, EachModelsWeightsWhateverRanBefore) {
  for (const auto& order : {std::vector<Model>{kFp32, kFp16}, std::vector<Model>{kFp16, kFp32}}) {
    const std::vector<result::DeviceMemory> memory = run_in_order(order);
    ASSERT_EQ(memory.size(), 2u);
    EXPECT_EQ(memory[0].framework_bytes, static_cast<std::int64_t>(kFrameworkState));
    EXPECT_EQ(memory[1].framework_bytes, 0);
    for (std::size_t i = 0; i < 2; ++i) {
      EXPECT_EQ(memory[i].model_bytes, static_cast<std::int64_t>(order[i].weights)) << i;
      EXPECT_EQ(memory[i].run_bytes, static_cast<std::int64_t>(order[i].activations)) << i;
      EXPECT_EQ(memory[i].buffers_bytes, 2 * 16) << i;  // input and output, 1x4 fp32 each, cudaMalloc'd
    }
  }
}

// What the driver alone says, for contrast: right for the first model, wrong for the second in both orders.
TEST(DeviceMemory, DriverDeltasAloneMissWhatTheAllocatorCached) {
  std::vector<result::DeviceMemory> memory = run_in_order({kFp32, kFp16}, {.with_allocator = false});
  EXPECT_EQ(memory[0].model_bytes, static_cast<std::int64_t>(kFp32.weights));
  EXPECT_EQ(memory[1].model_bytes, 0);  // 50 MB served from the 130 MB the first model left cached
  memory = run_in_order({kFp16, kFp32}, {.with_allocator = false});
  EXPECT_EQ(memory[1].model_bytes, static_cast<std::int64_t>(30 * kMB));  // only the pool's growth past 70 MB
}

// Without the framework's setup before the load, whichever model comes first is charged with the state both share.
TEST(DeviceMemory, WithoutPreparingTheFirstModelCarriesTheFrameworksState) {
  for (const auto& order : {std::vector<Model>{kFp32, kFp16}, std::vector<Model>{kFp16, kFp32}}) {
    const std::vector<result::DeviceMemory> memory = run_in_order(order, {.with_prepare = false});
    EXPECT_EQ(memory[0].model_bytes, static_cast<std::int64_t>(order[0].weights + kFrameworkState));
    EXPECT_EQ(memory[0].framework_bytes, 0);
    EXPECT_EQ(memory[1].model_bytes, static_cast<std::int64_t>(order[1].weights));
  }
}

}  // namespace
}  // namespace ib::runner
