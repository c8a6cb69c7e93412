#pragma once
// The subcommands' flags, declared to CLI11: one function per subcommand, each filling its options struct
// (cli/options.hpp). parse_args.cpp puts them together and turns CLI11's errors into one line each.
#include <span>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/options.hpp"
#include "suite/suite.hpp"

namespace ib::cli {

void add_run_options(CLI::App& run, RunOptions& options);
/// `run`'s --metrics-textfile and --metrics-port (metrics_flags.cpp).
void add_metrics_options(CLI::App& run, RunOptions& options);
void add_quality_options(CLI::App& quality, QualityDepthOptions& depth_options, QualityDiffOptions& diff_options);
void add_report_options(CLI::App& report, ReportOptions& options);
void add_compare_options(CLI::App& compare, CompareOptions& options);
void add_suite_options(CLI::App& suite, SuiteOptions& options);
void add_sweep_options(CLI::App& sweep, SweepOptions& options);

/// `run`'s flags for a suite file's keys (suite/suite.hpp): their names, and `run`'s own parser.
[[nodiscard]] suite::RunFlags run_flags_for_suites();

/// `launch` and `merge` (launch_flags.cpp). The launcher's own spelling "-np N" is accepted: CLI11 knows only
/// one-letter short options, so normalize_launch_args() turns it into "--np" before parsing.
[[nodiscard]] CLI::App* add_launch_options(CLI::App& app, LaunchOptions& options);
[[nodiscard]] CLI::App* add_merge_options(CLI::App& app, MergeOptions& options);
[[nodiscard]] std::vector<std::string> normalize_launch_args(std::span<const std::string> args);

/// The `trtexec` subcommands' options, filled by CLI11; the one parsed is returned by trtexec_parsed().
struct TrtexecParsed {
  TrtexecRunOptions run;
  TrtexecParseTimesOptions times;
  TrtexecParseProfileOptions profile;
  TrtexecParseLogOptions log;
  TrtexecReportOptions report;
};
[[nodiscard]] CLI::App* add_trtexec_options(CLI::App& app, TrtexecParsed& options);
/// The trtexec subcommand that was parsed (given that `trtexec` was).
[[nodiscard]] TrtexecOptions trtexec_parsed(CLI::App& trtexec, TrtexecParsed& options, std::span<const std::string> args);

}  // namespace ib::cli
