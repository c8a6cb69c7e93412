// Device time per range (CUDA events on the profiler's stream): a copy inside a range shows as device time, a
// range with no work on the stream next to none, and the device is named in meta.
#include <cuda_runtime_api.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "../support/require_cuda.hpp"
#include "inferbench/annotate.hpp"

namespace {

TEST(AnnotateGpu, DeviceTimePerRangeFromEventsOnTheStream) {
  IB_REQUIRE_CUDA_DEVICE();
  cudaStream_t stream = nullptr;
  ASSERT_EQ(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), cudaSuccess);
  constexpr std::size_t kBytes = std::size_t{256} << 20;
  void* a = nullptr;
  void* b = nullptr;
  ASSERT_EQ(cudaMalloc(&a, kBytes), cudaSuccess);
  ASSERT_EQ(cudaMalloc(&b, kBytes), cudaSuccess);
  ib::annotate::ProfilerOptions options;
  options.name = "gpu";
  options.warmup_batches = 0;
  options.output_dir = std::filesystem::temp_directory_path();
  options.cuda_stream = stream;
  ib::annotate::Profiler profiler(options);
  for (int i = 0; i < 3; ++i) {
    const ib::annotate::ScopedRange batch = profiler.batch("batch", i, 1);
    {
      const ib::annotate::ScopedRange copy = profiler.range("copy");
      ASSERT_EQ(cudaMemcpyAsync(b, a, kBytes, cudaMemcpyDeviceToDevice, stream), cudaSuccess);
    }
    {
      const ib::annotate::ScopedRange idle = profiler.range("idle");
      ASSERT_EQ(cudaStreamSynchronize(stream), cudaSuccess);
    }
  }
  const nlohmann::json out = nlohmann::json::parse(profiler.json());
  const nlohmann::json& batch = out["data"]["gpu"]["batch_1"];
  // 256 MiB device to device takes well over 20 us on any GPU; a range that only waits adds (next to) nothing.
  EXPECT_GT(batch["copy"]["gpu_time"].get<double>(), 0.02) << batch.dump(2);
  EXPECT_LT(batch["idle"]["gpu_time"].get<double>(), batch["copy"]["gpu_time"].get<double>());
  EXPECT_GE(batch["gpu_time"].get<double>(), batch["copy"]["gpu_time"].get<double>() * 0.99);
  EXPECT_NE(out["meta"]["device"]["name"], "CPU");
  EXPECT_EQ(out["inferbench"]["levels"]["gpu"]["ranges"]["batch/copy"]["gpu_time_ms"].size(), 3U);
  cudaFree(a);
  cudaFree(b);
  cudaStreamDestroy(stream);
}

}  // namespace
