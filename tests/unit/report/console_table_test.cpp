#include "report/console_table.hpp"
#include "result/warning_text.hpp"
#include "stats/summary.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace ib::report {
namespace {

result::Run make_run(std::string name, std::vector<double> latency_ms) {
  result::Run run;
  run.name = std::move(name);
  run.backend = "libtorch";
  run.device = "cuda:0";
  run.config.batch = 1;
  run.config.percentiles = {50, 99};
  run.samples.latency_ms = latency_ms;
  run.latency = stats::summarize(latency_ms, run.config.percentiles);
  run.throughput = result::Throughput{1000.0 / run.latency->mean, 0};
  return run;
}

TEST(ConsoleTable, AlignsColumnsAndPrintsWarningsAndDefinitions) {
  result::Result result;
  result.runs.push_back(make_run("vit", {1.0, 2.0, 3.0}));
  result.runs.push_back(make_run("demo_model", {10.0}));
  result.runs.back().warnings.push_back(result::legacy_warning("only 1 samples"));
  result::Run failed;
  failed.name = "broken";
  failed.backend = "libtorch";
  failed.device = "cpu";
  failed.status = result::RunStatus::failed;
  failed.error = "cannot load";
  result.runs.push_back(failed);

  std::ostringstream out;
  print_console_table(out, result);
  const std::string expected =
      "model       backend   device  mean ms  std ms  p50 ms  p99 ms  min ms  max ms    FPS  samples\n"
      "vit         libtorch  cuda:0    2.000   0.816   2.000   2.980   1.000   3.000  500.0        3\n"
      "demo_model  libtorch  cuda:0   10.000       -  10.000  10.000  10.000  10.000  100.0        1\n"
      "broken      libtorch  cpu      failed\n"
      "warning: demo_model: only 1 samples\n"
      "error: broken: cannot load\n"
      "latency: host wall clock per round trip; percentiles: linear interpolation; std: population; "
      "FPS = batch * 1000 / mean ms\n";
  EXPECT_EQ(out.str(), expected);
}

}  // namespace
}  // namespace ib::report

namespace ib::report {
namespace {

TEST(ConsoleTable, PrintsBreakdownStartupAndAdaptiveStop) {
  result::Result result;
  result::Run run = make_run("vit", {1.0, 2.0, 3.0});
  run.samples.enqueue_ms = {0.25};
  run.samples.h2d_ms = {0.25};
  run.samples.compute_ms = {1.0};
  run.samples.d2h_ms = {0.125};
  run.samples.breakdown_latency_ms = {2.25};
  run.startup = result::Startup{500.0, 12.5, 300.0, 2.0};
  run.device_memory = result::DeviceMemory{80'000'000'000, 500'000'000, 287'000'000, 1'600'000, 58'000'000};
  run.stopped_by = "stable";
  // Stored intervals are recomputed from the samples: three samples are too few for a 95% CI of p50.
  run.latency_intervals = {{50, 0.95, true, 1.0, 3.0}, {99, 0.95, false, 0, 0}};
  result.runs.push_back(run);
  std::ostringstream out;
  print_console_table(out, result);
  const std::string text = out.str();
  EXPECT_NE(
      text.find(
          "breakdown: vit: h2d 0.250 + compute 1.000 + d2h 0.125 = 1.375 ms of 2.250 ms wall (gap 38.9%); "
          "enqueue 0.250 ms; events cost 0.250 ms\n"),
      std::string::npos)
      << text;
  // Sizes in adaptive units: 1.6 MB of buffers was "2 MB" (and 0.4 MB "0 MB").
  EXPECT_NE(
      text.find("startup: vit: load 500.0 ms, prepare 12.5 ms, first inference 300.000 ms, second 2.000 ms; "
                "device memory: model 287 MB, buffers 1.60 MB, run 58.0 MB\n"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find("stopped: vit: stable after 3 samples (0.00 s), p50 95% CI not available, p99 95% CI not "
                "available\n"),
      std::string::npos)
      << text;
}

TEST(ConsoleTable, ANegativeEventCostIsNoiseShownAsZero) {
  result::Result result;
  result::Run run = make_run("vit", {1.0, 2.0, 3.0});
  run.samples.h2d_ms = {0.25};
  run.samples.compute_ms = {1.0};
  run.samples.d2h_ms = {0.125};
  run.samples.breakdown_latency_ms = {1.377};  // 0.623 ms faster than the speed pass's mean of 2
  result.runs.push_back(run);
  std::ostringstream out;
  print_console_table(out, result);
  EXPECT_NE(out.str().find("; events cost 0 ms (the breakdown pass was 0.623 ms faster than the speed pass: "
                           "noise, no measurable cost)\n"),
            std::string::npos)
      << out.str();
  EXPECT_EQ(out.str().find("-0.623"), std::string::npos) << out.str();
}

TEST(ConsoleTable, ShowsTheSamplesNotStoredStatsThatDisagree) {
  result::Result result;
  result::Run run = make_run("vit", {1.0, 2.0, 3.0});
  run.latency->mean = 50;  // a hand-edited file: stored stats no longer match the samples
  run.latency->percentiles[1].value = 99;
  run.throughput->fps = 20;
  result.runs.push_back(run);
  std::ostringstream out;
  print_console_table(out, result);
  EXPECT_NE(out.str().find(
                "vit    libtorch  cuda:0    2.000   0.816   2.000   2.980   1.000   3.000  500.0        3\n"),
            std::string::npos)
      << out.str();
}

TEST(ConsoleTable, ARunWithOnlyStoredStatsSaysSo) {
  result::Result result;
  result::Run run = make_run("vit", {1.0, 2.0, 3.0});
  run.samples.latency_ms.clear();
  result.runs.push_back(run);
  std::ostringstream out;
  print_console_table(out, result);
  EXPECT_NE(
      out.str().find(
          "vit    libtorch  cuda:0    2.000   0.816   2.000   2.980   1.000   3.000  500.0  3 stored\n"),
      std::string::npos)
      << out.str();
  EXPECT_NE(
      out.str().find("stored: vit: the result holds no samples of this run; its stored stats are shown, "
                     "unchecked\n"),
      std::string::npos)
      << out.str();
}

}  // namespace
}  // namespace ib::report

namespace ib::report {
namespace {

TEST(ConsoleTable, PrintsTelemetryProcessCostAndQuality) {
  result::Result result;
  result::Run ref = make_run("fp32", {1.0, 2.0, 3.0});
  result::TelemetrySummary t;
  t.metrics = {{"gpu_util", "%", 50, 87.25, 10, 100}, {"vram_used", "MB", 50, 2000, 1800, 2250}};
  t.mean_power_w = 250.0;
  t.peak_power_w = 312.5;
  t.energy_per_inference_j = 0.5125;
  t.sm_clock_before_mhz = 1980;
  t.sm_clock_after_mhz = 1755;
  t.clock_drop_fraction = 225.0 / 1980.0;  // 11.36%
  ref.telemetry_summary = t;
  ref.process = result::ProcessCost{1.25, 0.5, 1.75, 812'000'000};
  result::Quality q;
  result::GroundTruthQuality gt;
  gt.mode = "single-image";
  gt.metrics = result::DepthScores{0.083, 0.25, 1.5, 0.125, 0.0375, 0.1, 0.931, 0.98, 0.995};
  q.ground_truth = gt;
  ref.quality = q;
  result.runs.push_back(ref);

  result::Run fp16 = make_run("fp16", {1.0, 2.0});
  result::Quality q16;
  q16.vs_reference = result::OutputComparison{"fp32", 0.0012, 0.0034, 0.0456, 0.999998, 0.0021, 100, 0, 0};
  gt.mode = "dataset";
  gt.images = 12;
  gt.skipped_images = 2;
  q16.ground_truth = gt;
  fp16.quality = q16;
  result.runs.push_back(fp16);

  std::ostringstream out;
  print_console_table(out, result);
  const std::string text = out.str();
  // VRAM comes in MiB from NVML: 2250 MiB = 2.36 GB.
  EXPECT_NE(text.find("telemetry: fp32: GPU util mean 87.2%, VRAM peak 2.36 GB; power mean 250.0 W (energy "
                      "counter), highest sample 312.5 W; "
                      "energy 0.5125 J/inference; SM clock 1980 -> 1755 MHz (-11.4%)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find("process: fp32: CPU 1.750 ms/inference (user 1.25 s + system 0.50 s), peak RSS 812 MB\n"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find("depth vs GT: fp32: abs_rel 0.0830, sq_rel 0.2500, rmse 1.5000, rmse_log 0.1250, d1 0.9310, "
                "d2 0.9800, d3 0.9950 (single image)\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("quality: fp16 vs fp32: MAE 0.001200, RMSE 0.003400, max 0.045600 (maps min-max "
                      "normalised); cosine 0.999998, rel L2 0.0021\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("(dataset average over 12 images, 2 skipped without GT)\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace ib::report
