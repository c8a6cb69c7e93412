// A run's metrics from its result and from the speed pass in progress (LiveMetrics over LiveSamples), read
// back through the exposition parser: quantiles against hand-computed values, counters, telemetry gauges.
#include "metrics/run_metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "../../support/prometheus_text.hpp"
#include "metrics/live_metrics.hpp"
#include "metrics/textfile.hpp"

namespace ib::metrics {
namespace {

using ib::testing::parse_exposition;

result::Run finished_run() {
  result::Run run;
  run.name = "depth fp16";
  run.backend = "libtorch";
  run.device = "cuda:0";
  run.model.path = "/models/depth \"v2\".pt";
  run.config.dtype = "fp16";
  run.config.batch = 2;
  run.config.percentiles = {50, 99};
  for (int i = 1; i <= 101; ++i) run.samples.latency_ms.push_back(i);  // p50 = 51 ms, p99 = 100 ms
  run.throughput = result::Throughput{0, 39.6};
  result::TelemetrySummary telemetry;
  telemetry.metrics = {{"gpu_util", "%", 10, 87.5, 80, 95}};
  telemetry.mean_power_w = 310.5;
  telemetry.energy_per_inference_j = 0.25;
  telemetry.throttle_reasons = {"sw_power_cap"};
  run.telemetry_summary = telemetry;
  return run;
}

TEST(RunMetrics, AFinishedRunsQuantilesCountsAndTelemetry) {
  result::Result result;
  result.runs = {finished_run()};
  const auto parsed = parse_exposition(result_exposition(result), false);
  const std::map<std::string, std::string> labels = {{"run", "depth fp16"},
                                                     {"model", "/models/depth \"v2\".pt"},
                                                     {"backend", "libtorch"},
                                                     {"precision", "fp16"},
                                                     {"device", "cuda:0"}};
  auto with_quantile = [&](const char* q) {
    auto out = labels;
    out["quantile"] = q;
    return out;
  };
  EXPECT_DOUBLE_EQ(parsed.value("inferbench_latency_seconds", with_quantile("0.5")), 0.051);
  EXPECT_DOUBLE_EQ(parsed.value("inferbench_latency_seconds", with_quantile("0.99")), 0.1);
  EXPECT_DOUBLE_EQ(parsed.value("inferbench_latency_seconds_sum", labels), 5.151);
  EXPECT_EQ(parsed.value("inferbench_latency_seconds_count", labels), 101);
  EXPECT_EQ(parsed.value("inferbench_inferences_total", labels), 202);
  EXPECT_DOUBLE_EQ(parsed.value("inferbench_throughput_inferences_per_second", labels), 39.6);
  EXPECT_DOUBLE_EQ(parsed.value("inferbench_gpu_utilization_ratio", labels), 0.875);
  EXPECT_DOUBLE_EQ(parsed.value("inferbench_gpu_power_watts", labels), 310.5);
  EXPECT_DOUBLE_EQ(parsed.value("inferbench_energy_per_inference_joules", labels), 0.25);
  EXPECT_EQ(parsed.value("inferbench_gpu_throttled", labels), 1);
  EXPECT_EQ(parsed.value("inferbench_run_in_progress", labels), 0);
}

TEST(RunMetrics, ARunWithoutTelemetryHasNoGpuGauges) {
  result::Run run = finished_run();
  run.telemetry_summary.reset();
  result::Result result;
  result.runs = {run, run};
  result.runs[1].name = "second";
  const auto parsed = parse_exposition(result_exposition(result), false);
  EXPECT_EQ(parsed.family("inferbench_gpu_power_watts"), nullptr);
  EXPECT_EQ(parsed.family("inferbench_latency_seconds")->samples.size(), 8u);  // two runs, one family
}

TEST(RunMetrics, LiveMetricsShowTheSpeedPassInProgressThenTheFinishedRun) {
  runner::LiveSamples live(100);
  LiveMetrics metrics(&live, "cpu");
  EXPECT_EQ(metrics.render(Format::openmetrics), "# EOF\n");
  RunSpec spec;
  spec.name = "demo";
  spec.backend = "fake";
  spec.model.builtin = "demo";
  spec.percentiles = {50};
  metrics.run_started(spec);
  auto before = parse_exposition(metrics.render(Format::prometheus), false);
  EXPECT_EQ(before.value("inferbench_latency_seconds_count"), 0);
  EXPECT_TRUE(std::isnan(before.value("inferbench_latency_seconds", {{"quantile", "0.5"}})));
  live.publish(0, 2.0);
  live.publish(1, 4.0);
  auto parsed = parse_exposition(metrics.render(Format::openmetrics), true);
  EXPECT_EQ(parsed.value("inferbench_run_in_progress",
                         {{"run", "demo"}, {"model", "builtin:demo"}, {"device", "cpu"}}),
            1);
  EXPECT_EQ(parsed.value("inferbench_latency_seconds_count", {{"precision", "fp32"}}), 2);
  EXPECT_DOUBLE_EQ(parsed.value("inferbench_latency_seconds", {{"quantile", "0.5"}}), 0.003);

  result::Run run = finished_run();
  run.name = "demo";
  metrics.run_finished(run);
  parsed = parse_exposition(metrics.render(Format::prometheus), false);
  EXPECT_EQ(parsed.value("inferbench_run_in_progress", {{"run", "demo"}}), 0);
  EXPECT_EQ(parsed.value("inferbench_latency_seconds_count", {{"run", "demo"}}), 101);
}

}  // namespace
}  // namespace ib::metrics
