#pragma once
// The flags of `inferbench run` as the command line gave them, before any value is interpreted: the plan
// (plan/run_plan.hpp) parses and checks them once, into typed specs (inferbench/spec.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ib::plan {

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
  bool profile_layers = false;  ///< --profile-layers: a profiled pass after the timed ones
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
  /// --trtexec PATH: the trtexec that runs .engine/.plan files when this build has no TensorRT library
  std::optional<std::string> trtexec;
  std::optional<std::string> metrics_textfile;  ///< --metrics-textfile: Prometheus text, at the end
  std::optional<int> metrics_port;              ///< --metrics-port N: GET /metrics while the run lasts
  std::vector<std::string> command_line;  ///< the whole argv, recorded in the result
};

}  // namespace ib::plan
