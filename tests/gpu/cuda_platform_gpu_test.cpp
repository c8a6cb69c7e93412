// Needs a CUDA device. Each test first checks for one and skips with the reason where there is none, so the
// `gpu` label can run anywhere and reads as skipped, not passed, on machines without a GPU.
#include <cuda_runtime_api.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "../support/require_cuda.hpp"
#include "inferbench/errors.hpp"
#include "cuda/check.hpp"
#include "cuda/cuda_memory.hpp"
#include "cuda/device_query.hpp"
#include "cuda/event.hpp"
#include "cuda/stream.hpp"
#include "runner/cuda_platform.hpp"

namespace ib::cuda {
namespace {

// The platform sits beside the runner's Platform interface; what it is built on is here in src/cuda/.
using runner::make_cuda_platform;

// A byte pattern that differs at every offset modulo 251 (prime), so a shifted or truncated copy cannot
// match.
void fill_pattern(void* data, std::size_t bytes) {
  auto* out = static_cast<std::uint8_t*>(data);
  for (std::size_t i = 0; i < bytes; ++i) out[i] = static_cast<std::uint8_t>((i * 7 + 3) % 251);
}

TEST(CudaPlatform, RoundTripThroughTheDeviceKeepsEveryByte) {
  IB_REQUIRE_CUDA_DEVICE();
  auto platform = make_cuda_platform(0);
  EXPECT_TRUE(platform->has_transfers());
  EXPECT_EQ(platform->device(), (core::DeviceSpec{core::DeviceKind::cuda, 0}));

  // 3x518x518 fp32, the input of the depth models users benchmark: large enough for several DMA chunks.
  constexpr std::size_t kBytes = std::size_t{3} * 518 * 518 * 4;
  runner::Buffer sent = platform->allocate_host(kBytes);
  runner::Buffer device = platform->allocate_device(kBytes);
  runner::Buffer received = platform->allocate_host(kBytes);
  ASSERT_NE(sent.data(), nullptr);
  ASSERT_NE(device.data(), nullptr);
  ASSERT_NE(received.data(), nullptr);
  EXPECT_EQ(sent.bytes(), kBytes);

  // The host buffers must really be page-locked, or the asynchronous copies would be silently synchronous.
  cudaPointerAttributes attributes{};
  ASSERT_EQ(cudaPointerGetAttributes(&attributes, sent.data()), cudaSuccess);
  EXPECT_EQ(attributes.type, cudaMemoryTypeHost);
  ASSERT_EQ(cudaPointerGetAttributes(&attributes, device.data()), cudaSuccess);
  EXPECT_EQ(attributes.type, cudaMemoryTypeDevice);
  EXPECT_EQ(attributes.device, 0);

  fill_pattern(sent.data(), kBytes);
  std::memset(received.data(), 0, kBytes);
  platform->copy_to_device(device.data(), sent.data(), kBytes);
  platform->copy_to_host(received.data(), device.data(), kBytes);
  platform->synchronize();
  EXPECT_EQ(std::memcmp(sent.data(), received.data(), kBytes), 0);
}

TEST(CudaPlatform, StreamIsItsOwnNonBlockingStream) {
  IB_REQUIRE_CUDA_DEVICE();
  auto platform = make_cuda_platform(0);
  auto* stream = static_cast<cudaStream_t>(platform->stream());
  ASSERT_NE(stream, nullptr);
  EXPECT_NE(stream, cudaStreamLegacy);
  EXPECT_NE(stream, cudaStreamPerThread);
  unsigned flags = 0;
  ASSERT_EQ(cudaStreamGetFlags(stream, &flags), cudaSuccess);
  EXPECT_EQ(flags & cudaStreamNonBlocking, cudaStreamNonBlocking);
  // Two platforms (two concurrent runs in one process) must not share a stream.
  auto other = make_cuda_platform(0);
  EXPECT_NE(other->stream(), platform->stream());
}

TEST(CudaPlatform, DeviceIndexBeyondTheVisibleOnesIsUnavailable) {
  IB_REQUIRE_CUDA_DEVICE();
  const int count = static_cast<int>(query_cuda().devices.size());
  try {
    auto platform = make_cuda_platform(count);
    FAIL() << "make_cuda_platform(" << count << ") returned a platform";
  } catch (const core::UnavailableError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("CUDA device " + std::to_string(count) + " requested but only"), std::string::npos)
        << message;
  }
  EXPECT_THROW(static_cast<void>(make_cuda_platform(-1)), core::UnavailableError);
}

TEST(CudaPlatform, CopyFailureIsARunErrorNamingTheCall) {
  IB_REQUIRE_CUDA_DEVICE();
  auto platform = make_cuda_platform(0);
  runner::Buffer host = platform->allocate_host(64);
  // A null destination is rejected when the copy is issued, before anything reaches the device, so the
  // failure is not sticky and the context stays usable for the other tests.
  try {
    platform->copy_to_device(nullptr, host.data(), 64);
    platform->synchronize();
    GTEST_SKIP() << "this driver accepted a copy to a null device pointer";
  } catch (const CudaError& error) {
    EXPECT_NE(std::string(error.what()).find("cudaMemcpyAsync"), std::string::npos) << error.what();
    EXPECT_EQ(error.kind(), core::ErrorKind::run_failed);
  }
  // The failure was not sticky: the platform still works.
  EXPECT_NO_THROW(platform->synchronize());
}

TEST(QueryCuda, ListsTheDevicesWithNameMemoryAndComputeCapability) {
  IB_REQUIRE_CUDA_DEVICE();
  const CudaInfo info = query_cuda();
  ASSERT_FALSE(info.devices.empty());
  EXPECT_TRUE(info.reason.empty());
  EXPECT_TRUE(info.driver_version.has_value());
  EXPECT_TRUE(info.runtime_version.has_value());
  for (std::size_t i = 0; i < info.devices.size(); ++i) {
    const auto& gpu = info.devices[i];
    EXPECT_EQ(gpu.index, static_cast<int>(i));
    EXPECT_FALSE(gpu.name.empty());
    EXPECT_GT(gpu.total_memory_bytes, 0U);
    EXPECT_NE(gpu.compute_capability.find('.'), std::string::npos) << gpu.compute_capability;
  }
}

TEST(CudaWrappers, MovedFromHandlesAreEmptyAndOwnershipMoves) {
  IB_REQUIRE_CUDA_DEVICE();
  IB_CUDA_CHECK(cudaSetDevice(0));
  Stream stream;
  const cudaStream_t handle = stream.get();
  Stream moved(std::move(stream));
  EXPECT_EQ(moved.get(), handle);
  EXPECT_EQ(stream.get(),
            nullptr);  // NOLINT(bugprone-use-after-move): checking the moved-from state is the point

  DeviceBuffer device(1024);
  void* const device_data = device.data();
  DeviceBuffer device_moved;
  device_moved = std::move(device);
  EXPECT_EQ(device_moved.data(), device_data);
  EXPECT_EQ(device_moved.bytes(), 1024U);
  EXPECT_EQ(device.data(), nullptr);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(device.bytes(), 0U);      // NOLINT(bugprone-use-after-move)

  PinnedBuffer pinned(1024);
  PinnedBuffer pinned_moved(std::move(pinned));
  EXPECT_NE(pinned_moved.data(), nullptr);
  EXPECT_EQ(pinned.data(), nullptr);  // NOLINT(bugprone-use-after-move)

  EXPECT_EQ(DeviceBuffer(0).data(), nullptr);
  EXPECT_EQ(PinnedBuffer(0).data(), nullptr);
}

TEST(CudaWrappers, TimingEventsMeasureACopyAndNonTimingEventsRefuse) {
  IB_REQUIRE_CUDA_DEVICE();
  IB_CUDA_CHECK(cudaSetDevice(0));
  Stream stream;
  constexpr std::size_t kBytes = std::size_t{64} << 20;
  PinnedBuffer host(kBytes);
  DeviceBuffer device(kBytes);
  Event start;
  Event stop;
  start.record(stream.get());
  IB_CUDA_CHECK(cudaMemcpyAsync(device.data(), host.data(), kBytes, cudaMemcpyHostToDevice, stream.get()));
  stop.record(stream.get());
  stop.synchronize();
  EXPECT_TRUE(stop.ready());
  // 64 MiB over PCIe or NVLink-C2C takes well over a microsecond and well under a second.
  const float ms = elapsed_ms(start, stop);
  EXPECT_GT(ms, 0.001F);
  EXPECT_LT(ms, 1000.0F);

  Event untimed_start(EventTiming::disabled);
  Event untimed_stop(EventTiming::disabled);
  untimed_start.record(stream.get());
  untimed_stop.record(stream.get());
  stream.synchronize();
  EXPECT_THROW(static_cast<void>(elapsed_ms(untimed_start, untimed_stop)), CudaError);
}

TEST(CudaPlatform, StageMarksTimeACopyOnTheStream) {
  IB_REQUIRE_CUDA_DEVICE();
  const auto platform = make_cuda_platform(0);
  const std::size_t bytes = std::size_t{64} << 20;
  runner::Buffer host = platform->allocate_host(bytes);
  runner::Buffer device = platform->allocate_device(bytes);
  const auto marks = platform->make_stage_marks(2);
  ASSERT_NE(marks, nullptr);
  marks->mark(0);
  platform->copy_to_device(device.data(), host.data(), bytes);
  marks->mark(1);
  platform->synchronize();
  // 64 MiB over PCIe (tens of GB/s) takes between about 1 and 20 ms; a mark pair around nothing would be ~0.
  const double ms = marks->elapsed_ms(0, 1);
  EXPECT_GT(ms, 0.5);
  EXPECT_LT(ms, 100.0);
}

TEST(CudaPlatform, CaptureReplaysTheWorkAndRefusesWhatCannotBeCaptured) {
  IB_REQUIRE_CUDA_DEVICE();
  const auto platform = make_cuda_platform(0);
  const std::size_t bytes = 4096;
  runner::Buffer host = platform->allocate_host(bytes);
  runner::Buffer device = platform->allocate_device(bytes);
  auto* stream = static_cast<cudaStream_t>(platform->stream());
  int value = 0x11;
  const auto replay =
      platform->capture([&] { IB_CUDA_CHECK(cudaMemsetAsync(device.data(), value, bytes, stream)); });
  value = 0x22;  // the graph keeps the value it was captured with
  replay->launch();
  platform->copy_to_host(host.data(), device.data(), bytes);
  platform->synchronize();
  EXPECT_EQ(static_cast<const unsigned char*>(host.data())[bytes - 1], 0x11);
  // A synchronisation inside capture is illegal: the platform says so and stays usable.
  EXPECT_THROW((void)platform->capture([&] { IB_CUDA_CHECK(cudaStreamSynchronize(stream)); }),
               core::UnavailableError);
  platform->copy_to_host(host.data(), device.data(), bytes);
  platform->synchronize();
  EXPECT_EQ(static_cast<const unsigned char*>(host.data())[0], 0x11);
}

TEST(CudaPlatform, MemoryInfoReportsTheDevice) {
  IB_REQUIRE_CUDA_DEVICE();
  const auto platform = make_cuda_platform(0);
  const auto info = platform->memory_info();
  ASSERT_TRUE(info);
  EXPECT_GT(info->total_bytes, 0u);
  EXPECT_LE(info->free_bytes, info->total_bytes);
}

}  // namespace
}  // namespace ib::cuda
