// NvmlSource over the fake NVML, sampled by the Sampler on a manual clock: conversions, low-rate energy and
// GPM, unsupported metrics, fallbacks to older entry points, errors mid-run and what each query cost.
#include "telemetry/nvml_source.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>

#include "../../support/manual_clock.hpp"
#include "inferbench/errors.hpp"
#include "fake_nvml.hpp"
#include "manual_waiter.hpp"
#include "telemetry/sampler.hpp"

namespace ib::telemetry {
namespace {

using fakes::FakeNvml;
using fakes::ManualWaiter;
using ib::testing::ManualClock;

constexpr std::int64_t kUs = 1'000;
constexpr std::int64_t kMs = 1'000'000;

struct Rig {
  ManualClock clock;
  FakeNvml fake{1, &clock};
  std::optional<NvmlSession> session;

  void open(const nvml::NvmlApi& api) { session.emplace(api); }
  void open() { open(fake.api()); }

  /// Samples the GPU every 0.1 s until `stop_after_ms` (the grid point at that time is not taken).
  result::Telemetry sample(NvmlSource& source, std::int64_t stop_after_ms) {
    ManualWaiter waiter(clock, clock.now_ns() + stop_after_ms * kMs);
    Sampler sampler(source, {0.1, "separate"}, clock, waiter);
    sampler.start();
    return sampler.stop();
  }
};

const result::MetricSeries& series(const result::Telemetry& telemetry, const std::string& name) {
  for (const auto& s : telemetry.series) {
    if (s.name == name) return s;
  }
  throw std::logic_error("no series " + name);
}

const result::QueryCost& cost(const result::Telemetry& telemetry, const std::string& query) {
  for (const auto& c : telemetry.query_costs) {
    if (c.metric == query) return c;
  }
  throw std::logic_error("no query cost " + query);
}

std::vector<std::string> names(const result::Telemetry& telemetry) {
  std::vector<std::string> out;
  for (const auto& s : telemetry.series) out.push_back(s.name);
  return out;
}

TEST(NvmlSource, ReadsEveryMetricInItsUnitAndEnergyAndGpmAtTheirOwnRate) {
  Rig rig;
  rig.fake.query("nvmlDeviceGetTotalEnergyConsumption").values = {1'000'000, 1'000'000, 1'001'500};  // mJ
  rig.fake.query("nvmlDeviceGetCurrentClocksEventReasons").values = {0, 0x1, 0x4};
  rig.fake.query("nvmlDeviceGetPowerUsage").cost_ns = 4 * kUs;
  rig.fake.query("nvmlDeviceGetTotalEnergyConsumption").cost_ns = 3 * kMs;
  rig.fake.query("nvmlGpmSampleGet").cost_ns = 700 * kUs;
  rig.fake.query("nvmlGpmMetricsGet").cost_ns = 10 * kUs;
  rig.open();
  NvmlSource source(rig.session->device(0), rig.clock);          // energy and GPM every 1 s
  const result::Telemetry telemetry = rig.sample(source, 1050);  // samples at 0, 0.1, ..., 1.0

  ASSERT_EQ(telemetry.time_s.size(), 11u);
  EXPECT_EQ(names(telemetry),
            (std::vector<std::string>{"gpu_util", "mem_util", "vram_used", "sm_clock", "mem_clock", "power",
                                      "temperature", "energy", "sm_activity", "sm_occupancy",
                                      "tensor_activity", "dram_bw_util"}));
  EXPECT_TRUE(telemetry.unsupported.empty());
  EXPECT_EQ(telemetry.failed_queries, 0);
  EXPECT_EQ(series(telemetry, "gpu_util").values[3], 50);
  EXPECT_EQ(series(telemetry, "mem_util").values[3], 20);
  EXPECT_EQ(series(telemetry, "vram_used").unit, "MB");
  EXPECT_EQ(series(telemetry, "vram_used").values[3], 2048);  // 2 GiB in MiB
  EXPECT_EQ(series(telemetry, "sm_clock").values[3], 1980);
  EXPECT_EQ(series(telemetry, "mem_clock").values[3], 2619);
  EXPECT_EQ(series(telemetry, "power").unit, "W");
  EXPECT_EQ(series(telemetry, "power").values[3], 300);  // 300000 mW
  EXPECT_EQ(series(telemetry, "temperature").values[3], 45);

  // Energy on the first sample of each second only (the query costs ~3 ms); NaN where it was not read.
  const auto& energy = series(telemetry, "energy").values;
  EXPECT_EQ(series(telemetry, "energy").unit, "J");
  EXPECT_EQ(energy[0], 1000.0);
  EXPECT_EQ(energy[10], 1001.5);
  for (std::size_t i = 1; i < 10; ++i) EXPECT_TRUE(std::isnan(energy[i])) << i;

  // GPM: the first GPM sample (at 0 s) only opens a span; the metrics come with the second (at 1 s).
  const auto& sm_activity = series(telemetry, "sm_activity").values;
  for (std::size_t i = 0; i < 10; ++i) EXPECT_TRUE(std::isnan(sm_activity[i])) << i;
  EXPECT_EQ(sm_activity[10], 61);
  EXPECT_EQ(series(telemetry, "sm_occupancy").values[10], 32);
  EXPECT_EQ(series(telemetry, "tensor_activity").values[10], 44);
  EXPECT_EQ(series(telemetry, "dram_bw_util").values[10], 27);
  EXPECT_EQ(rig.fake.bad_gpm_requests, 0);

  EXPECT_EQ(telemetry.clock_event_reasons,
            (std::vector<std::uint64_t>{0x1, 0x4, 0x4, 0x4, 0x4, 0x4, 0x4, 0x4, 0x4, 0x4, 0x4}));

  EXPECT_EQ(cost(telemetry, "power").calls, 11);
  EXPECT_DOUBLE_EQ(cost(telemetry, "power").mean_ms, 0.004);
  EXPECT_EQ(cost(telemetry, "energy").calls, 2);
  EXPECT_DOUBLE_EQ(cost(telemetry, "energy").mean_ms, 3.0);
  EXPECT_EQ(cost(telemetry, "gpm").calls, 2);
  EXPECT_DOUBLE_EQ(cost(telemetry, "gpm").mean_ms, (0.7 + 0.71) / 2);
  EXPECT_DOUBLE_EQ(cost(telemetry, "gpm").max_ms, 0.71);
  EXPECT_EQ(cost(telemetry, "utilization").calls, 11);
  EXPECT_EQ(cost(telemetry, "clock_event_reasons").calls, 11);
  EXPECT_NEAR(telemetry.sample_cost_mean_ms, (3.704 + 9 * 0.004 + 3.714) / 11, 1e-9);
  EXPECT_NEAR(telemetry.sample_cost_max_ms, 3.714, 1e-9);
}

TEST(NvmlSource, FreesItsGpmSamples) {
  Rig rig;
  rig.open();
  {
    NvmlSource source(rig.session->device(0), rig.clock);
    EXPECT_EQ(rig.fake.gpm_allocs, 2);
    EXPECT_EQ(rig.fake.gpm_frees, 0);
  }
  EXPECT_EQ(rig.fake.gpm_frees, 2);
}

TEST(NvmlSource, MarksWhatTheGpuOrDriverLacksUnsupportedInsteadOfZero) {
  Rig rig;
  rig.fake.query("nvmlDeviceGetPowerUsage").always = nvml::NVML_ERROR_NOT_SUPPORTED;
  rig.fake.query("nvmlGpmQueryDeviceSupport").values = {0};  // an Ampere, say
  nvml::NvmlApi api = rig.fake.api();
  api.nvmlDeviceGetTotalEnergyConsumption = nullptr;  // an old driver without the symbol
  api.nvmlDeviceGetCurrentClocksEventReasons = nullptr;
  api.nvmlDeviceGetCurrentClocksThrottleReasons = nullptr;
  rig.open(api);
  NvmlSource source(rig.session->device(0), rig.clock);

  const auto& metrics = source.metrics();
  EXPECT_FALSE(metrics[5].supported);
  EXPECT_EQ(metrics[5].unsupported_reason,
            "nvmlDeviceGetPowerUsage: not supported on this GPU or driver (NVML_ERROR_NOT_SUPPORTED)");
  EXPECT_EQ(metrics[7].unsupported_reason, "this NVML has no nvmlDeviceGetTotalEnergyConsumption");
  EXPECT_EQ(metrics[8].unsupported_reason, "GPU 0 has no GPM (Hopper and newer GPUs do)");
  EXPECT_FALSE(source.has_clock_event_reasons());

  const result::Telemetry telemetry = rig.sample(source, 250);
  EXPECT_EQ(names(telemetry), (std::vector<std::string>{"gpu_util", "mem_util", "vram_used", "sm_clock",
                                                        "mem_clock", "temperature"}));
  EXPECT_EQ(telemetry.unsupported,
            (std::vector<std::string>{"power", "energy", "sm_activity", "sm_occupancy", "tensor_activity",
                                      "dram_bw_util", "clock_event_reasons"}));
  EXPECT_TRUE(telemetry.clock_event_reasons.empty());
  EXPECT_EQ(telemetry.failed_queries, 0);
  EXPECT_EQ(rig.fake.query("nvmlDeviceGetPowerUsage").calls, 1);  // the probe, never again
  EXPECT_EQ(rig.fake.gpm_allocs, 0);
}

TEST(NvmlSource, FallsBackToTheOlderEntryPoints) {
  Rig rig;
  rig.fake.query("nvmlDeviceGetCurrentClocksThrottleReasons").values = {0, 0x20};
  nvml::NvmlApi api = rig.fake.api();
  api.nvmlDeviceGetCurrentClocksEventReasons = nullptr;  // drivers before R535
  api.nvmlDeviceGetTemperature = nullptr;                // a future driver without the deprecated call
  rig.open(api);
  NvmlSource source(rig.session->device(0), rig.clock);
  const result::Telemetry telemetry = rig.sample(source, 50);
  EXPECT_EQ(telemetry.clock_event_reasons, (std::vector<std::uint64_t>{0x20}));
  EXPECT_EQ(series(telemetry, "temperature").values, (std::vector<double>{46}));
}

TEST(NvmlSource, AQueryFailingMidRunGivesNaNACountAndItsMessage) {
  Rig rig;
  rig.fake.query("nvmlDeviceGetPowerUsage").fail_from_call = 4;  // call 0 is the probe: samples 3.. fail
  rig.open();
  NvmlSource source(rig.session->device(0), rig.clock);
  const result::Telemetry telemetry = rig.sample(source, 550);  // 6 samples

  const auto& power = series(telemetry, "power").values;
  ASSERT_EQ(power.size(), 6u);
  EXPECT_EQ(power[2], 300);
  for (std::size_t i = 3; i < 6; ++i) EXPECT_TRUE(std::isnan(power[i])) << i;
  EXPECT_EQ(series(telemetry, "sm_clock").values[5], 1980);  // the others go on
  EXPECT_EQ(telemetry.failed_queries, 3);
  EXPECT_EQ(telemetry.errors, (std::vector<std::string>{"nvmlDeviceGetPowerUsage: the GPU fell off the bus "
                                                        "or became inaccessible (NVML_ERROR_GPU_IS_LOST)"}));
  EXPECT_TRUE(telemetry.unsupported.empty());
  EXPECT_EQ(cost(telemetry, "power").calls, 6);  // failed calls cost time too
}

TEST(NvmlSource, AGpmMetricNvmlRefusesIsAFailureOfThatMetricOnly) {
  Rig rig;
  rig.fake.query("gpm/5").always = nvml::NVML_ERROR_NOT_SUPPORTED;
  rig.open();
  NvmlSource source(rig.session->device(0), rig.clock, {1.0, 0.2, true});
  const result::Telemetry telemetry = rig.sample(source, 250);  // GPM at 0 and 0.2 s
  EXPECT_EQ(series(telemetry, "sm_activity").values[2], 61);
  EXPECT_TRUE(std::isnan(series(telemetry, "tensor_activity").values[2]));
  EXPECT_EQ(telemetry.failed_queries, 1);
  EXPECT_EQ(telemetry.errors,
            (std::vector<std::string>{"tensor_activity: nvmlGpmMetricsGet: not supported on "
                                      "this GPU or driver (NVML_ERROR_NOT_SUPPORTED)"}));
}

TEST(NvmlSource, ASlowEnergyReadSkipsGridPointsWithoutDrift) {
  Rig rig;
  rig.fake.query("nvmlDeviceGetTotalEnergyConsumption").cost_ns = 150 * kMs;  // a p99.99 energy read
  rig.open();
  NvmlSource source(rig.session->device(0), rig.clock);
  const result::Telemetry telemetry = rig.sample(source, 1250);
  // Energy at 0 s runs to 0.15 s: 0.1 is skipped. Energy at 1.0 s runs to 1.15 s: 1.1 is skipped.
  EXPECT_EQ(telemetry.time_s, (std::vector<double>{0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2}));
  const auto& energy = series(telemetry, "energy").values;
  EXPECT_FALSE(std::isnan(energy[0]));
  EXPECT_FALSE(std::isnan(energy[9]));
  EXPECT_EQ(cost(telemetry, "energy").calls, 2);
  EXPECT_DOUBLE_EQ(cost(telemetry, "energy").max_ms, 150.0);
}

TEST(NvmlSource, EnergyEverySampleWhenItsIntervalIsZero) {
  Rig rig;
  rig.open();
  NvmlSource source(rig.session->device(0), rig.clock, {0.0, 1.0, false});
  const result::Telemetry telemetry = rig.sample(source, 350);
  EXPECT_EQ(series(telemetry, "energy").values, (std::vector<double>{1000, 1000, 1000, 1000}));
  EXPECT_EQ(telemetry.unsupported,
            (std::vector<std::string>{"sm_activity", "sm_occupancy", "tensor_activity", "dram_bw_util"}));
  EXPECT_EQ(source.metrics()[8].unsupported_reason, "GPM sampling was turned off");
}

TEST(NvmlSource, RejectsIntervalsOutOfRange) {
  Rig rig;
  rig.open();
  EXPECT_THROW(NvmlSource(rig.session->device(0), rig.clock, {-1.0, 1.0, true}), core::InputError);
  EXPECT_THROW(NvmlSource(rig.session->device(0), rig.clock, {1.0, 0.05, true}), core::InputError);
}

}  // namespace
}  // namespace ib::telemetry
