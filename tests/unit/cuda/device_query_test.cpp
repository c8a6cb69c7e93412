// Runs everywhere, GPU or not: the CUDA entry points must fail politely on machines without a driver or a
// device (CI, laptops) and in builds without CUDA, because `inferbench` calls them on every run to describe
// the machine.
#include "cuda/device_query.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "core/build_info.hpp"

namespace ib::cuda {
namespace {

TEST(QueryCuda, NeverThrowsAndExplainsAnAbsence) {
  CudaInfo info;
  ASSERT_NO_THROW(info = query_cuda());
  if (info.available) {
    EXPECT_FALSE(info.devices.empty());
    EXPECT_TRUE(info.reason.empty());
  } else {
    EXPECT_FALSE(info.reason.empty());
    EXPECT_TRUE(info.devices.empty());
  }
}

TEST(QueryCuda, IsStableAcrossCalls) {
  // The environment capture and `--device auto` both call it; they must agree.
  const CudaInfo first = query_cuda();
  const CudaInfo second = query_cuda();
  EXPECT_EQ(first.available, second.available);
  EXPECT_EQ(first.reason, second.reason);
  EXPECT_EQ(first.devices, second.devices);
}

TEST(QueryCuda, ReportsVersionsAsMajorDotMinor) {
  const CudaInfo info = query_cuda();
  if (!core::kBuiltWithCuda) {
    EXPECT_FALSE(info.runtime_version.has_value());
    EXPECT_FALSE(info.driver_version.has_value());
    return;
  }
  // The runtime is linked into this binary, so its version is known even where no driver is installed.
  ASSERT_TRUE(info.runtime_version.has_value());
  const std::regex version(R"(\d+\.\d)");
  EXPECT_TRUE(std::regex_match(*info.runtime_version, version)) << *info.runtime_version;
  if (info.driver_version) {
    EXPECT_TRUE(std::regex_match(*info.driver_version, version)) << *info.driver_version;
  }
  if (info.available) {
    EXPECT_TRUE(info.driver_version.has_value());
  }
}

TEST(QueryCuda, WithoutCudaInTheBuildSaysSo) {
  if (core::kBuiltWithCuda) GTEST_SKIP() << "this build has CUDA support";
  const CudaInfo info = query_cuda();
  EXPECT_FALSE(info.available);
  EXPECT_NE(info.reason.find("no CUDA support"), std::string::npos) << info.reason;
  EXPECT_NE(info.reason.find("cuda preset"), std::string::npos) << info.reason;
}

}  // namespace
}  // namespace ib::cuda
