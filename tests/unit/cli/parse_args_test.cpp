// parse_args and check_run_options as pure functions: argv -> options, or argv -> the one error line.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "cli/options.hpp"
#include "cli/run_options_check.hpp"
#include "inferbench/errors.hpp"

namespace {

using ib::cli::ExitNow;
using ib::cli::ParsedCommand;
using ib::cli::RunOptions;

struct Parsed {
  ParsedCommand command;
  std::string err;
};

Parsed parse(std::vector<std::string> args) {
  args.insert(args.begin(), "inferbench");
  std::ostringstream out;
  std::ostringstream err;
  ParsedCommand command = ib::cli::parse_args(args, out, err);
  return {std::move(command), err.str()};
}

// The first line of a usage error (the second is the --help hint).
std::string usage_error(const std::vector<std::string>& args) {
  const Parsed parsed = parse(args);
  const auto* exit_now = std::get_if<ExitNow>(&parsed.command);
  if (exit_now == nullptr || exit_now->code != 2) return "(parsed)";
  return parsed.err.substr(0, parsed.err.find('\n'));
}

RunOptions run_options(std::vector<std::string> args) {
  args.insert(args.begin(), "run");
  Parsed parsed = parse(args);
  EXPECT_TRUE(std::holds_alternative<RunOptions>(parsed.command)) << parsed.err;
  return std::get<RunOptions>(parsed.command);
}

TEST(ParseArgs, AnUnknownCommandOrOptionIsNamedWithTheCommands) {
  EXPECT_EQ(usage_error({"generate-report"}),
            "inferbench: error: unknown command 'generate-report' for 'inferbench': the commands are run, info, "
            "quality, report, compare, trtexec");
  EXPECT_EQ(usage_error({"-np", "2"}),
            "inferbench: error: unknown option '-np' where 'inferbench' expects a command: run, info, quality, "
            "report, compare, trtexec");
  EXPECT_EQ(usage_error({}),
            "inferbench: error: 'inferbench' needs a command: run, info, quality, report, compare, trtexec");
  EXPECT_EQ(usage_error({"trtexec", "parse-everything"}),
            "inferbench: error: unknown command 'parse-everything' for 'inferbench trtexec': the commands are "
            "run, parse-times, parse-profile, parse-log, report");
  EXPECT_EQ(usage_error({"quality"}), "inferbench: error: 'inferbench quality' needs a command: depth, diff");
}

TEST(ParseArgs, UnknownFlagsAreListedInTheOrderTyped) {
  EXPECT_EQ(usage_error({"run", "--demo", "--foo", "--bar", "--baz"}),
            "inferbench: error: 'inferbench run' does not take: --foo --bar --baz");
}

TEST(ParseArgs, BenchPtFlagsAreAliases) {
  const RunOptions o =
      run_options({"--pt", "m.ts", "--imgsz", "640", "--ch", "1", "--batch", "4", "--iters", "300", "--no_tf32"});
  EXPECT_EQ(o.models, std::vector<std::string>{"m.ts"});
  EXPECT_EQ(o.input_size, 640);
  EXPECT_EQ(o.channels, 1);
  EXPECT_EQ(o.batch, 4);
  EXPECT_EQ(o.iterations, 300);
  EXPECT_TRUE(o.no_tf32);
  const RunOptions defaults = run_options({"--demo"});
  EXPECT_FALSE(defaults.iterations.has_value());  // so that --duration can tell it was not given
  EXPECT_FALSE(defaults.warmup.has_value());
}

TEST(ParseArgs, RunTrtexecShFlagsAreAliases) {
  const Parsed parsed = parse({"trtexec", "run", "--engine", "e.plan", "--iters", "200", "--warmup", "500",
                               "--useCudaGraph", "--outdir", "out", "--disableProfile", "--disableSeparateProfileRun",
                               "--avgRuns", "10", "--fp16", "--int8", "--best", "--shape", "a:1x3", "--shape",
                               "b:1x4", "--trtexec", "/opt/trtexec", "--extra", "--verbose --noTF32"});
  const auto& o = std::get<ib::cli::TrtexecRunOptions>(std::get<ib::cli::TrtexecOptions>(parsed.command));
  EXPECT_EQ(o.engine, "e.plan");
  EXPECT_EQ(o.iterations, 200);
  EXPECT_EQ(o.warmup_ms, 500.0);  // run_trtexec.sh's --warmup is trtexec's --warmUp: milliseconds
  EXPECT_TRUE(o.cuda_graph);
  EXPECT_EQ(o.output_dir, "out");
  EXPECT_TRUE(o.no_profile);
  EXPECT_TRUE(o.no_separate_profile_run);
  EXPECT_EQ(o.avg_runs, 10);
  EXPECT_TRUE(o.fp16 && o.int8 && o.best);
  EXPECT_EQ(o.shapes, (std::vector<std::string>{"a:1x3", "b:1x4"}));
  EXPECT_EQ(o.trtexec, "/opt/trtexec");
  EXPECT_EQ(o.extra, "--verbose --noTF32");
}

TEST(ParseArgs, ParseTimesPositionalBatchAndOutdirAndParseProfileToolkitNames) {
  Parsed parsed = parse({"trtexec", "parse-times", "t.json", "8", "out"});
  const auto& times = std::get<ib::cli::TrtexecParseTimesOptions>(std::get<ib::cli::TrtexecOptions>(parsed.command));
  EXPECT_EQ(times.times, "t.json");
  EXPECT_EQ(times.batch, 8);
  EXPECT_EQ(times.output_dir, "out");
  EXPECT_NE(usage_error({"trtexec", "parse-times", "t.json", "8", "--batch", "4"}), "(parsed)");

  parsed = parse({"trtexec", "parse-profile", "p.json", "--outdir", "o", "--topk", "5"});
  const auto& profile =
      std::get<ib::cli::TrtexecParseProfileOptions>(std::get<ib::cli::TrtexecOptions>(parsed.command));
  EXPECT_EQ(profile.output_dir, "o");
  EXPECT_EQ(profile.top_k, 5);
}

// check_run_options on the parsed flags, with 1 GB of memory: the error text, or "" when accepted.
std::string check_error(std::vector<std::string> args) {
  args.insert(args.begin(), "--demo");
  try {
    (void)ib::cli::check_run_options(run_options(args), std::uint64_t{1} << 30);
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
  const std::vector<std::string> warnings = ib::cli::check_run_options(o, std::nullopt);
  ASSERT_EQ(warnings.size(), 1u);  // --no_tf32 is --tf32 off now, no longer a flag without effect
  EXPECT_EQ(warnings[0], "--gpu-id chooses the GPU telemetry samples; with --telemetry off it is not used");
}

TEST(CheckRunOptions, FrameworkSettings) {
  EXPECT_TRUE(ib::cli::cudnn_benchmark_of(run_options({"--demo"})));
  EXPECT_FALSE(ib::cli::cudnn_benchmark_of(run_options({"--demo", "--cudnn-benchmark", "off"})));
  EXPECT_EQ(ib::cli::tf32_of(run_options({"--demo"})), std::nullopt);
  EXPECT_EQ(ib::cli::tf32_of(run_options({"--demo", "--tf32", "on"})), std::optional<bool>(true));
  EXPECT_EQ(ib::cli::tf32_of(run_options({"--demo", "--tf32", "off"})), std::optional<bool>(false));
  EXPECT_EQ(ib::cli::tf32_of(run_options({"--demo", "--no_tf32"})), std::optional<bool>(false));
  EXPECT_EQ(ib::cli::tf32_of(run_options({"--demo", "--no_tf32", "--tf32", "off"})), std::optional<bool>(false));
}

}  // namespace
