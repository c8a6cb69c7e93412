// parse_args as a pure function: argv -> options, or argv -> the one error line.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "cli/options.hpp"
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
            "quality, report, compare, suite, sweep, trtexec, launch, merge");
  EXPECT_EQ(usage_error({"-np", "2"}),
            "inferbench: error: unknown option '-np' where 'inferbench' expects a command: run, info, quality, "
            "report, compare, suite, sweep, trtexec, launch, merge");
  EXPECT_EQ(usage_error({}),
            "inferbench: error: 'inferbench' needs a command: run, info, quality, report, compare, suite, sweep, "
            "trtexec, launch, merge");
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

}  // namespace

namespace ib::cli {
namespace {

// `launch` takes the original launcher's "-np" and passes everything after "--" on untouched (its "-np" too).
TEST(ParseLaunchArgs, NpSpellingAndTheChildsCommandLine) {
  std::ostringstream out;
  std::ostringstream err;
  const std::vector<std::string> args{"inferbench", "launch", "-np", "3", "--gpus", "0,2", "-w", "2", "-o", "OUT",
                                      "--", "prog", "-np", "9", "-o", "x"};
  const ParsedCommand parsed = parse_args(args, out, err);
  ASSERT_TRUE(std::holds_alternative<LaunchOptions>(parsed)) << err.str();
  const LaunchOptions& launch = std::get<LaunchOptions>(parsed);
  EXPECT_EQ(launch.processes, 3);
  EXPECT_EQ(launch.gpus, (std::vector<int>{0, 2}));
  EXPECT_EQ(launch.warmup_batches, 2);
  EXPECT_EQ(launch.output_dir, "OUT");
  EXPECT_EQ(launch.command, (std::vector<std::string>{"prog", "-np", "9", "-o", "x"}));
}

TEST(ParseLaunchArgs, MergeTakesFolders) {
  std::ostringstream out;
  std::ostringstream err;
  const std::vector<std::string> args{"inferbench", "merge", "a", "b", "-o", "m"};
  const ParsedCommand parsed = parse_args(args, out, err);
  ASSERT_TRUE(std::holds_alternative<MergeOptions>(parsed)) << err.str();
  EXPECT_EQ(std::get<MergeOptions>(parsed).folders, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(std::get<MergeOptions>(parsed).output_dir, "m");
}

}  // namespace
}  // namespace ib::cli
