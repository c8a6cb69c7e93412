// Golden tests: for one fixed, hand-built result (two runs: samples, stage breakdown, telemetry, process cost,
// a warning, quality with a reference comparison and ground-truth scores, a per-layer profile; a third run that failed), the exact
// text of the console table, summary.csv, summary.md and result.json, compared with the files checked in under
// tests/fixtures/golden/. Every field that would vary (timestamp, host, versions, paths) is fixed here, so a
// difference is a change in what the reporters write: review it in the diff.
//
// To accept a deliberate change, rewrite the files and commit them with the change that caused it:
//   IB_UPDATE_GOLDEN=1 build/ci/bin/golden_test   (then git diff tests/fixtures/golden/)
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "inferbench/result.hpp"
#include "report/console_table.hpp"
#include "report/exporters.hpp"
#include "result/result_json.hpp"
#include "stats/summary.hpp"

namespace ib::report {
namespace {

namespace fs = std::filesystem;

result::Environment fixed_environment() {
  result::Environment env;
  env.host = "golden-host";
  env.cpu_model = "Example CPU @ 2.00GHz";
  env.cpu_cores = 8;
  env.os = "Debian GNU/Linux 12 (bookworm)";
  env.kernel = "6.1.0-18-amd64 x86_64";
  env.compiler = "GCC 12.2.0";
  env.inferbench_version = "0.1.0";
  env.git_sha = "0123456";
  env.command_line = {"inferbench", "run", "model.plan", "--iterations", "8"};
  env.timestamp_utc = "2026-01-02T03:04:05Z";
  env.gpus = {{0, "NVIDIA H100 80GB HBM3", 85'520'809'984, "9.0"}};
  env.cuda_driver_version = "13.0";
  env.cuda_runtime_version = "13.0";
  env.gpu_driver_version = "580.65.06";
  env.backends = {{"tensorrt", "10.13.0"}};
  return env;
}

// Quick arithmetic: samples whose statistics are easy to check by hand.
result::Run timed_run(const std::string& name, const std::string& dtype, std::vector<double> latency_ms) {
  result::Run run;
  run.name = name;
  run.backend = "tensorrt";
  run.device = "cuda:0";
  run.model.path = "models/" + name + ".plan";
  run.model.size_bytes = 4'000'000;
  run.model.sha256 = std::string(64, 'a');
  run.config.warmup = 2;
  run.config.iterations = static_cast<std::int64_t>(latency_ms.size());
  run.config.batch = 2;
  run.config.dtype = dtype;
  run.config.percentiles = {50, 90, 99};
  run.samples.latency_ms = std::move(latency_ms);
  run.samples.timed_wall_s = 0.02;
  run.samples.warmup_iterations = 2;
  run.samples.warmup_wall_s = 0.005;
  run.latency = stats::summarize(run.samples.latency_ms, run.config.percentiles);
  run.throughput = result::Throughput{2 * 1000.0 / run.latency->mean,
                                      static_cast<double>(run.samples.latency_ms.size()) * 2 / 0.02};
  return run;
}

result::Run full_run() {
  result::Run run = timed_run("resnet50_fp16", "fp16", {2.0, 2.5, 2.25, 3.0, 2.0, 2.5, 2.75, 4.0});
  run.samples.breakdown_latency_ms = {2.1, 2.6, 2.3, 3.1};
  run.samples.enqueue_ms = {0.25, 0.25, 0.5, 0.25};
  run.samples.h2d_ms = {0.5, 0.5, 0.5, 0.75};
  run.samples.compute_ms = {1.25, 1.5, 1.25, 2.0};
  run.samples.d2h_ms = {0.25, 0.25, 0.25, 0.25};
  for (const auto& [stage, values] : {std::pair{"enqueue_ms", &run.samples.enqueue_ms},
                                      std::pair{"h2d_ms", &run.samples.h2d_ms},
                                      std::pair{"compute_ms", &run.samples.compute_ms},
                                      std::pair{"d2h_ms", &run.samples.d2h_ms}}) {
    run.stages.push_back({stage, stats::summarize(*values, run.config.percentiles)});
  }
  run.breakdown = result::Breakdown{2.5, 2.525, 0.025, 0.0099, 0.0};
  run.startup = result::Startup{120.5, 30.25, 9.5, 3.0};
  run.device_memory = result::DeviceMemory{85'520'809'984, 600'000'000, 50'000'000, 12'000'000, 4'000'000};
  result::Telemetry telemetry;
  telemetry.time_s = {0.0, 0.1, 0.2, 0.3};
  telemetry.series = {{"gpu_util", "%", {90, 95, 97, 96}}, {"power", "W", {300, 320, 330, 310}}};
  telemetry.sample_cost_mean_ms = 0.05;
  telemetry.sample_cost_max_ms = 0.125;
  run.telemetry = telemetry;
  result::TelemetrySummary summary;
  summary.metrics = {{"gpu_util", "%", 4, 94.5, 90, 97}, {"power", "W", 4, 315, 300, 330}};
  summary.energy_j = 6.5;
  summary.energy_per_inference_j = 0.40625;
  summary.mean_power_w = 325;
  summary.peak_power_w = 330;
  summary.sm_clock_before_mhz = 1980;
  summary.sm_clock_after_mhz = 1755;
  summary.clock_drop_fraction = (1980.0 - 1755.0) / 1980.0;
  run.telemetry_summary = summary;
  run.process = result::ProcessCost{0.5, 0.25, 0.75 / 16, 1'500'000'000};
  result::Quality quality;
  quality.output = "depth";
  quality.output_shape = {1, 1, 4, 6};
  quality.map_shape = {4, 6};
  quality.output_file = "resnet50_fp16_depth.npy";
  quality.vs_reference = result::OutputComparison{"resnet50_fp32", 0.5, 0.75, 2.0, 0.999, 0.01, 24, 0, 0};
  result::GroundTruthQuality gt;
  gt.mode = "single-image";
  gt.source = "gt/0000.npy";
  gt.images = 1;
  gt.metrics = {0.125, 0.5, 1.5, 0.25, 0.0625, 12.5, 0.875, 0.9375, 1.0};
  gt.valid_pixels = 24;
  quality.ground_truth = gt;
  run.quality = quality;
  run.layer_profile = result::LayerProfile{
      10, {{"conv1 + relu1", 5.0, 0.5, 0.5, 25.0}, {"{ForeignNode[conv2...fc]}", 12.5, 1.25, std::nullopt, 62.5},
           {"pool", 2.5, 0.25, 0.25, 12.5}}};
  run.warnings = {{result::WarningKind::high_cv, {{"cv", 0.253}}, {}}};
  return run;
}

result::Result fixed_result() {
  result::Result result;
  result.environment = fixed_environment();
  result.runs.push_back(timed_run("resnet50_fp32", "fp32", {4.0, 4.5, 4.25, 5.0, 4.0, 4.5}));
  result.runs.push_back(full_run());
  result::Run failed;
  failed.name = "broken | model";
  failed.backend = "tensorrt";
  failed.device = "cuda:0";
  failed.status = result::RunStatus::failed;
  failed.error = "cannot load 'broken.plan': bad, file";
  failed.config.dtype = "int8";
  result.runs.push_back(std::move(failed));
  return result;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Compares `actual` with the golden file, or rewrites the file when IB_UPDATE_GOLDEN=1.
void expect_golden(const std::string& name, const std::string& actual) {
  const fs::path path = fs::path(IB_TEST_FIXTURES) / "golden" / name;
  const char* update = std::getenv("IB_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    GTEST_SKIP() << "rewrote " << path.string();
  }
  ASSERT_TRUE(fs::exists(path)) << path.string() << " is missing: run with IB_UPDATE_GOLDEN=1";
  EXPECT_EQ(actual, read_text(path)) << "differs from " << path.string()
                                     << " (IB_UPDATE_GOLDEN=1 rewrites it; review the diff)";
}

TEST(Golden, ConsoleTable) {
  std::ostringstream out;
  print_console_table(out, fixed_result());
  expect_golden("console.txt", out.str());
}

TEST(Golden, SummaryCsv) { expect_golden("summary.csv", summary_csv(fixed_result())); }

TEST(Golden, SummaryMarkdown) {
  expect_golden("summary.md", summary_markdown(fixed_result(), {"speed_benchmark.png"}));
}

TEST(Golden, ResultJson) { expect_golden("result.json", result::serialize_result(fixed_result())); }

TEST(Golden, ResultJsonReadsBackToTheSameResult) {
  EXPECT_EQ(result::parse_result(result::serialize_result(fixed_result())), fixed_result());
}

}  // namespace
}  // namespace ib::report
