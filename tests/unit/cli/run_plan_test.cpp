// argv -> the typed plan (inferbench/spec.hpp), or argv -> the one error line: the CLI's parser and the plan
// layer together, with no file opened and no device asked.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "cli/options.hpp"
#include "inferbench/errors.hpp"
#include "inferbench/run.hpp"
#include "plan/run_checks.hpp"
#include "plan/run_plan.hpp"
#include "result/warning_text.hpp"

namespace {

using ib::RunSpec;
using ib::cli::RunOptions;

RunOptions run_options(std::vector<std::string> args) {
  args.insert(args.begin(), {"inferbench", "run"});
  std::ostringstream out, err;
  ib::cli::ParsedCommand command = ib::cli::parse_args(args, out, err);
  EXPECT_TRUE(std::holds_alternative<RunOptions>(command)) << err.str();
  return std::get<RunOptions>(command);
}

ib::Plan plan_of(const std::vector<std::string>& args) {
  return ib::plan::make_run_plan(run_options(args), ib::default_registry(), std::uint64_t{1} << 30);
}

// The error line the plan gives for `args`, or "" when it accepts them.
std::string plan_error(const std::vector<std::string>& args) {
  try {
    (void)plan_of(args);
  } catch (const ib::core::Error& e) {
    return e.what();
  }
  return "";
}

TEST(RunPlan, FlagsBecomeTypedSpecs) {
  const ib::Plan plan = plan_of({"--model", "fake:a", "--model", "fake:b@fp16", "--dtype", "fp32,bf16",
                                 "--duration", "2.5", "--warmup-ms", "200", "--percentiles", "50 99.9",
                                 "--sync", "spin", "--telemetry", "concurrent", "--no-breakdown",
                                 "--device", "cuda:1", "--shape", "x:2x3", "--output-dir", "out"});
  ASSERT_EQ(plan.runs.size(), 3u);  // fake:a at each --dtype, fake:b at its own
  EXPECT_EQ(plan.runs[0].name, "fake:a@fp32");
  EXPECT_EQ(plan.runs[1].name, "fake:a@bf16");
  EXPECT_EQ(plan.runs[2].name, "fake:b@fp16");
  EXPECT_EQ(plan.runs[1].dtype, ib::core::DType::bf16);
  EXPECT_EQ(plan.output_dir, "out");
  for (const RunSpec& spec : plan.runs) {
    EXPECT_EQ(spec.backend, "fake");
    EXPECT_EQ(spec.stop.kind, ib::StopRule::Kind::duration);
    EXPECT_EQ(spec.stop.duration_s, 2.5);
    EXPECT_EQ(spec.warmup.ms, 200.0);
    EXPECT_EQ(spec.percentiles, (std::vector<double>{50, 99.9}));
    EXPECT_EQ(spec.sync, ib::SyncMode::spin);
    EXPECT_EQ(spec.telemetry, ib::TelemetryMode::concurrent);
    EXPECT_FALSE(spec.breakdown);
    ASSERT_TRUE(spec.device.has_value());
    EXPECT_EQ(*spec.device, (ib::core::DeviceSpec{ib::core::DeviceKind::cuda, 1}));
    ASSERT_EQ(spec.shapes.size(), 1u);
    EXPECT_EQ(spec.shapes[0].input_name, "x");
    // Several runs: a quality pass compares them with the first.
    ASSERT_TRUE(spec.quality.has_value());
    EXPECT_FALSE(spec.quality->save_output);
  }
}

TEST(RunPlan, DefaultsAndTheStopRules) {
  const RunSpec counted = plan_of({"--model", "fake:a"}).runs.at(0);
  EXPECT_EQ(counted.stop.kind, ib::StopRule::Kind::iterations);
  EXPECT_EQ(counted.stop.iterations, ib::plan::kDefaultIterations);
  EXPECT_EQ(counted.warmup.iterations, ib::plan::kDefaultWarmup);
  EXPECT_FALSE(counted.device.has_value());  // auto
  EXPECT_FALSE(counted.quality.has_value());  // one run, nothing asked
  EXPECT_EQ(counted.percentiles, (std::vector<double>{50, 90, 95, 99}));

  const RunSpec stable = plan_of({"--model", "fake:a", "--until-stable", "--target-ci", "2", "--max-duration", "9"}).runs.at(0);
  EXPECT_EQ(stable.stop.kind, ib::StopRule::Kind::stable);
  EXPECT_DOUBLE_EQ(stable.stop.target, 0.02);
  EXPECT_EQ(stable.stop.max_duration_s, 9.0);

  const RunSpec sized = plan_of({"--model", "fake:a", "--imgsz", "64", "--batch", "2", "--ch", "1"}).runs.at(0);
  ASSERT_EQ(sized.shapes.size(), 1u);
  EXPECT_EQ(sized.shapes[0].shape, (ib::core::Shape{2, 1, 64, 64}));
}

TEST(RunPlan, ImagesAndGroundTruthBecomeAQualitySpec) {
  const RunSpec spec = plan_of({"--model", "fake:a", "--image", "in.png", "--gt", "gt.npy", "--mean", "0.5,0.5,0.5",
                                "--no-median-scaling", "--max-depth", "80"}).runs.at(0);
  ASSERT_TRUE(spec.image.has_value());
  EXPECT_EQ(spec.image->file, "in.png");
  EXPECT_EQ(spec.image->mean, (std::array<float, 3>{0.5f, 0.5f, 0.5f}));
  ASSERT_TRUE(spec.quality.has_value());
  EXPECT_TRUE(spec.quality->save_output);  // an image's output map is saved
  EXPECT_EQ(spec.quality->ground_truth.file, "gt.npy");
  EXPECT_FALSE(spec.quality->ground_truth.median_scaling);
  EXPECT_EQ(spec.quality->ground_truth.max_depth, 80.0);
}

TEST(RunPlan, BadOrConflictingFlagsGiveOneLine) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> table{
      {{"--model", "fake:a"}, ""},
      {{}, "nothing to benchmark: give --model FILE (or --engines FILE), or --demo"},
      {{"--model", "fake:a", "--sync", "busy"}, "bad --sync 'busy' (expected auto, block, spin or yield)"},
      {{"--model", "fake:a", "--dtype", "fp8"},
       "unknown dtype 'fp8' (expected fp32, fp16, bf16, fp64, int8, uint8, int32, int64 or bool)"},
      {{"--model", "fake:a", "--mean", "1,2"}, "bad --mean '1,2' (expected three numbers, e.g. 0.5,0.5,0.5)"},
      {{"--model", "fake:a", "--gt", "gt.npy"}, "--gt scores the output for --image: give --image too"},
      {{"--model", "fake:a", "--metric-images-dir", "imgs"},
       "dataset mode needs both --metric-images-dir and --metric-gt-dir"},
      {{"--model", "fake:a", "--no-transfers", "--save-outputs"},
       "--gt, --metric-*-dir, --save-outputs and --output-name read the outputs back: drop --no-transfers"},
      {{"--model", "fake:a@int4"}, "--model fake:a@int4: unknown precision '@int4' (expected @fp32, @fp16 or @bf16)"},
      {{"--model", "m.unknown-extension"},
       "no backend recognises the file name 'm.unknown-extension'; choose one with --backend"},
      {{"--demo", "--backend", "fake"}, "--demo runs on the libtorch backend only"},
      {{"--model", "fake:a", "--imgsz", "40000"}, "--input-size must be between 1 and 32768"},
      {{"--model", "fake:a", "--gt-scale", "0", "--image", "x.png"}, "--gt-scale must be a positive number (got 0)"},
  };
  for (const auto& [args, expected] : table) {
    std::string joined;
    for (const auto& arg : args) joined += arg + " ";
    EXPECT_EQ(plan_error(args), expected) << joined;
  }
}

// check_run_options on the parsed flags, with 1 GB of memory: the error text, or "" when accepted.
std::string check_error(std::vector<std::string> args) {
  args.insert(args.begin(), "--demo");
  try {
    (void)ib::plan::check_run_options(run_options(args), std::uint64_t{1} << 30);
  } catch (const ib::core::InputError& e) {
    return e.what();
  }
  return "";
}

TEST(CheckRunOptions, EveryNumberIsFiniteInRangeAndFlagsDoNotConflict) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> table{
      {{"--iterations", "1000"}, ""},
      {{"--iterations", "4194304"}, ""},  // 4194304 x 256 B = 1 GB: fits
      {{"--iterations", "4194305"},
       "--iterations 4194305 would keep about 1.1 GB of samples (256 bytes per iteration), more than this "
       "machine's 1.1 GB of memory: give fewer, or time by --duration"},
      {{"--iterations", "2000000", "--streams", "4"},
       "--iterations 2000000 x 4 streams would keep about 2.0 GB of samples (256 bytes per iteration), more "
       "than this machine's 1.1 GB of memory: give fewer, or time by --duration"},
      {{"--iterations", "1000000000000"},
       "--iterations 1000000000000 would keep about 256000 GB of samples (256 bytes per iteration), more than "
       "this machine's 1.1 GB of memory: give fewer, or time by --duration"},
      {{"--duration", "1e308"}, "--duration must be more than 0 and at most 604800 s (got 1e+308)"},
      {{"--duration", "nan"}, "--duration must be more than 0 and at most 604800 s (got nan)"},
      {{"--duration", "604800"}, ""},
      {{"--warmup-ms", "inf"}, "--warmup-ms must be at least 0 and at most 604800000 ms (got inf)"},
      {{"--warmup-ms", "-1"}, "--warmup-ms must be at least 0 and at most 604800000 ms (got -1)"},
      {{"--warmup-ms", "0"}, ""},
      {{"--duration", "1", "--iterations", "5"}, "--iterations and --duration both set how long to time: give one"},
      {{"--until-stable", "--iterations", "5"},
       "--iterations and --until-stable both set how long to time: give one"},
      {{"--warmup", "5", "--warmup-ms", "100"}, "--warmup and --warmup-ms both set the warm-up: give one"},
      {{"--target-ci", "2"}, "--target-ci and --max-duration apply to --until-stable: add it, or drop them"},
      {{"--until-stable", "--target-ci", "nan"}, "--target-ci must be a percentage between 0 and 100 (got nan)"},
      {{"--until-stable", "--target-ci", "100"}, "--target-ci must be a percentage between 0 and 100 (got 100)"},
      {{"--until-stable", "--max-duration", "inf"},
       "--max-duration must be more than 0 and at most 604800 s (got inf)"},
      {{"--until-stable", "--target-ci", "5", "--max-duration", "30"}, ""},
      {{"--gpu-sample-interval", "nan"}, "--gpu-sample-interval must be between 0.001 and 3600 seconds (got nan)"},
      {{"--scale", "inf"}, "--scale must be between 1e-12 and 1000000000000 (got inf)"},
      {{"--percentiles", "50,inf"}, "bad --percentiles '50,inf': 'inf' is outside 0..100 (expected numbers from 0 "
                                    "to 100 separated by commas or spaces, e.g. 50,90,99)"},
      {{"--output-dir", ""}, "--output-dir is empty: name a folder (. for the current one)"},
      {{"--streams", "0"}, "--streams must be at least 1"},
      {{"--ch", "3"}, "--ch and --batch shape the input with --imgsz N: add it (or give --shape)"},
      {{"--imgsz", "64", "--shape", "1x3x64x64"}, "give --input-size (--imgsz) or --shape, not both"},
      {{"--imgsz", "64", "--batch", "0"}, "--batch must be at least 1"},
      {{"--telemetry", "sometimes"}, "bad --telemetry 'sometimes' (expected separate, concurrent or off)"},
      {{"--cudnn-benchmark", "yes"}, "bad --cudnn-benchmark 'yes' (expected on or off)"},
      {{"--tf32", "1"}, "bad --tf32 '1' (expected on or off)"},
      {{"--tf32", "on", "--no_tf32"}, "--no_tf32 contradicts --tf32 on"},
  };
  for (const auto& [args, expected] : table) {
    std::string joined;
    for (const auto& arg : args) joined += arg + " ";
    EXPECT_EQ(check_error(args), expected) << joined;
  }
}

TEST(CheckRunOptions, FlagsWithoutEffectAreWarnings) {
  RunOptions o = run_options({"--demo", "--gpu-id", "1", "--telemetry", "off", "--no_tf32"});
  const std::vector<ib::result::Warning> warnings = ib::plan::check_run_options(o, std::nullopt);
  ASSERT_EQ(warnings.size(), 1u);  // --no_tf32 is --tf32 off now, no longer a flag without effect
  EXPECT_EQ(ib::result::warning_text(warnings[0]),
            "--gpu-id chooses the GPU telemetry samples; with --telemetry off it is not used");
}

TEST(RunPlan, FrameworkSettingsAreTyped) {
  EXPECT_TRUE(plan_of({"--demo"}).runs.at(0).cudnn_benchmark);
  EXPECT_FALSE(plan_of({"--demo", "--cudnn-benchmark", "off"}).runs.at(0).cudnn_benchmark);
  EXPECT_EQ(plan_of({"--demo"}).runs.at(0).tf32, std::nullopt);
  EXPECT_EQ(plan_of({"--demo", "--tf32", "on"}).runs.at(0).tf32, std::optional<bool>(true));
  EXPECT_EQ(plan_of({"--demo", "--tf32", "off"}).runs.at(0).tf32, std::optional<bool>(false));
  EXPECT_EQ(plan_of({"--demo", "--no_tf32"}).runs.at(0).tf32, std::optional<bool>(false));
  EXPECT_EQ(plan_of({"--demo", "--no_tf32", "--tf32", "off"}).runs.at(0).tf32, std::optional<bool>(false));
}

}  // namespace
