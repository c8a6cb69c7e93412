#pragma once
// The typed plan: what one benchmark run is to do, every choice already parsed and checked. The CLI's flags
// (src/plan/run_plan.cpp) and, later, suite files produce these; the library runs them (inferbench/run.hpp).
// Nothing here is text to be interpreted again: choices are enums, counts are numbers, files are paths.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "inferbench/device_spec.hpp"
#include "inferbench/dtype.hpp"
#include "inferbench/result.hpp"
#include "inferbench/shape.hpp"

namespace ib {

/// How the host waits for the GPU at the end of an iteration (cudaDeviceScheduleAuto/BlockingSync/Spin/Yield).
enum class SyncMode { automatic, block, spin, yield };

/// GPU telemetry: a pass of its own after the speed pass, the sampler during the speed pass, or none.
enum class TelemetryMode { separate, concurrent, off };

/// When the timed pass ends.
struct StopRule {
  enum class Kind {
    iterations,  ///< after `iterations` timed inferences
    duration,    ///< after `duration_s` seconds
    stable       ///< once the 95% CIs of p50 and p99 are within `target` of their estimates, or max_duration_s
  };
  Kind kind = Kind::iterations;
  std::int64_t iterations = 1000;
  double duration_s = 0;
  double target = 0.01;  ///< relative CI half-width (0.01 = 1%)
  double max_duration_s = 60;
};

/// Warm-up before the timed pass: a count, or a time when `ms` is set.
struct Warmup {
  std::int64_t iterations = 50;
  std::optional<double> ms;
};

/// A model file, or a model a backend builds in ("demo", "fake:...", "synthetic:...").
struct ModelRef {
  std::filesystem::path path;
  std::string builtin;
};

/// How an image becomes the model's first input: value * scale, then (value - mean) / std per channel.
struct ImageInput {
  std::filesystem::path file;
  std::array<float, 3> mean{0.485f, 0.456f, 0.406f};
  std::array<float, 3> std{0.229f, 0.224f, 0.225f};
  float scale = 1.0f / 255.0f;
};

/// Depth ground truth: one file for the run's image, or a folder of images with a folder of GT maps.
struct GroundTruth {
  std::optional<std::filesystem::path> file;
  std::optional<std::filesystem::path> images_dir;
  std::optional<std::filesystem::path> gt_dir;
  double min_depth = 1e-5;
  double max_depth = 1e5;
  bool median_scaling = true;
  bool disparity = false;  ///< the model predicts inverse depth
  std::optional<double> gt_scale;  ///< GT depth = stored value / gt_scale (PNG maps need it)
};

/// The quality pass after the timed passes. Absent from a spec: no quality pass.
struct QualitySpec {
  std::optional<std::string> output_name;  ///< the output compared; default the model's first
  bool save_output = false;                ///< write the compared output as .npy into the output folder
  GroundTruth ground_truth;
};

/// One model, one backend, one precision, one device: one entry of the result's runs.
struct RunSpec {
  std::string name;     ///< unique within a plan; the run's name in the result
  std::string backend;  ///< a registry name
  ModelRef model;
  core::DType dtype = core::DType::fp32;
  std::vector<core::ShapeArg> shapes;
  /// nullopt: CUDA when this machine has a device and every backend of the plan can use it, else the CPU.
  std::optional<core::DeviceSpec> device;

  Warmup warmup;
  StopRule stop;
  std::vector<double> percentiles{50, 90, 95, 99};
  bool breakdown = true;  ///< a pass timing H2D, compute and D2H with CUDA events
  /// A pass of profiled inferences after the timed ones, for the run's per-layer profile (never timed).
  bool profile_layers = false;
  bool cuda_graph = false;
  SyncMode sync = SyncMode::automatic;
  std::int64_t streams = 1;  ///< in-flight inferences, each with its own backend instance and stream
  /// Framework settings of the backends built on PyTorch (docs/backends.md): cuDNN autotuning, and TF32 for
  /// matmuls and convolutions (nullopt: PyTorch's own defaults).
  bool cudnn_benchmark = true;
  std::optional<bool> tf32;
  bool transfers = true;     ///< copy inputs to and outputs from the device every iteration

  std::optional<ImageInput> image;
  std::int64_t max_image_pixels = 100'000'000;  ///< images and PNG GT maps with more are refused
  std::optional<QualitySpec> quality;

  TelemetryMode telemetry = TelemetryMode::separate;
  double sample_interval_s = 0.1;
  std::optional<int> gpu_id;  ///< the NVML index sampled; default the CUDA device's
};

/// Everything `inferbench run` does: the runs in order (the first with a quality pass is the cross-engine
/// reference), where the result goes, and what the plan itself warns about.
struct Plan {
  std::vector<RunSpec> runs;
  std::filesystem::path output_dir = "benchmark_results";
  std::vector<result::Warning> warnings;
  std::vector<std::string> command_line;  ///< recorded in the result's environment
};

}  // namespace ib
