#include <gtest/gtest.h>

#include "inferbench/registry.hpp"
#include "runner/benchmark.hpp"

namespace ib::runner {
namespace {

BenchmarkRequest request_for(const backends::BackendInfo& backend, core::DeviceKind device) {
  BenchmarkRequest request;
  request.backend = &backend;
  request.load.device = {device, 0};
  return request;
}

TEST(FrameworkSettings, RecordedForPyTorchBackendsOnCuda) {
  backends::BackendInfo torch_backend;
  torch_backend.framework_settings = true;
  BenchmarkRequest request = request_for(torch_backend, core::DeviceKind::cuda);
  FrameworkSettings settings = framework_settings_of(request);
  EXPECT_EQ(settings.cudnn_benchmark, "on");
  EXPECT_EQ(settings.tf32, "default");

  request.load.cudnn_benchmark = false;
  request.load.tf32 = true;
  settings = framework_settings_of(request);
  EXPECT_EQ(settings.cudnn_benchmark, "off");
  EXPECT_EQ(settings.tf32, "on");
  const result::RunConfig config = make_run_config(request, {});
  EXPECT_EQ(config.cudnn_benchmark, "off");
  EXPECT_EQ(config.tf32, "on");
}

TEST(FrameworkSettings, NothingRecordedOnTheCpuOrForOtherBackends) {
  backends::BackendInfo torch_backend;
  torch_backend.framework_settings = true;
  EXPECT_EQ(framework_settings_of(request_for(torch_backend, core::DeviceKind::cpu)).tf32, "");
  const backends::BackendInfo synthetic;
  const FrameworkSettings settings = framework_settings_of(request_for(synthetic, core::DeviceKind::cuda));
  EXPECT_EQ(settings.cudnn_benchmark, "");
  EXPECT_EQ(settings.tf32, "");
}

}  // namespace
}  // namespace ib::runner
