#include "telemetry/edge_reading.hpp"

#include <gtest/gtest.h>

#include "fake_nvml.hpp"

namespace ib::telemetry {
namespace {

using fakes::FakeNvml;

TEST(EdgeReading, ReadsClockEnergyAndReasonsWithEnergyClosestToThePass) {
  FakeNvml fake;
  fake.query("nvmlDeviceGetTotalEnergyConsumption").values = {5'000'250};  // mJ
  fake.query("nvmlDeviceGetClockInfo/sm").values = {1755};
  fake.query("nvmlDeviceGetCurrentClocksEventReasons").values = {0x4};
  NvmlSession session(fake.api());
  const NvmlDevice device = session.device(0);

  fake.log.clear();
  const EdgeReading before = read_edge(device, Edge::before_pass);
  EXPECT_EQ(before.sm_clock_mhz, 1755.0);
  EXPECT_EQ(before.energy_j, 5000.25);
  EXPECT_EQ(before.clock_event_reasons, 0x4u);
  EXPECT_TRUE(before.errors.empty());
  EXPECT_EQ(fake.log.back(), "nvmlDeviceGetTotalEnergyConsumption");  // last before the pass

  fake.log.clear();
  (void)read_edge(device, Edge::after_pass);
  EXPECT_EQ(fake.log.front(), "nvmlDeviceGetTotalEnergyConsumption");  // first after it
}

TEST(EdgeReading, UnsupportedIsAbsentAndAFailureIsReported) {
  FakeNvml fake;
  fake.query("nvmlDeviceGetTotalEnergyConsumption").always = nvml::NVML_ERROR_NOT_SUPPORTED;
  fake.query("nvmlDeviceGetClockInfo/sm").always = nvml::NVML_ERROR_GPU_IS_LOST;
  nvml::NvmlApi api = fake.api();
  api.nvmlDeviceGetCurrentClocksEventReasons = nullptr;
  fake.query("nvmlDeviceGetCurrentClocksThrottleReasons").values = {0x40};
  NvmlSession session(api);
  const EdgeReading reading = read_edge(session.device(0), Edge::after_pass);
  EXPECT_EQ(reading.energy_j, std::nullopt);
  EXPECT_EQ(reading.sm_clock_mhz, std::nullopt);
  EXPECT_EQ(reading.clock_event_reasons, 0x40u);  // through the older entry point
  EXPECT_EQ(reading.errors,
            (std::vector<std::string>{"nvmlDeviceGetClockInfo: the GPU fell off the bus or became "
                                      "inaccessible (NVML_ERROR_GPU_IS_LOST)"}));
}

}  // namespace
}  // namespace ib::telemetry
