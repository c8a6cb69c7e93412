// Runs everywhere, GPU or not: make_cuda_platform must fail politely on machines without a driver or a device
// (CI, laptops) and in builds without CUDA; and the devices src/cuda/ finds become the result's GpuInfo.
#include "runner/cuda_platform.hpp"

#include <gtest/gtest.h>

#include <string>

#include "cuda/device_query.hpp"
#include "inferbench/errors.hpp"
#include "runner/gpu_environment.hpp"

namespace ib::runner {
namespace {

TEST(MakeCudaPlatform, WithoutAUsableDeviceThrowsUnavailableWithTheReason) {
  const cuda::CudaInfo info = cuda::query_cuda();
  if (info.available) GTEST_SKIP() << "a CUDA device is present; tests/gpu covers this case";
  try {
    auto platform = make_cuda_platform(0);
    FAIL() << "make_cuda_platform(0) returned a platform without a usable device";
  } catch (const core::UnavailableError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.rfind("CUDA device 0 requested but ", 0), 0U) << message;
    // The same explanation as the environment block gives, so the user sees one story.
    EXPECT_NE(message.find(info.reason), std::string::npos) << message;
    EXPECT_EQ(error.kind(), core::ErrorKind::unavailable);
  }
}

TEST(MakeCudaPlatform, NegativeIndexIsUnavailable) {
  EXPECT_THROW(static_cast<void>(make_cuda_platform(-1)), core::UnavailableError);
}

TEST(MakeCudaPlatform, IndexBeyondTheVisibleDevicesIsUnavailable) {
  const cuda::CudaInfo info = cuda::query_cuda();
  const int beyond = static_cast<int>(info.devices.size());
  try {
    auto platform = make_cuda_platform(beyond);
    FAIL() << "make_cuda_platform(" << beyond << ") returned a platform";
  } catch (const core::UnavailableError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("CUDA device " + std::to_string(beyond) + " requested but"), std::string::npos)
        << message;
    if (info.available) {
      EXPECT_NE(message.find("visible"), std::string::npos) << message;
    }
  }
}

TEST(EnvironmentGpus, EveryDeviceInOrderWithItsValues) {
  cuda::CudaInfo info;
  info.available = true;
  info.devices = {cuda::DeviceInfo{0, "NVIDIA H100 80GB HBM3", 85'520'809'984ULL, "9.0"},
                  cuda::DeviceInfo{1, "NVIDIA A100-SXM4-40GB", 42'505'273'344ULL, "8.0"}};
  EXPECT_EQ(environment_gpus(info),
            (std::vector<result::GpuInfo>{{0, "NVIDIA H100 80GB HBM3", 85'520'809'984ULL, "9.0"},
                                          {1, "NVIDIA A100-SXM4-40GB", 42'505'273'344ULL, "8.0"}}));
  EXPECT_TRUE(environment_gpus(cuda::CudaInfo{}).empty());
}

}  // namespace
}  // namespace ib::runner
