// Summary arithmetic and warnings on literal telemetry: energy per inference, power, clock drop, reasons.
#include "telemetry/telemetry_summary.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "result/warning_text.hpp"

namespace ib::telemetry {
namespace {

// The warnings as users read them (the library records kinds and values; the renderer words them).
std::vector<std::string> texts(const std::vector<result::Warning>& warnings) {
  std::vector<std::string> out;
  for (const auto& warning : warnings) out.push_back(result::warning_text(warning));
  return out;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

EdgeReading edge(double clock_mhz, double energy_j, std::uint64_t reasons = 0) {
  EdgeReading reading;
  reading.sm_clock_mhz = clock_mhz;
  reading.energy_j = energy_j;
  reading.clock_event_reasons = reasons;
  return reading;
}

result::Telemetry series_of_a_pass() {
  result::Telemetry telemetry;
  telemetry.interval_s = 0.1;
  telemetry.time_s = {0.0, 0.1, 0.2, 0.3};
  telemetry.series = {{"gpu_util", "%", {90, kNaN, 100, 95}},
                      {"power", "W", {250, 310.5, kNaN, 290}},
                      {"energy", "J", {1000, kNaN, kNaN, kNaN}},
                      {"sm_activity", "%", {kNaN, kNaN, kNaN, kNaN}}};
  telemetry.clock_event_reasons = {0x1, 0x4, 0x0, 0x1 | 0x20};
  return telemetry;
}

TEST(TelemetrySummary, EnergyPowerAndMetricsFromEdgesAndSeries) {
  const result::Telemetry telemetry = series_of_a_pass();
  PassEdges edges;
  edges.before = edge(1980, 10'000.0);
  edges.after = edge(1900, 10'500.0, 0x40);
  const result::TelemetrySummary summary = summarize_telemetry(&telemetry, edges, 1000, 2.5);

  EXPECT_EQ(summary.energy_j, 500.0);
  EXPECT_EQ(summary.energy_per_inference_j, 0.5);
  EXPECT_EQ(summary.mean_power_w, 200.0);  // 500 J over 2.5 s
  EXPECT_EQ(summary.peak_power_w, 310.5);  // highest sampled, NaN ignored
  EXPECT_EQ(summary.sm_clock_before_mhz, 1980.0);
  EXPECT_EQ(summary.sm_clock_after_mhz, 1900.0);
  EXPECT_DOUBLE_EQ(*summary.clock_drop_fraction, 80.0 / 1980.0);
  // gpu_idle left out; reasons from the series and from the end of the speed pass.
  EXPECT_EQ(summary.throttle_reasons,
            (std::vector<std::string>{"sw_power_cap", "sw_thermal_slowdown", "hw_thermal_slowdown"}));

  // The energy counter and a metric without a finite value are not summarised.
  ASSERT_EQ(summary.metrics.size(), 2u);
  const result::MetricSummary& util = summary.metrics[0];
  EXPECT_EQ(util.name, "gpu_util");
  EXPECT_EQ(util.unit, "%");
  EXPECT_EQ(util.count, 3);
  EXPECT_DOUBLE_EQ(util.mean, 95.0);
  EXPECT_EQ(util.min, 90.0);
  EXPECT_EQ(util.max, 100.0);
  EXPECT_EQ(summary.metrics[1].name, "power");
  EXPECT_DOUBLE_EQ(summary.metrics[1].mean, (250 + 310.5 + 290) / 3.0);
}

TEST(TelemetrySummary, NoEnergyWithoutBothEdgesOrWhenTheCounterWentBack) {
  PassEdges only_after;
  only_after.after = edge(1980, 10'500.0);
  EXPECT_EQ(summarize_telemetry(nullptr, only_after, 1000, 2.5).energy_j, std::nullopt);

  PassEdges reloaded;  // a driver reload resets the counter
  reloaded.before = edge(1980, 10'500.0);
  reloaded.after = edge(1980, 3.0);
  const result::TelemetrySummary summary = summarize_telemetry(nullptr, reloaded, 1000, 2.5);
  EXPECT_EQ(summary.energy_j, std::nullopt);
  EXPECT_EQ(summary.mean_power_w, std::nullopt);
  EXPECT_EQ(summary.clock_drop_fraction, 0.0);
  EXPECT_EQ(summary.peak_power_w, std::nullopt);
  EXPECT_TRUE(summary.metrics.empty());
}

TEST(TelemetrySummary, NoPerInferenceValuesWithoutInferencesOrTime) {
  PassEdges edges;
  edges.before = edge(1980, 100.0);
  edges.after = edge(1980, 160.0);
  const result::TelemetrySummary summary = summarize_telemetry(nullptr, edges, 0, 0.0);
  EXPECT_EQ(summary.energy_j, 60.0);
  EXPECT_EQ(summary.energy_per_inference_j, std::nullopt);
  EXPECT_EQ(summary.mean_power_w, std::nullopt);
}

TEST(TelemetryWarnings, AClockDropAboveFivePercentWarnsAndNamesTheFlag) {
  result::TelemetrySummary exactly_five;
  exactly_five.sm_clock_before_mhz = 2000;
  exactly_five.sm_clock_after_mhz = 1900;
  exactly_five.clock_drop_fraction = 0.05;
  EXPECT_TRUE(telemetry_warnings(exactly_five).empty());

  result::TelemetrySummary dropped = exactly_five;
  dropped.sm_clock_after_mhz = 1890;
  dropped.clock_drop_fraction = 0.055;
  const std::vector<std::string> warnings = texts(telemetry_warnings(dropped));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(
      warnings[0],
      "SM clock fell 5.5% over the timed pass (2000 -> 1890 MHz), so later iterations ran slower: raise "
      "--warmup (or --warmup-ms) so clocks settle before timing, and check the GPU's cooling");
}

TEST(TelemetryWarnings, ThrottleReasonsWarnWithWhatEachMeans) {
  result::TelemetrySummary summary;
  summary.throttle_reasons = {"sw_power_cap", "unknown_0x200"};
  const std::vector<std::string> warnings = texts(telemetry_warnings(summary));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(
      warnings[0],
      "GPU clocks were held below their maximum during the run (sw_power_cap: the power limit was reached "
      "(the workload draws as much as the GPU may); unknown_0x200); the numbers are for these conditions, "
      "not the GPU's best");
}

TEST(TelemetryWarnings, FailedQueriesExpensiveSamplingAndFailedEdgesWarn) {
  result::Telemetry telemetry;
  telemetry.interval_s = 0.1;
  telemetry.failed_queries = 7;
  telemetry.errors = {"nvmlDeviceGetPowerUsage: timed out (NVML_ERROR_TIMEOUT)", "other"};
  telemetry.sample_cost_mean_ms = 12.5;
  PassEdges edges;
  edges.after = EdgeReading{};
  edges.after->errors = {"nvmlDeviceGetClockInfo: timed out (NVML_ERROR_TIMEOUT)"};
  const std::vector<std::string> warnings = texts(telemetry_warnings({}, &telemetry, &edges));
  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_EQ(
      warnings[0],
      "telemetry: 7 GPU queries failed (nvmlDeviceGetPowerUsage: timed out (NVML_ERROR_TIMEOUT), and 1 other "
      "message); those values are NaN, not zero");
  EXPECT_EQ(warnings[1],
            "telemetry: one sample cost 12.50 ms on average, 12% of the 0.1 s interval; raise "
            "--gpu-sample-interval to disturb the run less");
  EXPECT_EQ(
      warnings[2],
      "telemetry: reading the GPU at the end of the speed pass failed (nvmlDeviceGetClockInfo: timed out "
      "(NVML_ERROR_TIMEOUT)); its energy or clock drop may be missing");

  telemetry.failed_queries = 0;
  telemetry.sample_cost_mean_ms = 0.05;
  EXPECT_TRUE(telemetry_warnings({}, &telemetry).empty());
}

}  // namespace
}  // namespace ib::telemetry
