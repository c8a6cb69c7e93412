// describe_gpus over the fake NVML: every field, unsupported ones left empty, GPUs that cannot be opened left
// out.
#include "telemetry/gpu_description.hpp"

#include <gtest/gtest.h>

#include "fake_nvml.hpp"

namespace ib::telemetry {
namespace {

using fakes::FakeNvml;

TEST(GpuDescription, DescribesEveryGpuNvmlCanOpen) {
  FakeNvml fake(3);
  fake.gpu(1).name = "NVIDIA L4";
  fake.gpu(1).uuid = "GPU-1";
  fake.gpu(1).bus_id = "00000000:3B:00.0";
  fake.query("nvmlDeviceGetEnforcedPowerLimit", 1).always = nvml::NVML_ERROR_NOT_SUPPORTED;
  fake.query("nvmlDeviceGetEccMode", 1).always = nvml::NVML_ERROR_NOT_SUPPORTED;
  fake.query("nvmlDeviceGetPersistenceMode", 1).values = {nvml::NVML_FEATURE_DISABLED};
  fake.query("nvmlDeviceGetComputeMode", 1).values = {nvml::NVML_COMPUTEMODE_EXCLUSIVE_PROCESS};
  fake.query("nvmlDeviceGetCurrPcieLinkGeneration", 1).values = {1};  // an idle link trains down
  fake.query("nvmlDeviceGetClockInfo/sm", 1).values = {210};
  fake.query("nvmlDeviceGetMaxClockInfo/sm", 1).values = {2040};
  fake.gpu(2).handle_result = nvml::NVML_ERROR_NO_PERMISSION;
  NvmlSession session(fake.api());

  const result::NvmlInfo info = describe_gpus(session);
  EXPECT_TRUE(info.available);
  EXPECT_EQ(info.nvml_version, "13.580.65.06");
  ASSERT_EQ(info.gpus.size(), 2u);

  result::GpuDetails h100;
  h100.index = 0;
  h100.name = "NVIDIA H100 80GB HBM3";
  h100.uuid = "GPU-00000000-1111-2222-3333-444444444444";
  h100.pci_bus_id = "00000000:19:00.0";
  h100.pcie_generation = 5;
  h100.pcie_width = 16;
  h100.pcie_max_generation = 5;
  h100.pcie_max_width = 16;
  h100.power_limit_w = 700.0;
  h100.persistence_mode = true;
  h100.compute_mode = "default";
  h100.ecc_enabled = true;
  h100.sm_clock_mhz = 1980;
  h100.sm_clock_max_mhz = 1980;
  h100.memory_clock_mhz = 2619;
  h100.memory_clock_max_mhz = 2619;
  h100.sm_applications_clock_mhz = 1755;
  h100.sm_default_applications_clock_mhz = 1755;
  h100.clocks_locked = false;
  h100.default_power_limit_w = 700.0;
  h100.mig_enabled = false;
  EXPECT_EQ(info.gpus[0], h100);

  const result::GpuDetails& l4 = info.gpus[1];
  EXPECT_EQ(l4.index, 1);
  EXPECT_EQ(l4.name, "NVIDIA L4");
  EXPECT_EQ(l4.pci_bus_id, "00000000:3B:00.0");
  EXPECT_EQ(l4.power_limit_w, std::nullopt);
  EXPECT_EQ(l4.ecc_enabled, std::nullopt);
  EXPECT_EQ(l4.persistence_mode, false);
  EXPECT_EQ(l4.compute_mode, "exclusive_process");
  EXPECT_EQ(l4.pcie_generation, 1);
  EXPECT_EQ(l4.sm_clock_mhz, 210.0);
  EXPECT_EQ(l4.sm_clock_max_mhz, 2040.0);
}

TEST(GpuDescription, MissingEntryPointsLeaveFieldsEmpty) {
  FakeNvml fake;
  nvml::NvmlApi api = fake.api();
  api.nvmlDeviceGetPciInfo_v3 = nullptr;
  api.nvmlDeviceGetMaxPcieLinkWidth = nullptr;
  api.nvmlDeviceGetMaxClockInfo = nullptr;
  NvmlSession session(api);
  const result::GpuDetails gpu = describe_gpu(session.device(0));
  EXPECT_EQ(gpu.pci_bus_id, "");
  EXPECT_EQ(gpu.pcie_max_width, std::nullopt);
  EXPECT_EQ(gpu.sm_clock_max_mhz, std::nullopt);
  EXPECT_EQ(gpu.pcie_max_generation, 5);
}

TEST(GpuDescription, ClocksReadAsLockedFromTheApplicationTargetOrTheEventReason) {
  FakeNvml fake(3);
  fake.query("nvmlDeviceGetApplicationsClock/sm", 0).values = {1410};  // nvidia-smi -ac
  fake.query("nvmlDeviceGetCurrentClocksEventReasons", 1).values = {
      static_cast<double>(nvml::nvmlClocksEventReasonApplicationsClocksSetting)};  // nvidia-smi -lgc
  fake.query("nvmlDeviceGetApplicationsClock/sm", 2).always = nvml::NVML_ERROR_NOT_SUPPORTED;
  fake.query("nvmlDeviceGetCurrentClocksEventReasons", 2).always = nvml::NVML_ERROR_NOT_SUPPORTED;
  fake.query("nvmlDeviceGetCurrentClocksThrottleReasons", 2).always = nvml::NVML_ERROR_NOT_SUPPORTED;
  fake.query("nvmlDeviceGetMigMode", 2).values = {1};
  fake.query("nvmlDeviceGetPowerManagementDefaultLimit", 2).values = {700000};
  fake.query("nvmlDeviceGetEnforcedPowerLimit", 2).values = {450000};
  NvmlSession session(fake.api());
  const result::NvmlInfo info = describe_gpus(session);
  ASSERT_EQ(info.gpus.size(), 3u);
  EXPECT_EQ(info.gpus[0].clocks_locked, true);
  EXPECT_EQ(info.gpus[0].sm_applications_clock_mhz, 1410.0);
  EXPECT_EQ(info.gpus[1].clocks_locked, true);
  EXPECT_EQ(info.gpus[1].sm_applications_clock_mhz, 1755.0);
  // Neither answer: unknown, not "unlocked".
  EXPECT_EQ(info.gpus[2].clocks_locked, std::nullopt);
  EXPECT_EQ(info.gpus[2].mig_enabled, true);
  EXPECT_EQ(info.gpus[2].power_limit_w, 450.0);
  EXPECT_EQ(info.gpus[2].default_power_limit_w, 700.0);
}

TEST(GpuDescription, UnavailableWhenNvmlCannotCountItsGpus) {
  FakeNvml fake;
  fake.count_result = nvml::NVML_ERROR_UNKNOWN;
  NvmlSession session(fake.api());
  const result::NvmlInfo info = describe_gpus(session);
  EXPECT_FALSE(info.available);
  EXPECT_EQ(info.reason, "nvmlDeviceGetCount_v2: unknown driver error (NVML_ERROR_UNKNOWN)");
}

TEST(GpuDescription, NamesComputeModes) {
  EXPECT_EQ(compute_mode_name(nvml::NVML_COMPUTEMODE_DEFAULT), "default");
  EXPECT_EQ(compute_mode_name(nvml::NVML_COMPUTEMODE_EXCLUSIVE_THREAD), "exclusive_thread");
  EXPECT_EQ(compute_mode_name(nvml::NVML_COMPUTEMODE_PROHIBITED), "prohibited");
  EXPECT_EQ(compute_mode_name(nvml::NVML_COMPUTEMODE_EXCLUSIVE_PROCESS), "exclusive_process");
  EXPECT_EQ(compute_mode_name(7), "unknown_7");
}

}  // namespace
}  // namespace ib::telemetry
