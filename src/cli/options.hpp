#pragma once
// What the command line asked for, before any value is interpreted (interpretation and validation happen when
// a command builds its plan, so every bad value gets the same one-line error and exit code 2).
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "plan/run_options.hpp"

namespace ib::cli {

using plan::RunOptions;

struct InfoOptions {};

/// `inferbench quality depth`: depth metrics of a prediction .npy against a ground-truth .npy.
struct QualityDepthOptions {
  std::string pred;
  std::string gt;
  bool median_scaling = true;  ///< off with --no-median-scaling
  double min_depth = 1e-5;
  double max_depth = 1e5;
  bool disparity = false;
  bool json = false;
  std::optional<double> gt_scale;  ///< --gt-scale: GT depth = stored value / S
};

/// `inferbench quality diff`: how far a test output .npy strays from a reference output .npy.
struct QualityDiffOptions {
  std::string ref;
  std::string test;
  bool json = false;
};

/// `inferbench report RESULT.json`: every figure and export redrawn from a result file.
struct ReportOptions {
  std::string result;
  std::optional<std::string> output_dir;  ///< default: the result file's folder
  bool svg = false;
};

/// `inferbench compare BASE.json NEW.json`: runs matched by name, statistics side by side, a latency verdict.
struct CompareOptions {
  std::string base;
  std::string next;
  std::optional<std::string> csv;  ///< --csv FILE ("-": the CSV alone on stdout, the table on stderr)
  std::optional<double> fail_if_slower_percent;  ///< --fail-if-slower PCT: exit 1 on a larger significant slowdown
  bool ignore_provenance = false;   ///< --ignore-provenance: compare across settings that move numbers
  std::optional<std::string> html;  ///< --html FILE: the comparison as a self-contained page
};

/// `inferbench trtexec run`: trtexec once, reproducibly, its artefacts and their summaries in --output-dir.
struct TrtexecRunOptions {
  std::optional<std::string> engine;  ///< --engine (trtexec --loadEngine)
  std::optional<std::string> onnx;    ///< --onnx
  std::vector<std::string> shapes;    ///< --shape name:1x3x224x224, repeatable
  std::int64_t batch = 1;             ///< recorded for inferences/s; forwarded only with --forward-batch
  bool forward_batch = false;
  std::optional<std::int64_t> iterations;
  std::optional<double> warmup_ms;
  std::optional<double> duration_s;
  std::optional<std::int64_t> avg_runs;  ///< trtexec --avgRuns
  bool cuda_graph = false;
  bool spin_wait = false;     ///< --spin-wait (trtexec 11's default, --useSpinWait before)
  bool no_transfers = false;  ///< --no-transfers (trtexec 11's default, --noDataTransfers before)
  bool fp16 = false;  ///< trtexec --fp16 (and --int8, --best)
  bool int8 = false;
  bool best = false;
  bool no_profile = false;
  bool no_separate_profile_run = false;
  std::optional<std::string> trtexec;  ///< --trtexec PATH (default: trtexec on PATH)
  std::string output_dir = "trtexec_results";
  std::optional<std::string> extra;       ///< --extra "ARGS": split into words (no shell), before extra_args
  std::vector<std::string> extra_args;    ///< after --, verbatim
  std::vector<std::string> command_line;  ///< the whole argv, recorded in run_config.json
};

/// `inferbench trtexec parse-times TIMES.json`.
struct TrtexecParseTimesOptions {
  std::string times;
  std::optional<std::int64_t> batch;
  std::optional<double> warmup_ms;        ///< drop records by trtexec's warm-up rule
  std::optional<std::string> output_dir;  ///< default: the file's folder
  std::vector<std::string> command_line;
};

/// `inferbench trtexec parse-profile PROFILE.json`.
struct TrtexecParseProfileOptions {
  std::string profile;
  std::int64_t top_k = 20;
  std::optional<std::string> output_dir;  ///< default: the file's folder
};

/// `inferbench trtexec parse-log LOG`.
struct TrtexecParseLogOptions {
  std::string log;
  bool json = false;
};

/// `inferbench trtexec report --artifacts DIR`.
struct TrtexecReportOptions {
  std::string artifacts;
  std::optional<std::string> output_dir;  ///< default: the artifacts folder
  std::int64_t top_k = 10;
};

using TrtexecOptions = std::variant<TrtexecRunOptions, TrtexecParseTimesOptions, TrtexecParseProfileOptions,
                                    TrtexecParseLogOptions, TrtexecReportOptions>;

/// `inferbench suite FILE.yml` (docs/suites.md).
struct SuiteOptions {
  std::string file;
  std::string output_dir = "suite_results";
  bool resume = false;
  bool dry_run = false;
  std::optional<std::string> device;  ///< --device: every case on this device
  std::vector<std::string> command_line;
};

/// `inferbench sweep` (docs/suites.md, "Sweeps").
struct SweepOptions {
  std::vector<std::string> models;  ///< --model, repeatable: swept one after another
  std::optional<std::string> backend;
  std::optional<std::string> device;
  std::optional<std::string> dtype;
  std::vector<std::string> shapes;
  std::optional<std::string> batch;        ///< "1,2,4,8" or "auto" (default auto; 1 with --concurrency alone)
  std::int64_t max_batch = 4096;
  std::optional<std::string> concurrency;  ///< "1,2,4"
  std::optional<std::int64_t> concurrency_batch;
  std::optional<std::string> memory_budget;
  std::optional<double> latency_budget_ms;
  std::optional<std::int64_t> warmup;
  std::optional<std::int64_t> iterations;
  std::string output_dir = "sweep_results";
  std::vector<std::string> run_args;  ///< after --: any other `run` flag, for every point
};

/// `inferbench launch -np N [--gpus 0,1] [-w W] -o OUT -- COMMAND ARGS...` (launch::LaunchRequest).
struct LaunchOptions {
  std::int64_t processes = 1;
  std::vector<int> gpus;  ///< empty: GPU 0 (with --mpi: the rank's local rank)
  std::int64_t warmup_batches = 1;
  std::string output_dir;
  std::vector<std::string> command;
  bool mpi = false;       ///< under mpirun: one launcher per rank, rank 0 writes OUT/merged.json
  bool per_rank = false;  ///< write into OUT/rank_<r>, r from the scheduler's environment
};

/// `inferbench merge DIR... [-o OUT]`: rank folders into one merged.json.
struct MergeOptions {
  std::vector<std::string> folders;
  std::optional<std::string> output_dir;
};

/// Parsing ended with nothing to run: --help or --version was printed (code 0) or a usage error (code 2).
struct ExitNow {
  int code = 0;
};

using ParsedCommand = std::variant<RunOptions, InfoOptions, QualityDepthOptions, QualityDiffOptions, ReportOptions,
                                   CompareOptions, TrtexecOptions, SuiteOptions, SweepOptions, LaunchOptions, MergeOptions,
                                   ExitNow>;

/// Parses argv (args[0] is the program name). Help and version text go to `out`, usage errors to `err`.
[[nodiscard]] ParsedCommand parse_args(std::span<const std::string> args, std::ostream& out,
                                       std::ostream& err);

}  // namespace ib::cli
