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

namespace ib::cli {

inline constexpr std::int64_t kDefaultWarmup = 50;
inline constexpr std::int64_t kDefaultIterations = 1000;
inline constexpr double kDefaultTargetCiPercent = 1.0;
inline constexpr double kDefaultMaxDurationS = 60.0;

struct RunOptions {
  std::vector<std::string> models;  ///< --model / --engines, repeatable
  bool demo = false;                ///< --demo: the built-in model, no file needed
  std::optional<std::string> backend;
  std::string device = "auto";
  std::vector<std::string> shapes;
  std::string dtype = "fp32";
  std::optional<std::int64_t> warmup;      ///< --warmup (default kDefaultWarmup)
  std::optional<std::int64_t> iterations;  ///< --iterations, --iters (default kDefaultIterations)
  std::string percentiles = "50,90,95,99";
  std::string output_dir = "benchmark_results";
  std::optional<double> warmup_ms;   ///< --warmup-ms: warm up by time instead of count
  std::optional<double> duration_s;  ///< --duration: time by duration instead of count
  bool until_stable = false;         ///< --until-stable
  std::optional<double> target_ci_percent;  ///< --target-ci, in percent (default kDefaultTargetCiPercent)
  std::optional<double> max_duration_s;     ///< --max-duration (default kDefaultMaxDurationS)
  bool cuda_graph = false;
  std::string sync = "auto";
  bool no_transfers = false;
  bool no_breakdown = false;
  std::int64_t streams = 1;
  std::optional<std::string> image;  ///< --image: the first input is this image, preprocessed
  std::string mean = "0.485,0.456,0.406";
  std::string std = "0.229,0.224,0.225";
  double scale = 1.0 / 255.0;
  std::optional<std::int64_t> input_size;  ///< --input-size, --imgsz: square side when no --shape is given
  std::optional<std::int64_t> channels;    ///< --ch: with --imgsz, the input is BATCH x CH x N x N
  std::optional<std::int64_t> batch;       ///< --batch: with --imgsz
  bool no_tf32 = false;                    ///< --no_tf32 (bench_pt's flag): --tf32 off
  std::string cudnn_benchmark = "on";      ///< --cudnn-benchmark on|off
  std::optional<std::string> tf32;         ///< --tf32 on|off (default: PyTorch's own defaults)
  std::optional<std::string> output_name;  ///< --output-name: the output compared (default the first)
  bool save_outputs = false;               ///< --save-outputs: each run's compared output as .npy
  std::optional<std::string> gt;           ///< --gt FILE.npy (single image)
  std::optional<std::string> metric_images_dir;
  std::optional<std::string> metric_gt_dir;
  double min_depth = 1e-5;
  double max_depth = 1e5;
  bool median_scaling = true;  ///< off with --no-median-scaling
  bool disparity = false;
  std::optional<double> gt_scale;                ///< --gt-scale: GT depth = stored value / S
  std::optional<std::int64_t> max_image_pixels;  ///< --max-image-pixels (default io::kDefaultMaxImagePixels)
  std::string telemetry = "separate";  ///< --telemetry separate|concurrent|off
  double gpu_sample_interval_s = 0.1;  ///< --gpu-sample-interval
  std::optional<int> gpu_id;           ///< --gpu-id: NVML index (default: the CUDA device's index)
  bool svg = false;                    ///< --svg: every figure as SVG too
  bool quiet = false;                  ///< --quiet: no progress bar
  std::vector<std::string> command_line;  ///< the whole argv, recorded in the result
};

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

/// Parsing ended with nothing to run: --help or --version was printed (code 0) or a usage error (code 2).
struct ExitNow {
  int code = 0;
};

using ParsedCommand = std::variant<RunOptions, InfoOptions, QualityDepthOptions, QualityDiffOptions, ReportOptions,
                                   CompareOptions, TrtexecOptions, ExitNow>;

/// Parses argv (args[0] is the program name). Help and version text go to `out`, usage errors to `err`.
[[nodiscard]] ParsedCommand parse_args(std::span<const std::string> args, std::ostream& out,
                                       std::ostream& err);

}  // namespace ib::cli
