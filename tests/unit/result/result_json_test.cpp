#include "result/result_json.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "inferbench/errors.hpp"
#include "result/warning_text.hpp"
#include "stats/summary.hpp"

namespace ib::result {
namespace {

using nlohmann::json;

// A result with every field set, including the optional ones, so a round trip exercises all of them.
Result full_result() {
  Result result;
  result.interrupted = false;
  Environment& env = result.environment;
  env.host = "bench-01";
  env.cpu_model = "AMD EPYC 9654 96-Core Processor";
  env.cpu_cores = 192;
  env.os = "Debian GNU/Linux 12 (bookworm)";
  env.kernel = "6.1.0-18-amd64 x86_64";
  env.compiler = "g++ 12.2.0";
  env.inferbench_version = "0.1.0";
  env.git_sha = "0123456789ab";
  env.command_line = {"inferbench", "run", "--model", "resnet 50.pt", "--percentiles", "99,50,99.9"};
  env.timestamp_utc = "2026-11-22T23:01:02Z";
  env.gpus = {GpuInfo{0, "NVIDIA H100 80GB HBM3", 85'520'809'984ULL, "9.0"},
              GpuInfo{1, "NVIDIA H100 80GB HBM3", 85'520'809'984ULL, "9.0"}};
  env.cuda_driver_version = "13.0";
  env.cuda_runtime_version = "13.0";
  env.gpu_driver_version = "580.65.06";
  env.backends = {BackendVersion{"libtorch", "2.11.0"}};
  NvmlInfo nvml;
  nvml.available = true;
  nvml.nvml_version = "12.580.65.06";
  GpuDetails details;
  details.index = 0;
  details.name = "NVIDIA H100 80GB HBM3";
  details.uuid = "GPU-8c2f3a10-0000-0000-0000-000000000000";
  details.pci_bus_id = "00000000:19:00.0";
  details.pcie_generation = 5;
  details.pcie_width = 16;
  details.power_limit_w = 700;
  details.persistence_mode = true;
  details.compute_mode = "default";
  details.ecc_enabled = true;
  details.sm_clock_mhz = 1980;
  details.sm_clock_max_mhz = 1980;
  details.sm_applications_clock_mhz = 1755;
  details.sm_default_applications_clock_mhz = 1755;
  details.clocks_locked = false;
  details.default_power_limit_w = 700;
  details.mig_enabled = false;
  nvml.gpus = {details};
  env.nvml = nvml;
  env.cpu_governor = "performance";
  env.build_type = "Release";
  env.build_flags = "-O3 -DNDEBUG -DNAME=\"quoted\"";

  Run run;
  run.name = "resnet50-b8-fp16";
  run.backend = "libtorch";
  run.device = "cuda:0";
  run.status = RunStatus::ok;
  run.model.path = "models/resnet 50.pt";
  run.model.size_bytes = 102'554'123;
  run.model.sha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  run.model.mtime = "2026-11-01T10:00:00Z";
  run.model.inputs = {core::TensorSpec{"pixels", core::DType::fp16, {8, 3, 224, 224}},
                      core::TensorSpec{"aux_mask", core::DType::boolean, {8, 1}}};
  run.model.outputs = {core::TensorSpec{"logits", core::DType::fp32, {8, 1000}},
                       core::TensorSpec{"scalar", core::DType::int64, {}}};
  run.config.warmup = 10;
  run.config.iterations = 6;
  run.config.batch = 8;
  run.config.dtype = "fp16";
  // Not in alphabetical order: the object API must restore the model's input order.
  run.config.shapes = {NamedShape{"pixels", {8, 3, 224, 224}}, NamedShape{"aux_mask", {8, 1}}};
  // Not ascending, and not in the lexicographic order of their keys either ("p5" < "p50" < "p99" < "p99.9").
  run.config.percentiles = {99, 50, 99.9, 5};
  // Every 1.1 setting away from its default, so a reader that drops one is caught.
  run.config.warmup_ms = 250.5;
  run.config.duration_s = 10;
  run.config.target_ci = 0.01;
  run.config.max_duration_s = 60;
  run.config.cuda_graph = true;
  run.config.sync = "spin";
  run.config.transfers = true;
  run.config.streams = 2;
  run.config.input_image = "images/street.png";
  run.samples.latency_ms = {1.25, 1.5, 1.125, 2.0, 1.375, 1.0000000000000002};
  run.samples.enqueue_ms = {0.03125, 0.0625, 0.03125, 0.046875, 0.0390625, 0.03125};
  run.samples.breakdown_latency_ms = {1.375, 1.5, 1.125, 2.0, 1.5, 1.0};
  run.samples.h2d_ms = {0.25, 0.25, 0.125, 0.5, 0.25, 0.125};
  run.samples.compute_ms = {0.875, 1.0, 0.875, 1.25, 1.0, 0.75};
  run.samples.d2h_ms = {0.0625, 0.125, 0.0625, 0.125, 0.0625, 0.0625};
  run.samples.stream = {0, 1, 0, 1, 0, 1};
  run.samples.timed_wall_s = 0.0123456789;
  run.samples.warmup_iterations = 10;
  run.samples.warmup_wall_s = 0.0375;
  run.latency = stats::summarize(run.samples.latency_ms, run.config.percentiles);
  run.latency_intervals = {PercentileInterval{50, 0.95, true, 1.125, 2.0},
                           PercentileInterval{99, 0.95, false, 0, 0}};
  for (const auto& [name, series] :
       {std::pair{"enqueue_ms", &run.samples.enqueue_ms}, std::pair{"h2d_ms", &run.samples.h2d_ms},
        std::pair{"compute_ms", &run.samples.compute_ms}, std::pair{"d2h_ms", &run.samples.d2h_ms}}) {
    run.stages.push_back(StageSummary{name, stats::summarize(*series, run.config.percentiles)});
  }
  const double stages_mean =
      run.stages[1].summary.mean + run.stages[2].summary.mean + run.stages[3].summary.mean;
  run.breakdown = Breakdown{stages_mean, run.latency->mean, run.latency->mean - stages_mean,
                            (run.latency->mean - stages_mean) / run.latency->mean, 0.015625};
  run.throughput = Throughput{8 * 1000.0 / run.latency->mean, 6 * 8 / run.samples.timed_wall_s};
  run.stopped_by = "stable";
  run.startup = Startup{812.5, 40.25, 35.0, 2.5, 1250.0};
  // A negative delta: memory another process freed during buffer allocation.
  run.device_memory = DeviceMemory{85'520'809'984ULL, 1'048'576'000, 204'800'000, -2'097'152, 0, 230'686'720};
  run.warnings = {{WarningKind::too_few_samples, {{"samples", 6}, {"percentile", 99}, {"needed", 100}}, {}},
                  {WarningKind::clock_drop,
                   {{"fraction", 0.055}, {"before_mhz", 2000}, {"after_mhz", 1890}},
                   {{"note", "a value the kind does not use is kept"}}},
                  legacy_warning("cv 19% above 5%")};
  // 1.2: telemetry, process cost, quality.
  Telemetry telemetry;
  telemetry.pass = "concurrent";
  telemetry.gpu_index = 1;
  telemetry.interval_s = 0.1;
  telemetry.time_s = {0.0, 0.1, 0.2};
  telemetry.series = {MetricSeries{"gpu_util", "%", {97, 98, 99}},
                      MetricSeries{"power", "W", {310.5, 316.0, 322.25}}};
  telemetry.clock_event_reasons = {1, 0, 4};
  telemetry.unsupported = {"sm_activity"};
  telemetry.failed_queries = 1;
  telemetry.errors = {"power: GPU is lost"};
  telemetry.sample_cost_mean_ms = 0.031;
  telemetry.sample_cost_max_ms = 0.2;
  telemetry.query_costs = {QueryCost{"gpu_util", 3, 0.004, 0.006}, QueryCost{"power", 3, 0.003, 0.005}};
  run.telemetry = telemetry;
  TelemetrySummary summary;
  summary.metrics = {MetricSummary{"gpu_util", "%", 3, 98, 97, 99},
                     MetricSummary{"power", "W", 2, 316.375, 310.5, 322.25}};
  summary.energy_j = 42.5;
  summary.energy_per_inference_j = 0.0425;
  summary.mean_power_w = 316.0;
  summary.peak_power_w = 322.25;
  summary.sm_clock_before_mhz = 1980;
  summary.sm_clock_after_mhz = 1755;
  summary.clock_drop_fraction = (1980.0 - 1755.0) / 1980.0;
  summary.throttle_reasons = {"sw_power_cap"};
  summary.concurrent_p50_change = 0.004;
  summary.concurrent_baseline_p50_ms = 2.5;
  run.telemetry_summary = summary;
  run.process = ProcessCost{1.25, 0.5, 1.75, 1'234'567'890ULL};
  Quality quality;
  quality.output = "depth";
  quality.output_shape = {1, 518, 518};
  quality.map_shape = {480, 640};
  quality.nonfinite_values = 2;
  quality.output_file = "outputs/vits_fp16.npy";
  quality.vs_reference = OutputComparison{"vits_fp32", 0.001, 0.002, 0.05, 0.9999, 0.003, 307200, 0, 2};
  GroundTruthQuality gt;
  gt.mode = "dataset";
  gt.source = "data/gt";
  gt.images = 4;
  gt.skipped_images = 1;
  gt.metrics = DepthScores{0.1, 0.2, 0.3, 0.4, 0.05, 12.5, 0.9, 0.97, 0.99};
  gt.valid_pixels = 1'000'000;
  gt.invalid_predictions = 2;
  gt.median_scaling = false;
  gt.disparity = true;
  gt.min_depth = 0.001;
  gt.max_depth = 80;
  quality.ground_truth = gt;
  run.quality = quality;
  result.runs.push_back(run);

  Run failed;
  failed.name = "second";
  failed.backend = "fake";
  failed.device = "cpu";
  failed.status = RunStatus::failed;
  failed.error = "backend 'fake' failed: scripted failure";
  failed.model.path = "builtin:demo";
  failed.config.percentiles = {50};
  result.runs.push_back(failed);
  return result;
}

std::string input_error_message(const json& object) {
  try {
    (void)result_from_json(object);
  } catch (const core::InputError& error) {
    return error.what();
  } catch (const std::exception& error) {
    return std::string("wrong exception type: ") + error.what();
  }
  return "no InputError";
}

std::string text_error_message(std::string_view text) {
  try {
    (void)parse_result(text);
  } catch (const core::InputError& error) {
    return error.what();
  } catch (const std::exception& error) {
    return std::string("wrong exception type: ") + error.what();
  }
  return "no InputError";
}

TEST(ResultJson, RoundTripThroughText) {
  const Result result = full_result();
  EXPECT_EQ(parse_result(serialize_result(result)), result);
}

TEST(ResultJson, RoundTripThroughObject) {
  const Result result = full_result();
  const Result back = result_from_json(to_json(result));
  EXPECT_EQ(back.runs[0].config.percentiles, result.runs[0].config.percentiles);
  EXPECT_EQ(back.runs[0].latency, result.runs[0].latency);
  EXPECT_EQ(back.runs[0].config.shapes, result.runs[0].config.shapes);
  EXPECT_EQ(back, result);
}

TEST(ResultJson, RoundTripOfAnEmptyResult) {
  const Result empty;
  EXPECT_EQ(parse_result(serialize_result(empty)), empty);
  EXPECT_EQ(result_from_json(to_json(empty)), empty);
}

TEST(ResultJson, PercentilesOutsideTheConfigComeBackToo) {
  Result result = full_result();
  ib::result::Run& run = result.runs[0];
  // A summary holding a percentile the config does not list: text keeps the written order exactly; the object
  // API puts config percentiles first, then the others ascending.
  run.latency = stats::summarize(run.samples.latency_ms, std::vector<double>{99, 75, 50, 99.9, 5, 12.5});
  EXPECT_EQ(parse_result(serialize_result(result)), result);
  const Result back = result_from_json(to_json(result));
  std::vector<double> order;
  for (const stats::Percentile& p : back.runs[0].latency->percentiles) order.push_back(p.p);
  EXPECT_EQ(order, (std::vector<double>{99, 50, 99.9, 5, 12.5, 75}));
}

TEST(ResultJson, KeyLayout) {
  const json j = to_json(full_result());
  EXPECT_EQ(j.at("schema_version"), "1.5.0");
  EXPECT_EQ(j.at("interrupted"), false);
  const json& env = j.at("environment");
  for (const char* key :
       {"host", "cpu_model", "cpu_cores", "os", "kernel", "compiler", "inferbench_version", "git_sha",
        "command_line", "timestamp_utc", "gpus", "cuda_driver_version", "cuda_runtime_version",
        "gpu_driver_version", "backends", "cpu_governor", "build_type", "build_flags"}) {
    EXPECT_TRUE(env.contains(key)) << key;
  }
  EXPECT_EQ(env.size(), 19u);
  EXPECT_EQ(env.at("cpu_cores"), 192);
  EXPECT_EQ(env.at("gpus").at(1), (json{{"index", 1},
                                        {"name", "NVIDIA H100 80GB HBM3"},
                                        {"total_memory_bytes", 85'520'809'984ULL},
                                        {"compute_capability", "9.0"}}));
  EXPECT_EQ(env.at("backends"), (json::array({json{{"name", "libtorch"}, {"version", "2.11.0"}}})));

  const json& run = j.at("runs").at(0);
  EXPECT_EQ(run.at("status"), "ok");
  EXPECT_TRUE(run.at("error").is_null());
  EXPECT_EQ(run.at("model").at("inputs").at(0),
            (json{{"name", "pixels"}, {"dtype", "fp16"}, {"shape", {8, 3, 224, 224}}}));
  EXPECT_EQ(run.at("model").at("inputs").at(1).at("dtype"), "bool");
  EXPECT_EQ(run.at("model").at("outputs").at(1).at("shape"), json::array());
  EXPECT_EQ(run.at("config").at("shapes"), (json{{"pixels", {8, 3, 224, 224}}, {"aux_mask", {8, 1}}}));
  EXPECT_EQ(run.at("config").at("percentiles"), (json{99, 50, 99.9, 5}));
  EXPECT_EQ(run.at("config").size(), 15u);
  EXPECT_EQ(run.at("config").at("input_image"), "images/street.png");
  EXPECT_EQ(run.at("config").at("warmup_ms"), 250.5);
  EXPECT_EQ(run.at("config").at("duration_s"), 10.0);
  EXPECT_EQ(run.at("config").at("target_ci"), 0.01);
  EXPECT_EQ(run.at("config").at("max_duration_s"), 60.0);
  EXPECT_EQ(run.at("config").at("cuda_graph"), true);
  EXPECT_EQ(run.at("config").at("sync"), "spin");
  EXPECT_EQ(run.at("config").at("transfers"), true);
  EXPECT_EQ(run.at("config").at("streams"), 2);
  const json& samples = run.at("samples");
  EXPECT_EQ(samples.size(), 10u);
  EXPECT_EQ(samples.at("latency_ms").size(), 6u);
  for (const char* key : {"enqueue_ms", "breakdown_latency_ms", "h2d_ms", "compute_ms", "d2h_ms", "stream"}) {
    EXPECT_EQ(samples.at(key).size(), 6u) << key;
  }
  EXPECT_EQ(samples.at("stream"), (json{0, 1, 0, 1, 0, 1}));
  EXPECT_DOUBLE_EQ(samples.at("timed_wall_s").get<double>(), 0.0123456789);
  EXPECT_EQ(samples.at("warmup_iterations"), 10);
  EXPECT_EQ(samples.at("warmup_wall_s"), 0.0375);
  EXPECT_EQ(run.at("stopped_by"), "stable");
  EXPECT_EQ(run.at("startup"), (json{{"framework_init_ms", 1250.0},
                                     {"load_ms", 812.5},
                                     {"prepare_ms", 40.25},
                                     {"first_inference_ms", 35.0},
                                     {"second_inference_ms", 2.5}}));
  EXPECT_EQ(run.at("device_memory"), (json{{"total_bytes", 85'520'809'984ULL},
                                           {"used_before_bytes", 1'048'576'000},
                                           {"framework_bytes", 230'686'720},
                                           {"model_bytes", 204'800'000},
                                           {"buffers_bytes", -2'097'152},
                                           {"run_bytes", 0}}));
  EXPECT_TRUE(run.at("device_memory").at("buffers_bytes").is_number_integer());

  const json& latency = run.at("stats").at("latency_ms");
  for (const char* key :
       {"count", "mean", "std", "cv", "min", "max", "median", "p99", "p50", "p99.9", "p5", "ci95"}) {
    EXPECT_TRUE(latency.contains(key)) << key;
  }
  EXPECT_EQ(latency.size(), 12u);
  EXPECT_EQ(latency.at("ci95"),
            (json{{"p50", {{"lower", 1.125}, {"upper", 2.0}, {"available", true}, {"confidence", 0.95}}},
                  {"p99", {{"lower", 0.0}, {"upper", 0.0}, {"available", false}, {"confidence", 0.95}}}}));
  // Stage summaries: siblings of latency_ms with its keys (percentiles from the config), without ci95.
  for (const char* stage : {"enqueue_ms", "h2d_ms", "compute_ms", "d2h_ms"}) {
    const json& summary = run.at("stats").at(stage);
    EXPECT_EQ(summary.size(), 11u) << stage;
    for (const auto& [key, value] : latency.items()) {
      if (key != "ci95") {
        EXPECT_TRUE(summary.contains(key)) << stage << "." << key;
      }
    }
    EXPECT_EQ(summary.at("count"), 6) << stage;
  }
  EXPECT_EQ(run.at("stats").at("compute_ms").at("max"), 1.25);
  const json& breakdown = run.at("stats").at("breakdown");
  EXPECT_EQ(breakdown.size(), 5u);
  for (const char* key : {"stages_mean_ms", "latency_mean_ms", "gap_ms", "gap_fraction", "event_cost_ms"}) {
    EXPECT_TRUE(breakdown.at(key).is_number()) << key;
  }
  EXPECT_EQ(run.at("stats").size(), 10u);  // latency_ms, 4 stages, breakdown, throughput, method
  EXPECT_EQ(latency.at("count"), 6);
  EXPECT_EQ(latency.at("min"), 1.0000000000000002);  // written with enough digits to read back exactly
  EXPECT_EQ(latency.at("max"), 2.0);
  const json& throughput = run.at("stats").at("throughput");
  EXPECT_EQ(throughput.size(), 2u);
  EXPECT_DOUBLE_EQ(throughput.at("inferences_per_s").get<double>(), 48 / 0.0123456789);
  EXPECT_EQ(run.at("stats").at("method"), (json{{"percentile", "linear"},
                                                {"std", "population"},
                                                {"fps", "batch * 1000 / mean latency_ms"},
                                                {"inferences_per_s", "count * batch / timed_wall_s"}}));
  EXPECT_EQ(run.at("warnings").size(), 3u);

  const json& failed = j.at("runs").at(1);
  EXPECT_EQ(failed.at("status"), "failed");
  EXPECT_EQ(failed.at("error"), "backend 'fake' failed: scripted failure");
  EXPECT_TRUE(failed.at("model").at("mtime").is_null());
  EXPECT_FALSE(failed.contains("stats"));  // no latency -> no stats
  // The 1.1 keys are written even at their defaults (the reader requires them from 1.1 on).
  const json& failed_config = failed.at("config");
  for (const char* key : {"warmup_ms", "duration_s", "target_ci", "max_duration_s"}) {
    EXPECT_TRUE(failed_config.at(key).is_null()) << key;
  }
  EXPECT_EQ(failed_config.at("cuda_graph"), false);
  EXPECT_EQ(failed_config.at("sync"), "auto");
  EXPECT_EQ(failed_config.at("transfers"), true);
  EXPECT_EQ(failed_config.at("streams"), 1);
  for (const char* key : {"enqueue_ms", "breakdown_latency_ms", "h2d_ms", "compute_ms", "d2h_ms", "stream"}) {
    EXPECT_EQ(failed.at("samples").at(key), json::array()) << key;
  }
  EXPECT_EQ(failed.at("samples").at("warmup_iterations"), 0);
  EXPECT_EQ(failed.at("stopped_by"), "iterations");
  EXPECT_TRUE(failed.at("startup").is_null());
  EXPECT_TRUE(failed.at("device_memory").is_null());
}

TEST(ResultJson, TextIsPrettyOrderedAndEndsWithNewline) {
  const std::string text = serialize_result(full_result());
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.substr(0, 30), "{\n  \"schema_version\": \"1.5.0\",");
  const auto at = [&text](const std::string& needle) { return text.find(needle); };
  EXPECT_LT(at("\"schema_version\""), at("\"interrupted\""));
  EXPECT_LT(at("\"interrupted\""), at("\"environment\""));
  EXPECT_LT(at("\"environment\""), at("\"runs\""));
  // Percentile keys in the order asked, not sorted.
  EXPECT_LT(at("\"p99\":"), at("\"p50\":"));
  EXPECT_LT(at("\"p50\":"), at("\"p99.9\":"));
  EXPECT_LT(at("\"p99.9\":"), at("\"p5\":"));
  EXPECT_LT(at("\"count\":"), at("\"median\":"));
  EXPECT_LT(at("\"pixels\": ["), at("\"aux_mask\": ["));
  // The documented order of the 1.1 keys.
  EXPECT_LT(at("\"percentiles\":"), at("\"warmup_ms\":"));
  EXPECT_LT(at("\"warmup_ms\":"), at("\"streams\":"));
  EXPECT_LT(at("\"latency_ms\": ["), at("\"enqueue_ms\": ["));
  EXPECT_LT(at("\"d2h_ms\": ["), at("\"stream\": ["));
  EXPECT_LT(at("\"stream\": ["), at("\"timed_wall_s\":"));
  EXPECT_LT(at("\"timed_wall_s\":"), at("\"warmup_iterations\":"));
  EXPECT_LT(at("\"warmup_wall_s\":"), at("\"stopped_by\":"));
  EXPECT_LT(at("\"stopped_by\":"), at("\"stats\":"));
  EXPECT_LT(at("\"ci95\":"), at("\"enqueue_ms\": {"));
  EXPECT_LT(at("\"enqueue_ms\": {"), at("\"h2d_ms\": {"));
  EXPECT_LT(at("\"h2d_ms\": {"), at("\"compute_ms\": {"));
  EXPECT_LT(at("\"compute_ms\": {"), at("\"d2h_ms\": {"));
  EXPECT_LT(at("\"d2h_ms\": {"), at("\"breakdown\":"));
  EXPECT_LT(at("\"breakdown\":"), at("\"throughput\":"));
  EXPECT_LT(at("\"method\":"), at("\"startup\":"));
  EXPECT_LT(at("\"startup\":"), at("\"device_memory\":"));
  EXPECT_LT(at("\"device_memory\":"), at("\"warnings\":"));
}

TEST(ResultJson, NonFiniteNumbersAreWrittenAsNull) {
  Result result = full_result();
  ib::result::Run& run = result.runs[0];
  run.samples.latency_ms = {1.0, std::numeric_limits<double>::quiet_NaN(),
                            std::numeric_limits<double>::infinity()};
  run.samples.timed_wall_s = 0;
  run.throughput =
      Throughput{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  run.latency->mean = std::numeric_limits<double>::quiet_NaN();
  // The per-iteration series must keep latency_ms's length.
  for (std::vector<double>* series : {&run.samples.enqueue_ms, &run.samples.breakdown_latency_ms,
                                      &run.samples.h2d_ms, &run.samples.compute_ms, &run.samples.d2h_ms}) {
    series->resize(3);
  }
  run.samples.stream.resize(3);
  run.samples.compute_ms[2] = std::numeric_limits<double>::quiet_NaN();
  run.samples.warmup_wall_s = std::numeric_limits<double>::infinity();
  run.stages[0].summary.std = std::numeric_limits<double>::quiet_NaN();
  run.breakdown->gap_fraction = std::numeric_limits<double>::quiet_NaN();
  run.startup->load_ms = std::numeric_limits<double>::infinity();
  run.latency_intervals[0].upper = std::numeric_limits<double>::infinity();

  const std::string text = serialize_result(result);
  EXPECT_EQ(text.find("NaN"), std::string::npos);
  EXPECT_EQ(text.find("nan"), std::string::npos);
  EXPECT_EQ(text.find("Infinity"), std::string::npos);
  EXPECT_EQ(text.find(" inf"), std::string::npos);
  EXPECT_EQ(text.find("-inf"), std::string::npos);
  const json j = to_json(result);
  EXPECT_TRUE(j["runs"][0]["samples"]["latency_ms"][1].is_null());
  EXPECT_TRUE(j["runs"][0]["samples"]["latency_ms"][2].is_null());
  EXPECT_TRUE(j["runs"][0]["stats"]["throughput"]["fps"].is_null());
  EXPECT_TRUE(j["runs"][0]["stats"]["latency_ms"]["mean"].is_null());
  EXPECT_TRUE(j["runs"][0]["samples"]["compute_ms"][2].is_null());
  EXPECT_TRUE(j["runs"][0]["samples"]["warmup_wall_s"].is_null());
  EXPECT_TRUE(j["runs"][0]["stats"]["enqueue_ms"]["std"].is_null());
  EXPECT_TRUE(j["runs"][0]["stats"]["breakdown"]["gap_fraction"].is_null());
  EXPECT_TRUE(j["runs"][0]["startup"]["load_ms"].is_null());
  EXPECT_TRUE(j["runs"][0]["stats"]["latency_ms"]["ci95"]["p50"]["upper"].is_null());

  // Documented: null in a measured field reads back as NaN.
  const Result back = parse_result(text);
  const ib::result::Run& read = back.runs[0];
  EXPECT_EQ(read.samples.latency_ms[0], 1.0);
  EXPECT_TRUE(std::isnan(read.samples.latency_ms[1]));
  EXPECT_TRUE(std::isnan(read.samples.latency_ms[2]));
  EXPECT_EQ(read.samples.timed_wall_s, 0.0);
  EXPECT_TRUE(std::isnan(read.throughput->fps));
  EXPECT_TRUE(std::isnan(read.throughput->inferences_per_s));
  EXPECT_TRUE(std::isnan(read.latency->mean));
  EXPECT_TRUE(std::isnan(read.samples.compute_ms[2]));
  EXPECT_TRUE(std::isnan(read.samples.warmup_wall_s));
  EXPECT_TRUE(std::isnan(read.stages[0].summary.std));
  EXPECT_TRUE(std::isnan(read.breakdown->gap_fraction));
  EXPECT_TRUE(std::isnan(read.startup->load_ms));
  EXPECT_TRUE(std::isnan(read.latency_intervals[0].upper));
}

TEST(ResultJson, FrameworkSettingsAreWrittenOnlyWhereTheBackendHasThem) {
  Result result = full_result();
  EXPECT_FALSE(to_json(result).at("runs").at(0).at("config").contains("tf32"));
  result.runs[0].config.cudnn_benchmark = "off";
  result.runs[0].config.tf32 = "default";
  const json j = to_json(result);
  EXPECT_EQ(j.at("runs").at(0).at("config").at("cudnn_benchmark"), "off");
  EXPECT_EQ(j.at("runs").at(0).at("config").at("tf32"), "default");
  EXPECT_EQ(parse_result(serialize_result(result)), result);
}

TEST(ResultJson, OptionalFieldsMayBeAbsent) {
  json j = to_json(full_result());
  j["environment"].erase("cuda_driver_version");
  j["runs"][0].erase("error");
  j["runs"][0]["model"].erase("mtime");
  j["runs"][0].erase("stats");
  const Result back = result_from_json(j);
  EXPECT_FALSE(back.environment.cuda_driver_version.has_value());
  EXPECT_FALSE(back.runs[0].error.has_value());
  EXPECT_FALSE(back.runs[0].model.mtime.has_value());
  EXPECT_FALSE(back.runs[0].latency.has_value());
  EXPECT_FALSE(back.runs[0].throughput.has_value());
}

TEST(ResultJson, UnknownKeysAndNewerMinorVersionsAreAccepted) {
  json j = to_json(full_result());
  j["schema_version"] = "1.7.2";
  j["future_field"] = {1, 2, 3};
  j["runs"][0]["future_run_field"] = json::object();
  j["runs"][0]["stats"]["latency_ms"]["pretty"] = "not a percentile";
  const Result back = result_from_json(j);
  EXPECT_EQ(back.schema_version, "1.7.2");
  EXPECT_EQ(back.runs[0].latency, full_result().runs[0].latency);
}

TEST(ResultJson, MissingRequiredKeys) {
  const json valid = to_json(full_result());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/schema_version", "schema_version"},
      {"/interrupted", "interrupted"},
      {"/environment", "environment"},
      {"/environment/host", "environment.host"},
      {"/environment/cpu_cores", "environment.cpu_cores"},
      {"/environment/command_line", "environment.command_line"},
      {"/environment/gpus", "environment.gpus"},
      {"/environment/gpus/0/name", "environment.gpus[0].name"},
      {"/environment/backends/0/version", "environment.backends[0].version"},
      {"/runs", "runs"},
      {"/runs/0/name", "runs[0].name"},
      {"/runs/0/status", "runs[0].status"},
      {"/runs/0/model", "runs[0].model"},
      {"/runs/0/model/sha256", "runs[0].model.sha256"},
      {"/runs/0/model/inputs/0/dtype", "runs[0].model.inputs[0].dtype"},
      {"/runs/0/config/iterations", "runs[0].config.iterations"},
      {"/runs/0/config/shapes", "runs[0].config.shapes"},
      {"/runs/0/config/percentiles", "runs[0].config.percentiles"},
      {"/runs/0/samples/latency_ms", "runs[0].samples.latency_ms"},
      {"/runs/0/samples/timed_wall_s", "runs[0].samples.timed_wall_s"},
      {"/runs/0/stats/latency_ms/mean", "runs[0].stats.latency_ms.mean"},
      {"/runs/0/stats/latency_ms/count", "runs[0].stats.latency_ms.count"},
      {"/runs/0/stats/throughput/fps", "runs[0].stats.throughput.fps"},
      {"/runs/1/warnings", "runs[1].warnings"},
      // Added in 1.1: required in a 1.1 file.
      {"/runs/0/config/warmup_ms", "runs[0].config.warmup_ms"},
      {"/runs/1/config/duration_s", "runs[1].config.duration_s"},
      {"/runs/0/config/target_ci", "runs[0].config.target_ci"},
      {"/runs/0/config/max_duration_s", "runs[0].config.max_duration_s"},
      {"/runs/0/config/cuda_graph", "runs[0].config.cuda_graph"},
      {"/runs/0/config/sync", "runs[0].config.sync"},
      {"/runs/0/config/transfers", "runs[0].config.transfers"},
      {"/runs/0/config/streams", "runs[0].config.streams"},
      {"/runs/0/samples/enqueue_ms", "runs[0].samples.enqueue_ms"},
      {"/runs/0/samples/h2d_ms", "runs[0].samples.h2d_ms"},
      {"/runs/0/samples/compute_ms", "runs[0].samples.compute_ms"},
      {"/runs/1/samples/d2h_ms", "runs[1].samples.d2h_ms"},
      {"/runs/1/samples/stream", "runs[1].samples.stream"},
      {"/runs/0/samples/warmup_iterations", "runs[0].samples.warmup_iterations"},
      {"/runs/0/samples/warmup_wall_s", "runs[0].samples.warmup_wall_s"},
      {"/runs/0/stopped_by", "runs[0].stopped_by"},
      {"/runs/0/stats/latency_ms/ci95", "runs[0].stats.latency_ms.ci95"},
      {"/runs/0/stats/latency_ms/ci95/p50/lower", "runs[0].stats.latency_ms.ci95.p50.lower"},
      {"/runs/0/stats/latency_ms/ci95/p99/available", "runs[0].stats.latency_ms.ci95.p99.available"},
      {"/runs/0/stats/latency_ms/ci95/p99/confidence", "runs[0].stats.latency_ms.ci95.p99.confidence"},
      {"/runs/0/stats/h2d_ms/mean", "runs[0].stats.h2d_ms.mean"},
      {"/runs/0/stats/breakdown/gap_ms", "runs[0].stats.breakdown.gap_ms"},
      {"/runs/0/startup", "runs[0].startup"},
      {"/runs/0/startup/first_inference_ms", "runs[0].startup.first_inference_ms"},
      {"/runs/1/device_memory", "runs[1].device_memory"},
      {"/runs/0/device_memory/run_bytes", "runs[0].device_memory.run_bytes"},
  };
  for (const auto& [pointer, path] : cases) {
    json broken = valid;
    const json::json_pointer where(pointer);
    broken.at(where.parent_pointer()).erase(where.back());
    EXPECT_EQ(input_error_message(broken), "result file: missing key '" + path + "'") << pointer;
  }
}

TEST(ResultJson, WrongTypesAndValues) {
  const json valid = to_json(full_result());
  const std::vector<std::pair<std::string, json>> cases = {
      {"/schema_version", 1},
      {"/schema_version", "2.0.0"},
      {"/schema_version", "1"},
      {"/interrupted", "no"},
      {"/environment", json::array()},
      {"/environment/host", nullptr},
      {"/environment/cpu_cores", -1},
      {"/environment/cpu_cores", 1.5},
      {"/environment/cpu_cores", 5'000'000'000ULL},
      {"/environment/command_line", "inferbench run"},
      {"/environment/command_line/0", 7},
      {"/environment/gpus/0", "H100"},
      {"/environment/gpus/0/index", 3'000'000'000LL},
      {"/environment/gpus/0/total_memory_bytes", -1},
      {"/environment/cuda_driver_version", 13.0},
      {"/runs", json::object()},
      {"/runs/0", 5},
      {"/runs/0/status", "done"},
      {"/runs/0/error", false},
      {"/runs/0/model/size_bytes", -5},
      {"/runs/0/model/size_bytes", "100"},
      {"/runs/0/model/mtime", 0},
      {"/runs/0/model/inputs/0/dtype", "float128"},
      {"/runs/0/model/inputs/0/shape", "8x3"},
      {"/runs/0/model/inputs/0/shape/0", "8"},
      {"/runs/0/model/inputs/0/shape/0", 8.5},
      {"/runs/0/config/iterations", "100"},
      {"/runs/0/config/warmup", 1e30},
      {"/runs/0/config/batch", std::numeric_limits<std::uint64_t>::max()},
      {"/runs/0/config/shapes", json::array()},
      {"/runs/0/config/shapes/pixels/1", nullptr},
      {"/runs/0/config/percentiles/0", 101},
      {"/runs/0/config/percentiles/0", -1},
      {"/runs/0/config/percentiles/0", nullptr},
      {"/runs/0/config/percentiles/0", std::numeric_limits<double>::quiet_NaN()},
      {"/runs/0/samples/latency_ms/0", "1.0"},
      {"/runs/0/samples/timed_wall_s", true},
      {"/runs/0/stats", 1},
      {"/runs/0/stats/latency_ms", json::array()},
      {"/runs/0/stats/latency_ms/p50", "1.0"},
      {"/runs/0/stats/latency_ms/count", -3},
      {"/runs/0/stats/throughput", "fast"},
      {"/runs/0/warnings", "one"},
      {"/runs/0/warnings/0", nullptr},
      // Added in 1.1.
      {"/runs/0/config/warmup_ms", "500"},
      {"/runs/0/config/warmup_ms", -1},
      {"/runs/0/config/duration_s", true},
      {"/runs/0/config/target_ci", -0.01},
      {"/runs/0/config/max_duration_s", json::array()},
      {"/runs/0/config/cuda_graph", "yes"},
      {"/runs/0/config/cuda_graph", nullptr},
      {"/runs/0/config/sync", 1},
      {"/runs/0/config/transfers", 0},
      {"/runs/0/config/streams", -1},
      {"/runs/0/config/streams", 0},
      {"/runs/0/config/streams", 1.5},
      {"/runs/0/config/streams", "2"},
      {"/runs/0/samples/enqueue_ms", "0.1"},
      {"/runs/0/samples/enqueue_ms", nullptr},
      {"/runs/0/samples/h2d_ms/0", "0.25"},
      {"/runs/0/samples/stream", 0},
      {"/runs/0/samples/stream/0", -1},
      {"/runs/0/samples/stream/0", 2},  // config.streams is 2
      {"/runs/0/samples/stream/0", 0.5},
      {"/runs/0/samples/stream/0", nullptr},
      {"/runs/0/samples/warmup_iterations", -1},
      {"/runs/0/samples/warmup_iterations", 2.5},
      {"/runs/0/samples/warmup_wall_s", "0.1"},
      {"/runs/0/stopped_by", 3},
      {"/runs/0/stopped_by", nullptr},
      {"/runs/0/stats/latency_ms/ci95", json::array()},
      {"/runs/0/stats/latency_ms/ci95", nullptr},
      {"/runs/0/stats/latency_ms/ci95/p50", 1.125},
      {"/runs/0/stats/latency_ms/ci95/p50/lower", "1"},
      {"/runs/0/stats/latency_ms/ci95/p50/available", "yes"},
      {"/runs/0/stats/latency_ms/ci95/p50/confidence", 1.5},
      {"/runs/0/stats/latency_ms/ci95/p50/confidence", 0},
      {"/runs/0/stats/latency_ms/ci95/p50/confidence", nullptr},
      {"/runs/0/stats/latency_ms/ci95/median",
       json{{"lower", 1}, {"upper", 2}, {"available", true}, {"confidence", 0.95}}},
      {"/runs/0/stats/latency_ms/ci95/p101",
       json{{"lower", 1}, {"upper", 2}, {"available", true}, {"confidence", 0.95}}},
      {"/runs/0/stats/enqueue_ms", json::array()},
      {"/runs/0/stats/enqueue_ms", 0.05},
      {"/runs/0/stats/compute_ms/count", -1},
      {"/runs/0/stats/d2h_ms/p50", "0.0625"},
      {"/runs/0/stats/breakdown", "small"},
      {"/runs/0/stats/breakdown/gap_ms", "0.1"},
      {"/runs/0/startup", "fast"},
      {"/runs/0/startup/load_ms", "812"},
      {"/runs/0/device_memory", 1},
      {"/runs/0/device_memory/total_bytes", -1},
      {"/runs/0/device_memory/model_bytes", 1.5},
      {"/runs/0/device_memory/run_bytes", std::numeric_limits<std::uint64_t>::max()},
  };
  for (const auto& [pointer, value] : cases) {
    json broken = valid;
    broken[json::json_pointer(pointer)] = value;
    const std::string message = input_error_message(broken);
    EXPECT_TRUE(message.starts_with("result file: ")) << pointer << " = " << value.dump() << ": " << message;
  }
  EXPECT_EQ(input_error_message(json::array()), "result file: the top level must be a JSON object");
  EXPECT_EQ(input_error_message(json("text")), "result file: the top level must be a JSON object");
}

TEST(ResultJson, MessagesNameThePlace) {
  json broken = to_json(full_result());
  broken["runs"][0]["config"]["iterations"] = "100";
  EXPECT_EQ(input_error_message(broken), "result file: 'runs[0].config.iterations' must be an integer");
  broken = to_json(full_result());
  broken["runs"][0]["model"]["outputs"][1]["dtype"] = "complex64";
  EXPECT_NE(input_error_message(broken).find("'runs[0].model.outputs[1].dtype': unknown dtype 'complex64'"),
            std::string::npos)
      << input_error_message(broken);
  broken = to_json(full_result());
  broken["schema_version"] = "2.0.0";
  EXPECT_EQ(input_error_message(broken),
            "result file: schema_version '2.0.0' is not supported (this inferbench reads 1.x.x)");
}

TEST(ResultJson, StageSeriesMustLineUpWithLatency) {
  json broken = to_json(full_result());
  broken["runs"][0]["samples"]["h2d_ms"].erase(0);
  EXPECT_EQ(input_error_message(broken),
            "result file: 'runs[0].samples.h2d_ms' has 5 values, but breakdown_latency_ms has 6 (must be "
            "equal, or none)");
  broken = to_json(full_result());
  broken["runs"][0]["samples"]["compute_ms"].push_back(1.0);
  EXPECT_EQ(input_error_message(broken),
            "result file: 'runs[0].samples.compute_ms' has 7 values, but breakdown_latency_ms has 6 (must be "
            "equal, "
            "or none)");
  broken = to_json(full_result());
  broken["runs"][0]["samples"]["stream"].erase(5);
  EXPECT_EQ(
      input_error_message(broken),
      "result file: 'runs[0].samples.stream' has 5 values, but latency_ms has 6 (must be equal, or none)");
  // Empty series are fine: a CPU run has no event timings, and a single stream no stream indices.
  json cpu = to_json(full_result());
  for (const char* key : {"h2d_ms", "compute_ms", "d2h_ms", "stream"})
    cpu["runs"][0]["samples"][key] = json::array();
  cpu["runs"][0]["config"]["streams"] = 1;
  const Result back = result_from_json(cpu);
  EXPECT_TRUE(back.runs[0].samples.h2d_ms.empty());
  EXPECT_EQ(back.runs[0].samples.enqueue_ms.size(), 6u);
}

TEST(ResultJson, MessagesForThe11Keys) {
  json broken = to_json(full_result());
  broken["runs"][0]["stats"]["latency_ms"]["ci95"]["median"] =
      broken["runs"][0]["stats"]["latency_ms"]["ci95"]["p50"];
  EXPECT_EQ(input_error_message(broken),
            "result file: 'runs[0].stats.latency_ms.ci95.median': the key must be a percentile such as p99");
  broken = to_json(full_result());
  broken["runs"][0]["config"]["streams"] = -2;
  EXPECT_EQ(input_error_message(broken), "result file: 'runs[0].config.streams' must be at least 1");
  broken = to_json(full_result());
  broken["runs"][0]["samples"]["stream"][3] = 2;
  EXPECT_EQ(input_error_message(broken),
            "result file: 'runs[0].samples.stream[3]' must be a stream index from 0 to config.streams - 1");
  broken = to_json(full_result());
  broken["runs"][0]["config"]["cuda_graph"] = "yes";
  EXPECT_EQ(input_error_message(broken), "result file: 'runs[0].config.cuda_graph' must be true or false");
  broken = to_json(full_result());
  broken["runs"][0]["config"]["warmup_ms"] = -5;
  EXPECT_EQ(input_error_message(broken), "result file: 'runs[0].config.warmup_ms' must not be negative");
  broken = to_json(full_result());
  broken["runs"][0]["stats"]["latency_ms"]["ci95"]["p99"]["confidence"] = 95;
  EXPECT_EQ(input_error_message(broken),
            "result file: 'runs[0].stats.latency_ms.ci95.p99.confidence' must be a number between 0 and 1");
  broken = to_json(full_result());
  broken["runs"][0]["device_memory"]["total_bytes"] = -1;
  EXPECT_EQ(input_error_message(broken),
            "result file: 'runs[0].device_memory.total_bytes' must be a non-negative integer");
}

TEST(ResultJson, RoundTripWithThe11FieldsEmpty) {
  Result result = full_result();
  ib::result::Run& run = result.runs[0];
  run.config.warmup_ms.reset();
  run.config.duration_s.reset();
  run.config.target_ci.reset();
  run.config.max_duration_s.reset();
  run.config.cuda_graph = false;
  run.config.sync = "auto";
  run.config.transfers = false;
  run.config.streams = 1;
  run.samples.enqueue_ms.clear();
  run.samples.breakdown_latency_ms.clear();
  run.samples.h2d_ms.clear();
  run.samples.compute_ms.clear();
  run.samples.d2h_ms.clear();
  run.samples.stream.clear();
  run.samples.warmup_iterations = 0;
  run.samples.warmup_wall_s = 0;
  run.latency_intervals.clear();
  run.stages.clear();
  run.breakdown.reset();
  run.stopped_by = "iterations";
  run.startup.reset();
  run.device_memory.reset();
  run.telemetry.reset();
  run.telemetry_summary.reset();
  run.process.reset();
  run.quality.reset();
  result.environment.nvml.reset();
  EXPECT_EQ(parse_result(serialize_result(result)), result);
  EXPECT_EQ(result_from_json(to_json(result)), result);
  const json j = to_json(result);
  EXPECT_EQ(j["runs"][0]["stats"]["latency_ms"]["ci95"], json::object());
  EXPECT_FALSE(j["runs"][0]["stats"].contains("breakdown"));
  EXPECT_EQ(j["runs"][0]["stats"].size(), 3u);  // latency_ms, throughput, method

  // Stages or a breakdown alone still make a stats object.
  Result stages_only = result;
  stages_only.runs[0].latency.reset();
  stages_only.runs[0].throughput.reset();
  stages_only.runs[0].stages = full_result().runs[0].stages;
  stages_only.runs[0].breakdown = full_result().runs[0].breakdown;
  EXPECT_EQ(parse_result(serialize_result(stages_only)), stages_only);
  EXPECT_EQ(result_from_json(to_json(stages_only)), stages_only);
}

TEST(ResultJson, IntervalAndStageOrder) {
  Result result = full_result();
  ib::result::Run& run = result.runs[0];
  run.latency_intervals = {PercentileInterval{99.9, 0.95, false, 0, 0},
                           PercentileInterval{5, 0.9, true, 1, 1.25},
                           PercentileInterval{50, 0.95, true, 1.125, 2.0}};
  std::swap(run.stages[0], run.stages[3]);  // d2h, h2d, compute, enqueue
  // Text keeps the written order exactly.
  EXPECT_EQ(parse_result(serialize_result(result)), result);
  // The object API has lost it: intervals by ascending p, stages in the runner's order.
  const Result back = result_from_json(to_json(result));
  std::vector<double> ps;
  for (const PercentileInterval& interval : back.runs[0].latency_intervals) ps.push_back(interval.p);
  EXPECT_EQ(ps, (std::vector<double>{5, 50, 99.9}));
  EXPECT_EQ(back.runs[0].latency_intervals[0], run.latency_intervals[1]);
  std::vector<std::string> names;
  for (const StageSummary& stage : back.runs[0].stages) names.push_back(stage.name);
  EXPECT_EQ(names, (std::vector<std::string>{"enqueue_ms", "h2d_ms", "compute_ms", "d2h_ms"}));
}

TEST(ResultJson, StageNamesTheFormatCannotHoldAreRefusedOnWrite) {
  for (const std::string name : {"latency_ms", "throughput", "enqueue", "_ms", "h2d_ms"}) {
    Result result = full_result();
    // "h2d_ms" is already a stage of this run: a second one would overwrite it.
    result.runs[0].stages.push_back(StageSummary{name, result.runs[0].stages[0].summary});
    EXPECT_THROW((void)serialize_result(result), std::invalid_argument) << name;
    EXPECT_THROW((void)to_json(result), std::invalid_argument) << name;
  }
  // Another *_ms series (a newer runner's) round-trips like the known four.
  Result result = full_result();
  result.runs[0].stages.push_back(StageSummary{"launch_ms", result.runs[0].stages[0].summary});
  EXPECT_EQ(parse_result(serialize_result(result)), result);
  EXPECT_EQ(result_from_json(to_json(result)), result);
}

// A schema 1.0.0 file: the example of docs/result-schema.md as of 1.0.0, its run marked interrupted.
// clang-format off
constexpr const char* kVersion100 = R"doc({
  "schema_version": "1.0.0",
  "interrupted": true,
  "environment": {
    "host": "bench-01", "cpu_model": "AMD EPYC 9654 96-Core Processor", "cpu_cores": 192,
    "os": "Debian GNU/Linux 12 (bookworm)", "kernel": "6.1.0-18-amd64 x86_64", "compiler": "g++ 12.2.0",
    "inferbench_version": "0.1.0", "git_sha": "0123456789ab",
    "command_line": ["inferbench", "run", "--model", "resnet50.pt", "--batch", "8"],
    "timestamp_utc": "2026-11-22T23:01:02Z",
    "gpus": [{"index": 0, "name": "NVIDIA H100 80GB HBM3", "total_memory_bytes": 85520809984,
              "compute_capability": "9.0"}],
    "cuda_driver_version": "13.0", "cuda_runtime_version": "13.0", "gpu_driver_version": "580.65.06",
    "backends": [{"name": "libtorch", "version": "2.11.0"}]
  },
  "runs": [{
    "name": "resnet50-b8", "backend": "libtorch", "device": "cuda:0", "status": "interrupted", "error": null,
    "model": {"path": "resnet50.pt", "size_bytes": 102554123, "sha256": "ba7816bf15ad",
              "mtime": "2026-11-01T10:00:00Z",
              "inputs": [{"name": "pixels", "dtype": "fp32", "shape": [8, 3, 224, 224]}],
              "outputs": [{"name": "logits", "dtype": "fp32", "shape": [8, 1000]}]},
    "config": {"warmup": 10, "iterations": 4, "batch": 8, "dtype": "fp32",
               "shapes": {"pixels": [8, 3, 224, 224]}, "percentiles": [50, 99]},
    "samples": {"latency_ms": [2.0, 2.5, 2.25, 3.25], "timed_wall_s": 0.0101},
    "stats": {
      "latency_ms": {"count": 4, "mean": 2.5, "std": 0.46770717334674267, "cv": 0.18708286933869706,
                     "min": 2.0, "max": 3.25, "median": 2.375, "p50": 2.375, "p99": 3.2275},
      "throughput": {"fps": 3200.0, "inferences_per_s": 3168.3168316831684},
      "method": {"percentile": "linear", "std": "population", "fps": "batch * 1000 / mean latency_ms",
                 "inferences_per_s": "count * batch / timed_wall_s"}
    },
    "warnings": ["too few samples for p99 (4 < 100)"]
  }]
}
)doc";
// clang-format on

void expect_11_defaults(const ib::result::Run& run) {
  const RunConfig defaults;
  EXPECT_EQ(run.config.warmup_ms, defaults.warmup_ms);
  EXPECT_EQ(run.config.duration_s, defaults.duration_s);
  EXPECT_EQ(run.config.target_ci, defaults.target_ci);
  EXPECT_EQ(run.config.max_duration_s, defaults.max_duration_s);
  EXPECT_EQ(run.config.cuda_graph, defaults.cuda_graph);
  EXPECT_EQ(run.config.sync, defaults.sync);
  EXPECT_EQ(run.config.transfers, defaults.transfers);
  EXPECT_EQ(run.config.streams, defaults.streams);
  EXPECT_TRUE(run.samples.enqueue_ms.empty());
  EXPECT_TRUE(run.samples.h2d_ms.empty());
  EXPECT_TRUE(run.samples.compute_ms.empty());
  EXPECT_TRUE(run.samples.d2h_ms.empty());
  EXPECT_TRUE(run.samples.stream.empty());
  EXPECT_EQ(run.samples.warmup_iterations, 0);
  EXPECT_EQ(run.samples.warmup_wall_s, 0.0);
  EXPECT_TRUE(run.latency_intervals.empty());
  EXPECT_TRUE(run.stages.empty());
  EXPECT_FALSE(run.breakdown.has_value());
  EXPECT_EQ(run.stopped_by, ib::result::Run{}.stopped_by);
  EXPECT_FALSE(run.startup.has_value());
  EXPECT_FALSE(run.device_memory.has_value());
}

TEST(ResultJson, Version100FilesReadWithDefaults) {
  for (const Result& result : {parse_result(kVersion100), result_from_json(json::parse(kVersion100))}) {
    EXPECT_EQ(result.schema_version, "1.0.0");
    EXPECT_TRUE(result.interrupted);
    ASSERT_EQ(result.runs.size(), 1u);
    const ib::result::Run& run = result.runs[0];
    EXPECT_EQ(run.status, RunStatus::interrupted);
    EXPECT_EQ(run.config.iterations, 4);
    EXPECT_EQ(run.config.percentiles, (std::vector<double>{50, 99}));
    EXPECT_EQ(run.samples.latency_ms, (std::vector<double>{2.0, 2.5, 2.25, 3.25}));
    ASSERT_TRUE(run.latency.has_value());
    EXPECT_EQ(run.latency->median, 2.375);
    EXPECT_EQ(run.latency->percentiles.size(), 2u);
    ASSERT_TRUE(run.throughput.has_value());
    EXPECT_EQ(run.throughput->fps, 3200.0);
    expect_11_defaults(run);
    // Written again, it becomes a complete 1.1 file.
    Result rewritten = result;
    rewritten.schema_version = kSchemaVersion;
    EXPECT_EQ(parse_result(serialize_result(rewritten)), rewritten);
  }

  // A 1.1 document stripped of every 1.1 key reads as 1.0 (defaults), and fails as 1.1 (missing keys).
  json j = to_json(full_result());
  for (json& run : j["runs"]) {
    for (const char* key : {"warmup_ms", "duration_s", "target_ci", "max_duration_s", "cuda_graph", "sync",
                            "transfers", "streams"}) {
      run["config"].erase(key);
    }
    for (const char* key :
         {"enqueue_ms", "h2d_ms", "compute_ms", "d2h_ms", "stream", "warmup_iterations", "warmup_wall_s"}) {
      run["samples"].erase(key);
    }
    for (const char* key : {"stopped_by", "startup", "device_memory"}) run.erase(key);
    if (run.contains("stats")) {
      for (const char* key : {"enqueue_ms", "h2d_ms", "compute_ms", "d2h_ms", "breakdown"}) {
        run["stats"].erase(key);
      }
      run["stats"]["latency_ms"].erase("ci95");
    }
  }
  EXPECT_EQ(input_error_message(j), "result file: missing key 'runs[0].config.warmup_ms'");
  j["schema_version"] = "1.0.3";
  const Result old = result_from_json(j);
  for (const ib::result::Run& run : old.runs) expect_11_defaults(run);
  EXPECT_EQ(old.runs[0].latency, full_result().runs[0].latency);
  EXPECT_EQ(old.runs[0].samples.latency_ms, full_result().runs[0].samples.latency_ms);

  // In a 1.0 file the 1.1 keys are not required, but where present they are read and checked all the same.
  json partial = to_json(full_result());
  partial["schema_version"] = "1.0.0";
  partial["runs"][0]["config"].erase("sync");
  EXPECT_EQ(result_from_json(partial).runs[0].config.streams, 2);
  partial["runs"][0]["config"]["streams"] = 0;
  EXPECT_EQ(input_error_message(partial), "result file: 'runs[0].config.streams' must be at least 1");
}

TEST(ResultJson, MalformedText) {
  const std::string text = serialize_result(full_result());
  for (const std::string& bad :
       {std::string(), std::string("   "), text.substr(0, text.size() / 2), text.substr(0, text.size() - 3),
        std::string("{\"schema_version\": \"1.0.0\""), std::string("not json"), std::string("{} trailing")}) {
    const std::string message = text_error_message(bad);
    EXPECT_TRUE(message.starts_with("result file: not valid JSON (")) << message;
  }
  // A bare NaN (what some writers emit) is not JSON.
  std::string with_nan = text;
  const std::string wall = "\"timed_wall_s\": ";
  const std::size_t at = with_nan.find(wall) + wall.size();
  with_nan.replace(at, with_nan.find(',', at) - at, "NaN");
  EXPECT_TRUE(text_error_message(with_nan).starts_with("result file: not valid JSON (")) << with_nan;
  EXPECT_TRUE(text_error_message("{\"a\": Infinity}").starts_with("result file: not valid JSON ("));
  EXPECT_EQ(text_error_message("[]"), "result file: the top level must be a JSON object");
}

TEST(ResultJson, DeeplyNestedTextDoesNotCrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(text_error_message(deep), "result file: the top level must be a JSON object");
  const std::string unterminated(100000, '[');
  EXPECT_TRUE(text_error_message(unterminated).starts_with("result file: not valid JSON ("));
}

TEST(ResultJson, CorruptedTextGivesInputErrorOrAResultNeverACrash) {
  const std::string text = serialize_result(full_result());
  std::mt19937 random(12345);  // fixed seed: a failure reproduces
  std::uniform_int_distribution<std::size_t> position(0, text.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  int rejected = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string corrupted = text;
    for (int flips = 0; flips < 1 + trial % 4; ++flips) {
      corrupted[position(random)] = static_cast<char>(byte(random));
    }
    try {
      (void)parse_result(corrupted);
    } catch (const core::InputError&) {
      ++rejected;
    }  // any other exception escapes and fails the test
  }
  EXPECT_GT(rejected, 1000);
}

}  // namespace
}  // namespace ib::result

namespace ib::result {
namespace {

TEST(ResultJson, The12Keys) {
  const json j = to_json(full_result());
  const json& run = j.at("runs").at(0);
  EXPECT_EQ(run.at("telemetry").at("series").at(1),
            (json{{"name", "power"}, {"unit", "W"}, {"values", {310.5, 316.0, 322.25}}}));
  EXPECT_EQ(run.at("telemetry").at("clock_event_reasons"), (json{1, 0, 4}));
  EXPECT_EQ(run.at("stats").at("telemetry").at("metrics").at("gpu_util"),
            (json{{"unit", "%"}, {"count", 3}, {"mean", 98.0}, {"min", 97.0}, {"max", 99.0}}));
  EXPECT_EQ(run.at("stats").at("process").at("peak_rss_bytes"), 1'234'567'890ULL);
  EXPECT_EQ(run.at("quality").at("ground_truth").at("mode"), "dataset");
  EXPECT_EQ(run.at("quality").at("vs_reference").at("reference"), "vits_fp32");
  EXPECT_EQ(j.at("environment").at("nvml").at("gpus").at(0).at("pcie_generation"), 5);
  EXPECT_TRUE(j.at("environment").at("nvml").at("gpus").at(0).at("pcie_max_width").is_null());

  // A 1.1 file has none of them: they read as absent.
  json old = j;
  old["schema_version"] = "1.1.0";
  old["environment"].erase("nvml");
  old["runs"][0].erase("telemetry");
  old["runs"][0].erase("quality");
  old["runs"][0]["stats"].erase("telemetry");
  old["runs"][0]["stats"].erase("process");
  const Result back = result_from_json(old);
  EXPECT_FALSE(back.environment.nvml.has_value());
  EXPECT_FALSE(back.runs[0].telemetry.has_value());
  EXPECT_FALSE(back.runs[0].telemetry_summary.has_value());
  EXPECT_FALSE(back.runs[0].process.has_value());
  EXPECT_FALSE(back.runs[0].quality.has_value());
}

TEST(ResultJson, TelemetryGapsAreNullAndReadBackAsNaN) {
  Result result = full_result();
  result.runs[0].telemetry->series[1].values[1] = std::numeric_limits<double>::quiet_NaN();
  const std::string text = serialize_result(result);
  const Result back = parse_result(text);
  const std::vector<double>& power = back.runs[0].telemetry->series[1].values;
  ASSERT_EQ(power.size(), 3u);
  EXPECT_EQ(power[0], 310.5);
  EXPECT_TRUE(std::isnan(power[1]));
  EXPECT_EQ(power[2], 322.25);
}

TEST(ResultJson, MessagesForThe12Keys) {
  const json valid = to_json(full_result());
  json j = valid;
  j["runs"][0]["telemetry"]["series"][0]["values"] = {1, 2};
  EXPECT_EQ(input_error_message(j),
            "result file: 'runs[0].telemetry.series[0].values' has 2 values, but time_s has 3");
  j = valid;
  j["runs"][0]["telemetry"]["clock_event_reasons"] = {1};
  EXPECT_EQ(input_error_message(j),
            "result file: 'runs[0].telemetry.clock_event_reasons' must have one value per sample (or none)");
  j = valid;
  j["runs"][0]["quality"]["ground_truth"]["mode"] = "video";
  EXPECT_EQ(input_error_message(j),
            "result file: 'runs[0].quality.ground_truth.mode' must be \"single-image\" or \"dataset\"");
  j = valid;
  j["runs"][0]["quality"]["vs_reference"].erase("mae");
  EXPECT_EQ(input_error_message(j), "result file: missing key 'runs[0].quality.vs_reference.mae'");
  j = valid;
  j["runs"][0]["stats"]["process"]["peak_rss_bytes"] = -1;
  EXPECT_EQ(input_error_message(j),
            "result file: 'runs[0].stats.process.peak_rss_bytes' must be a non-negative integer");
  j = valid;
  j["environment"]["nvml"]["gpus"][0]["ecc_enabled"] = "yes";
  EXPECT_EQ(input_error_message(j),
            "result file: 'environment.nvml.gpus[0].ecc_enabled' must be true or false");
}

TEST(ResultJson, WarningsAreWrittenAsKindValuesAndMessage) {
  const json j = to_json(full_result());
  const json& warnings = j.at("runs").at(0).at("warnings");
  EXPECT_EQ(
      warnings.at(0),
      (json{{"kind", "too_few_samples"},
            {"values", {{"needed", 100}, {"percentile", 99}, {"samples", 6}}},
            {"message",
             "only 6 samples: p99 needs at least 100 to say anything about the tail; raise --iterations"}}));
  EXPECT_EQ(warnings.at(1).at("values"), (json{{"after_mhz", 1890},
                                               {"before_mhz", 2000},
                                               {"fraction", 0.055},
                                               {"note", "a value the kind does not use is kept"}}));
  EXPECT_EQ(
      warnings.at(2),
      (json{{"kind", "legacy"}, {"values", {{"text", "cv 19% above 5%"}}}, {"message", "cv 19% above 5%"}}));
  // Through text and back: the same kinds and values.
  const Result back = parse_result(serialize_result(full_result()));
  EXPECT_EQ(back.runs[0].warnings, full_result().runs[0].warnings);
}

// 1.3 files predate the framework's setup: it was part of the load, so it reads as 0.
TEST(ResultJson, Version13FilesReadWithoutTheFrameworksSetup) {
  json old = to_json(full_result());
  old["schema_version"] = "1.3.0";
  old["runs"][0]["startup"].erase("framework_init_ms");
  old["runs"][0]["device_memory"].erase("framework_bytes");
  const Result back = parse_result(old.dump());
  EXPECT_EQ(back.runs[0].startup->framework_init_ms, 0.0);
  EXPECT_EQ(back.runs[0].startup->load_ms, 812.5);
  EXPECT_EQ(back.runs[0].device_memory->framework_bytes, 0);
  EXPECT_EQ(back.runs[0].device_memory->model_bytes, 204'800'000);
  EXPECT_EQ(parse_result(serialize_result(full_result())).runs[0].device_memory->framework_bytes, 230'686'720);
}

// 1.5: a backend's own load steps, written only where it timed some; older files (and other backends) have
// none.
TEST(ResultJson, LoadStepsAreWrittenOnlyWhereTheBackendTimedThem) {
  Result with_steps = full_result();
  with_steps.runs[0].startup->load_steps = {{"runtime", 412.5}, {"read", 3.25}, {"deserialize", 390.0}};
  const json j = to_json(with_steps);
  EXPECT_EQ(j["runs"][0]["startup"].at("load_steps"),
            (json{{{"name", "runtime"}, {"ms", 412.5}},
                  {{"name", "read"}, {"ms", 3.25}},
                  {{"name", "deserialize"}, {"ms", 390.0}}}));
  EXPECT_EQ(parse_result(serialize_result(with_steps)), with_steps);
  EXPECT_FALSE(to_json(full_result())["runs"][0]["startup"].contains("load_steps"));

  json old = to_json(full_result());
  old["schema_version"] = "1.4.0";
  EXPECT_TRUE(parse_result(old.dump()).runs[0].startup->load_steps.empty());

  json bad = j;
  bad["runs"][0]["startup"]["load_steps"][1].erase("ms");
  try {
    (void)parse_result(bad.dump());
    ADD_FAILURE() << "a step without ms was accepted";
  } catch (const core::InputError& error) {
    EXPECT_NE(std::string(error.what()).find("runs[0].startup.load_steps[1].ms"), std::string::npos)
        << error.what();
  }
}

TEST(ResultJson, AFailedRunKeepsItsErrorsKind) {
  Result failed = full_result();
  failed.runs[0].status = RunStatus::failed;
  failed.runs[0].error = "the device ran dry";
  failed.runs[0].error_kind = core::ErrorKind::out_of_memory;
  const json j = to_json(failed);
  EXPECT_EQ(j["runs"][0]["error_kind"], "out_of_memory");
  EXPECT_EQ(parse_result(serialize_result(failed)), failed);
  EXPECT_FALSE(to_json(full_result())["runs"][0].contains("error_kind"));  // written for failed runs only

  json newer = j;
  newer["runs"][0]["error_kind"] = "cosmic_ray";  // a kind of a later minor version
  EXPECT_EQ(parse_result(newer.dump()).runs[0].error_kind, core::ErrorKind::run_failed);
  json old = to_json(full_result());
  old["schema_version"] = "1.4.0";
  EXPECT_EQ(parse_result(old.dump()).runs[0].error_kind, std::nullopt);
}

TEST(ResultJson, Version12StringWarningsReadAsLegacy) {
  json old = to_json(full_result());
  old["schema_version"] = "1.2.0";
  old["runs"][0]["warnings"] = {
      "only 6 samples: p99 needs at least 100 to say anything about the tail; "
      "raise --iterations",
      "cv 19% above 5%"};
  for (const Result& back : {result_from_json(old), parse_result(old.dump())}) {
    const auto& warnings = back.runs[0].warnings;
    ASSERT_EQ(warnings.size(), 2u);
    EXPECT_EQ(warnings[1], legacy_warning("cv 19% above 5%"));
    EXPECT_EQ(warnings[0].kind, WarningKind::legacy);
    EXPECT_EQ(warning_text(warnings[0]),
              "only 6 samples: p99 needs at least 100 to say anything about the tail; raise --iterations");
  }
  // Written again, a legacy warning keeps its sentence as the message.
  const json again = to_json(result_from_json(old));
  EXPECT_EQ(again.at("runs").at(0).at("warnings").at(1).at("message"), "cv 19% above 5%");
}

TEST(ResultJson, AWarningOfAnUnknownKindKeepsItsMessage) {
  json newer = to_json(full_result());
  newer["runs"][0]["warnings"] = json::array(
      {{{"kind", "from_the_future"}, {"values", {{"x", 1}}}, {"message", "a newer inferbench said this"}}});
  const Result back = result_from_json(newer);
  ASSERT_EQ(back.runs[0].warnings.size(), 1u);
  EXPECT_EQ(back.runs[0].warnings[0], legacy_warning("a newer inferbench said this"));
  newer["runs"][0]["warnings"][0].erase("message");
  EXPECT_EQ(input_error_message(newer), "result file: missing key 'runs[0].warnings[0].message'");
}

}  // namespace
}  // namespace ib::result
