#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <numeric>
#include <thread>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "cli/commands.hpp"
#include "cli/run_options_check.hpp"
#include "core/clock.hpp"
#include "inferbench/errors.hpp"
#include "core/progress.hpp"
#include "cuda/cuda_platform.hpp"
#include "cuda/device_query.hpp"
#include "io/atomic_file.hpp"
#include "io/depth_map.hpp"
#include "io/file_info.hpp"
#include "io/image.hpp"
#include "io/npy.hpp"
#include "io/output_manifest.hpp"
#include "quality/dataset.hpp"
#include "quality/output_diff.hpp"
#include "report/console_table.hpp"
#include "report/progress_bar.hpp"
#include "report/write_reports.hpp"
#include "result/environment_capture.hpp"
#include "result/result_json.hpp"
#include "runner/benchmark.hpp"
#include "telemetry/gpu_description.hpp"
#include "telemetry/nvml_session.hpp"
#include "stats/summary.hpp"

namespace ib::cli {
namespace {

constexpr const char* kResultFileName = "result.json";

// What `run` will do, fully validated before anything is loaded or timed.
struct RunPlan {
  std::vector<runner::BenchmarkRequest> requests;
  core::DeviceSpec device;
  std::filesystem::path result_path;
  bool save_outputs = false;          ///< each run's compared values go to outputs/<run>.npy
  std::vector<std::string> warnings;  ///< about the plan itself, printed once and added to every run
};

std::string unique_name(std::string name, std::map<std::string, int>& seen) {
  const int count = ++seen[name];
  return count == 1 ? name : fmt::format("{}#{}", name, count);
}

std::string model_name(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  for (const char* extension : {".jit.pt", ".ts", ".pt"}) {
    const std::string_view ext(extension);
    if (name.size() > ext.size() && name.ends_with(ext)) return name.substr(0, name.size() - ext.size());
  }
  return path.stem().string();
}

// "--model FILE@fp16": a model with its own precision, which overrides --dtype (an fp16-traced TorchScript
// file wants fp16 inputs, its fp32 sibling fp32). A file whose name really ends that way is taken as it is.
struct ModelArg {
  std::string spec;
  std::optional<core::DType> dtype;
};

ModelArg parse_model_arg(const std::string& text) {
  const std::size_t at = text.rfind('@');
  if (at == std::string::npos || at == 0) return {text, std::nullopt};
  const std::string suffix = text.substr(at + 1);
  std::error_code error;
  if (std::filesystem::exists(text, error) || suffix.find('/') != std::string::npos) return {text, std::nullopt};
  if (suffix != "fp32" && suffix != "fp16" && suffix != "bf16") {
    throw core::InputError(fmt::format("--model {}: unknown precision '@{}' (expected @fp32, @fp16 or @bf16)", text,
                                       suffix));
  }
  return {text.substr(0, at), core::parse_dtype(suffix)};
}

// "0.485,0.456,0.406" -> three floats; throws InputError naming the flag.
std::array<float, 3> parse_triple(const std::string& text, const char* flag) {
  std::array<float, 3> values{};
  std::size_t start = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    const std::size_t comma = text.find(',', start);
    if ((i < 2) != (comma != std::string::npos)) break;
    const std::string item =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    try {
      std::size_t used = 0;
      values[i] = std::stof(item, &used);
      if (used != item.size() || !std::isfinite(values[i])) break;
    } catch (const std::exception&) {
      break;
    }
    if (i == 2) return values;
    start = comma + 1;
  }
  throw core::InputError(std::string("bad ") + flag + " '" + text +
                         "' (expected three numbers, e.g. 0.5,0.5,0.5)");
}

// Every dataset image's header against the pixel limit, and a scale for PNG GT files, before anything runs.
void check_dataset_files(const quality::Dataset& dataset, const io::DepthFileOptions& gt_files) {
  for (const quality::DatasetPair& pair : dataset.pairs) {
    (void)io::read_image_size(pair.image, gt_files.max_pixels);
    if (!gt_files.scale && io::is_png_depth_file(pair.gt)) {
      throw core::InputError(fmt::format(
          "--metric-gt-dir: {} is a PNG depth map: give --gt-scale, the number its values are divided by "
          "to give depth (KITTI: 256; millimetres to metres: 1000)",
          pair.gt.string()));
    }
  }
}

// The quality pass's settings, validated before anything is loaded: GT file and dataset are read or listed
// now, so a bad path fails in a second, not after the benchmark.
std::optional<runner::QualityRequest> quality_request(const RunOptions& options, std::size_t model_count,
                                                      const std::shared_ptr<const io::Image>& image,
                                                      const io::Preprocess& preprocess,
                                                      std::vector<std::string>& warnings) {
  const bool dataset = options.metric_images_dir || options.metric_gt_dir;
  const bool asked = options.gt || dataset || options.save_outputs || options.output_name;
  if (!asked && !image && model_count < 2) return std::nullopt;
  if (options.no_transfers) {
    if (asked) {
      throw core::InputError(
          "--gt, --metric-*-dir, --save-outputs and --output-name read the outputs back: drop "
          "--no-transfers");
    }
    warnings.emplace_back("--no-transfers keeps outputs on the device: no cross-engine comparison");
    return std::nullopt;
  }
  runner::QualityRequest request;
  request.output_name = options.output_name;
  request.image = image;
  request.preprocess = preprocess;
  request.depth = {options.min_depth, options.max_depth, options.median_scaling, options.disparity};
  request.gt_files = {options.gt_scale, options.max_image_pixels.value_or(io::kDefaultMaxImagePixels)};
  if (options.gt || dataset) quality::validate(request.depth);
  if (dataset) {
    if (!options.metric_images_dir || !options.metric_gt_dir)
      throw core::InputError("dataset mode needs both --metric-images-dir and --metric-gt-dir");
    request.dataset = quality::pair_dataset(*options.metric_images_dir, *options.metric_gt_dir);
    request.dataset_source = *options.metric_gt_dir;
    check_dataset_files(*request.dataset, request.gt_files);
    if (options.gt) warnings.emplace_back("dataset mode takes precedence over --gt, which is not used");
  } else if (options.gt) {
    if (!image) throw core::InputError("--gt scores the output for --image: give --image too");
    const io::DepthMap gt = io::read_depth_map(*options.gt, request.gt_files);
    try {
      (void)quality::fit_ground_truth(image->width, image->height, gt.width, gt.height);
    } catch (const core::InputError& error) {
      throw core::InputError(fmt::format("--gt {}: {}", *options.gt, error.what()));
    }
    if (std::none_of(gt.values.begin(), gt.values.end(), [&](double d) {
          return std::isfinite(d) && d >= options.min_depth && d <= options.max_depth;
        })) {
      throw core::InputError(
          fmt::format("--gt {}: no valid pixel (finite and within --min-depth {} / --max-depth {})",
                      *options.gt, options.min_depth, options.max_depth));
    }
    request.gt_file = *options.gt;
  }
  return request;
}

runner::BenchmarkRequest base_request(const RunOptions& options, const std::vector<core::ShapeArg>& shapes,
                                      const std::vector<double>& percentiles, std::size_t model_count,
                                      std::vector<std::string>& warnings) {
  runner::BenchmarkRequest request;
  request.load.dtype = core::parse_dtype(options.dtype.substr(0, options.dtype.find(',')));
  request.load.shapes = shapes;
  request.load.cudnn_benchmark = cudnn_benchmark_of(options);
  request.load.tf32 = tf32_of(options);
  request.loop = loop_plan_of(options);
  request.until_stable = stable_target_of(options);
  request.session.transfers = !options.no_transfers;
  request.cuda_graph = options.cuda_graph;
  request.sync = runner::parse_sync_mode(options.sync);
  request.streams = options.streams;
  request.percentiles = percentiles;
  io::Preprocess preprocess;
  preprocess.mean = parse_triple(options.mean, "--mean");
  preprocess.std = parse_triple(options.std, "--std");
  preprocess.scale = static_cast<float>(options.scale);
  io::validate(io::DepthFileOptions{options.gt_scale,
                                    options.max_image_pixels.value_or(io::kDefaultMaxImagePixels)});
  std::shared_ptr<const io::Image> image;
  if (options.image) {
    // Decoded once here (a bad file fails before anything loads); resized and normalised once per model, when
    // its input shape is known, before anything is timed.
    image = std::make_shared<const io::Image>(
        io::read_image(*options.image, options.max_image_pixels.value_or(io::kDefaultMaxImagePixels)));
    request.session.first_input = [image, preprocess](const core::TensorSpec& spec) {
      return io::to_nchw(*image, spec, preprocess);
    };
    request.input_image = *options.image;
  }
  request.quality = quality_request(options, model_count, image, preprocess, warnings);
  return request;
}

std::unique_ptr<runner::Platform> make_platform(const core::DeviceSpec& device, runner::SyncMode sync) {
  return device.kind == core::DeviceKind::cuda ? cuda::make_cuda_platform(device.index, sync)
                                               : runner::make_cpu_platform();
}

// Chooses the device: an explicit one must be usable by every backend involved; `auto` takes CUDA only then.
core::DeviceSpec resolve_device(const std::string& text,
                                const std::vector<runner::BenchmarkRequest>& requests,
                                const cuda::CudaInfo& cuda_info) {
  bool all_support_cuda = true;
  for (const auto& request : requests) all_support_cuda = all_support_cuda && request.backend->supports_cuda;
  if (text == "auto") {
    return cuda_info.available && all_support_cuda ? core::DeviceSpec{core::DeviceKind::cuda, 0}
                                                   : core::DeviceSpec{core::DeviceKind::cpu, 0};
  }
  const core::DeviceSpec device = core::parse_device(text);
  if (device.kind == core::DeviceKind::cpu) return device;
  if (!cuda_info.available)
    throw core::UnavailableError("--device " + text + " requested but " + cuda_info.reason);
  if (device.index >= static_cast<int>(cuda_info.devices.size())) {
    throw core::UnavailableError(fmt::format("--device {} requested but this machine has {} CUDA device(s)",
                                             text, cuda_info.devices.size()));
  }
  for (const auto& request : requests) {
    if (!request.backend->supports_cuda) {
      throw core::UnavailableError(
          "backend '" + request.backend->name + "' in this build cannot run on CUDA" +
          " (LibTorch from Debian is CPU-only; build with a CUDA LibTorch); use --device cpu");
    }
  }
  return device;
}

RunPlan make_plan(const RunOptions& options, const backends::Registry& registry,
                  const cuda::CudaInfo& cuda_info) {
  if (options.models.empty() && !options.demo) {
    throw core::InputError("nothing to benchmark: give --model FILE (or --engines FILE), or --demo");
  }
  std::vector<core::ShapeArg> shapes;
  for (const auto& text : options.shapes) shapes.push_back(core::parse_shape_arg(text));
  if (options.input_size && (*options.input_size < 1 || *options.input_size > io::kMaxImageSide))
    throw core::InputError(fmt::format("--input-size must be between 1 and {}", io::kMaxImageSide));
  // Images into a model that does not fix its input shape: a square of --input-size (518, the depth models'
  // size, by default). The built-in demo fixes its own. --batch and --ch (bench_pt's flags) fill the rest.
  const bool images_in = options.image || options.metric_images_dir;
  if (shapes.empty() && (options.input_size || (images_in && !options.models.empty()))) {
    const std::int64_t side = options.input_size.value_or(518);
    shapes.push_back(core::ShapeArg{
        std::nullopt, core::Shape{options.batch.value_or(1), options.channels.value_or(3), side, side}});
  }
  const std::vector<double> percentiles = stats::parse_percentiles(options.percentiles);
  std::vector<core::DType> dtypes;
  for (std::size_t start = 0;;) {
    const std::size_t comma = options.dtype.find(',', start);
    dtypes.push_back(core::parse_dtype(options.dtype.substr(start, comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  std::vector<ModelArg> models;
  std::size_t model_count = options.demo ? dtypes.size() : 0;
  for (const auto& text : options.models) {
    models.push_back(parse_model_arg(text));
    model_count += models.back().dtype ? 1 : dtypes.size();
  }
  RunPlan plan;
  const runner::BenchmarkRequest base =
      base_request(options, shapes, percentiles, model_count, plan.warnings);
  plan.save_outputs = base.quality && (options.save_outputs || options.image);

  // Each model at each precision of --dtype (fp32,fp16: in that order; the first run is the cross-engine
  // reference), or at its own (FILE@fp16). A run is named after its model, plus "@dtype" when its precision
  // was given with it or several are run.
  std::map<std::string, int> seen;
  const auto add_runs = [&](const runner::BenchmarkRequest& request, const std::optional<core::DType> own) {
    const std::vector<core::DType> precisions = own ? std::vector<core::DType>{*own} : dtypes;
    for (const core::DType dtype : precisions) {
      runner::BenchmarkRequest copy = request;
      copy.load.dtype = dtype;
      if (own || dtypes.size() > 1) copy.name = fmt::format("{}@{}", request.name, core::dtype_name(dtype));
      copy.name = unique_name(copy.name, seen);
      plan.requests.push_back(std::move(copy));
    }
  };
  if (options.demo) {
    runner::BenchmarkRequest request = base;
    request.backend = &registry.by_name(options.backend.value_or("libtorch"));
    if (request.backend->name != "libtorch")
      throw core::InputError("--demo runs on the libtorch backend only");
    request.name = "demo";
    request.load.model.builtin = "demo";
    const std::string archive = request.backend->demo_archive();
    request.model.path = "builtin:demo";
    request.model.size_bytes = archive.size();
    request.model.sha256 = io::sha256_hex(archive);
    add_runs(request, std::nullopt);
  }
  for (const auto& [model, own_dtype] : models) {
    runner::BenchmarkRequest request = base;
    if (model.starts_with("fake:") || model.starts_with("synthetic:")) {  // these backends' models are specs
      request.backend = &registry.by_name(options.backend.value_or(model.substr(0, model.find(':'))));
      request.load.model.builtin = model;
      request.model.path = model;
      request.name = model;
    } else {
      request.backend = options.backend ? &registry.by_name(*options.backend) : &registry.for_path(model);
      if (request.backend->check_file) request.backend->check_file(model);
      const io::FileInfo file = io::describe_file(model);
      request.load.model.path = model;
      request.model.path = model;
      request.model.size_bytes = file.size_bytes;
      request.model.sha256 = file.sha256;
      request.model.mtime = file.mtime_utc;
      request.name = model_name(model);
    }
    add_runs(request, own_dtype);
  }
  plan.device = resolve_device(options.device, plan.requests, cuda_info);
  if (options.gpu_id && plan.device.kind == core::DeviceKind::cpu)
    plan.warnings.push_back(fmt::format("--gpu-id {} is not used: this run is on the CPU", *options.gpu_id));
  if (plan.device.kind == core::DeviceKind::cpu) {
    if (options.cuda_graph)
      throw core::UnavailableError("--cuda-graph needs a CUDA device; this run is on the CPU");
    if (options.sync != "auto")
      throw core::InputError("--sync sets how the host waits for a GPU; this run is on the CPU");
  }
  for (auto& request : plan.requests) {
    request.load.device = plan.device;
    request.make_platform = [device = plan.device, sync = request.sync] {
      return make_platform(device, sync);
    };
  }
  plan.result_path = std::filesystem::path(options.output_dir) / kResultFileName;
  io::ensure_writable_directory(options.output_dir);
  return plan;
}

result::Environment capture_environment(const RunOptions& options, const RunPlan& plan,
                                        const cuda::CudaInfo& cuda_info) {
  result::Environment environment = result::capture_host_environment(options.command_line);
  environment.gpus = cuda_info.devices;
  environment.cuda_driver_version = cuda_info.driver_version;
  environment.cuda_runtime_version = cuda_info.runtime_version;
  for (const auto& request : plan.requests) {
    const result::BackendVersion version{request.backend->name, request.backend->version()};
    if (std::find(environment.backends.begin(), environment.backends.end(), version) ==
        environment.backends.end()) {
      environment.backends.push_back(version);
    }
  }
  return environment;
}

// One line for stderr saying what the run will do.
std::string describe(const runner::BenchmarkRequest& request) {
  const auto& loop = request.loop;
  std::string text =
      loop.warmup_ms ? fmt::format("warm-up {} ms", *loop.warmup_ms) : fmt::format("{} warm-up", loop.warmup);
  if (loop.duration_s) {
    text += fmt::format(", timed for {} s", *loop.duration_s);
  } else if (request.until_stable) {
    text += fmt::format(", timed until the p50 and p99 95% CIs are within {}% (at most {} s)",
                        request.until_stable->target * 100.0, request.until_stable->max_duration_s);
  } else {
    text += fmt::format(" + {} timed iterations", loop.iterations);
  }
  if (request.cuda_graph) text += ", CUDA graph";
  if (!request.session.transfers) text += ", no transfers";
  if (request.streams > 1) text += fmt::format(", {} streams", request.streams);
  if (request.sync != runner::SyncMode::automatic) text += ", sync " + runner::sync_mode_name(request.sync);
  const runner::FrameworkSettings settings = runner::framework_settings_of(request);
  if (!settings.cudnn_benchmark.empty())
    text += fmt::format(", cuDNN benchmark {}, TF32 {}", settings.cudnn_benchmark, settings.tf32);
  return text;
}

result::Run failed_run(const runner::BenchmarkRequest& request, const core::DeviceSpec& device,
                       const std::string& message) {
  result::Run run;
  run.name = request.name;
  run.backend = request.backend->name;
  run.device = core::device_to_string(device);
  run.status = result::RunStatus::failed;
  run.error = message;
  run.model = request.model;
  run.config = runner::make_run_config(request, {});
  return run;
}

// "synthetic:gemm:1,2,3" -> "synthetic_gemm_1_2_3": a run name as a file name.
std::string file_stem(const std::string& name) {
  std::string stem = name;
  for (char& c : stem) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')) c = '_';
  }
  return stem;
}

// Cross-engine differences against the first run that has compared values (the reference), and the saved
// outputs. `values[i]` belongs to result.runs[i] (empty when its quality pass did not run).
void finish_quality(result::Result& result, const std::vector<std::vector<double>>& values,
                    const RunPlan& plan) {
  const auto reference = std::find_if(result.runs.begin(), result.runs.end(),
                                      [](const result::Run& run) { return run.quality.has_value(); });
  for (std::size_t i = 0; i < result.runs.size(); ++i) {
    result::Run& run = result.runs[i];
    if (!run.quality) continue;
    if (plan.save_outputs) {
      io::ensure_writable_directory(plan.result_path.parent_path() / "outputs");
      const std::string relative = "outputs/" + file_stem(run.name) + ".npy";
      io::write_npy(plan.result_path.parent_path() / relative,
                    io::make_npy(core::DType::fp32, run.quality->map_shape, values[i]));
      run.quality->output_file = relative;
    }
    if (&run == &*reference) continue;
    const std::size_t r = static_cast<std::size_t>(reference - result.runs.begin());
    if (run.quality->map_shape != reference->quality->map_shape) {
      run.warnings.push_back(
          fmt::format("cross-engine: output shape {} differs from the reference {}'s {}: "
                      "not compared",
                      core::shape_to_string(run.quality->map_shape), reference->name,
                      core::shape_to_string(reference->quality->map_shape)));
      continue;
    }
    try {
      const quality::DiffMetrics diff = quality::compare_outputs(values[r], values[i]);
      run.quality->vs_reference =
          result::OutputComparison{reference->name,
                                   diff.mae,
                                   diff.rmse,
                                   diff.max_abs,
                                   diff.cosine,
                                   diff.rel_l2,
                                   static_cast<std::int64_t>(diff.count),
                                   static_cast<std::int64_t>(diff.nonfinite_reference),
                                   static_cast<std::int64_t>(diff.nonfinite_test)};
    } catch (const core::InputError& error) {  // no finite pair left
      run.warnings.push_back(
          fmt::format("cross-engine: not compared with {}: {}", reference->name, error.what()));
    }
  }
}

// Opens NVML for the run (never for --telemetry off): GPU details go into the environment; CUDA runs get a
// telemetry request per model. Without NVML the run goes on without GPU telemetry, and says so.
std::optional<telemetry::NvmlSession> attach_telemetry(const RunOptions& options, RunPlan& plan,
                                                       result::Environment& environment, std::ostream& err) {
  if (options.telemetry == "off") return std::nullopt;
  telemetry::NvmlOpenResult opened = telemetry::open_nvml();
  if (!opened.available()) {
    environment.nvml = opened.unavailable_info();
    if (plan.device.kind == core::DeviceKind::cuda)
      fmt::print(err, "inferbench: note: {}\n", opened.message());
    return std::nullopt;
  }
  environment.nvml = telemetry::describe_gpus(*opened.session);
  if (const auto driver = opened.session->driver_version()) environment.gpu_driver_version = *driver;
  if (plan.device.kind == core::DeviceKind::cuda) {
    const telemetry::NvmlDevice device = opened.session->device(options.gpu_id.value_or(plan.device.index));
    for (auto& request : plan.requests) {
      request.telemetry = runner::TelemetryRequest{device, options.gpu_sample_interval_s, options.telemetry};
    }
  }
  return std::move(opened.session);
}

// One model's outcome: written by the measuring thread, read by the main thread once its `ready` flag is set.
struct Measured {
  result::Run run;
  std::vector<double> compared;
  core::ExitCode code = core::ExitCode::ok;
};

// What the measuring thread shares with the main thread. It outlives the thread even when the thread is left
// behind in a backend call: the main thread then ends the process without leaving run_command.
struct Measurement {
  Measurement(std::size_t runs, std::size_t live_capacity)
      : measured(runs), ready(std::make_unique<std::atomic<bool>[]>(runs)), live(live_capacity) {}
  std::vector<Measured> measured;
  std::unique_ptr<std::atomic<bool>[]> ready;  // measured[i] is complete and no longer touched by the thread
  std::atomic<std::size_t> started{0};         // requests begun
  std::atomic<bool> done{false};
  std::exception_ptr failure;  // an unexpected exception, rethrown by the main thread
  runner::LiveSamples live;    // the speed pass in progress
  std::mutex bar_mutex;        // the thread draws the bar; the main thread takes it away when it gives up
  std::optional<report::ProgressBar> bar;
};

// What the measuring thread works with; owned by run_command.
struct Measuring {
  const RunPlan& plan;
  runner::Platform& platform;
  core::Clock& clock;
  const std::atomic<bool>& stop;
  core::Progress& progress;
  std::optional<std::size_t> bar_columns;  // draw a bar this wide; none: no bar
  std::ostream& err;
};

// Room for every timed sample of one speed pass, up to a bound (8 bytes each): time-bounded passes get the
// bound, counted ones their count.
std::size_t live_capacity(const RunPlan& plan) {
  constexpr std::size_t kMaxLiveSamples = std::size_t{1} << 20;
  std::size_t most = 1;
  for (const auto& request : plan.requests) {
    const bool by_count = !request.loop.duration_s && !request.until_stable;
    most = std::max(most, by_count ? static_cast<std::size_t>(std::max<std::int64_t>(request.loop.iterations, 1))
                                   : kMaxLiveSamples);
  }
  return std::min(most, kMaxLiveSamples);
}

// The measuring thread: each model in turn, until all are done or a stop signal came.
void measure_all(const Measuring& job, Measurement& measurement) {
  const auto& requests = job.plan.requests;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const runner::BenchmarkRequest& request = requests[i];
    Measured& measured = measurement.measured[i];
    fmt::print(job.err, "{} ({}, {}): {}\n", request.name, request.backend->name,
               core::device_to_string(job.plan.device), describe(request));
    measurement.live.clear();
    measurement.started.store(i + 1);
    const auto drop_bar = [&] {
      const std::lock_guard lock(measurement.bar_mutex);
      measurement.bar.reset();
    };
    try {
      job.progress.begin_run(request.name, i + 1, requests.size());
      if (job.bar_columns) {
        const std::lock_guard lock(measurement.bar_mutex);
        measurement.bar.emplace(job.progress, job.clock, job.err, *job.bar_columns);
      }
      measured.run = runner::benchmark_model(request, job.platform, job.clock, &job.stop, &measured.compared);
      drop_bar();
      auto& warnings = measured.run.warnings;
      warnings.insert(warnings.begin(), job.plan.warnings.begin(), job.plan.warnings.end());
    } catch (const core::Error& e) {
      drop_bar();
      measured.run = failed_run(request, job.plan.device, e.what());
      measured.run.warnings = job.plan.warnings;
      measured.code = e.code();
      fmt::print(job.err, "inferbench: error: {}\n", e.what());
    }
    measurement.ready[i].store(true, std::memory_order_release);
    if (job.stop.load()) break;
  }
}

// Waits for the measuring thread; once a stop signal came, at most kStopGrace longer. False: it did not finish
// in time (a backend call that does not return).
bool wait_for_measurement(const std::atomic<bool>& done, const InterruptGuard& interrupt) {
  using clock = std::chrono::steady_clock;
  std::optional<clock::time_point> deadline;
  while (!done.load(std::memory_order_acquire)) {
    if (!deadline && interrupt.flag().load()) deadline = clock::now() + kStopGrace;
    if (deadline && clock::now() >= *deadline) return false;
    const auto timeout = deadline ? std::chrono::ceil<std::chrono::milliseconds>(*deadline - clock::now())
                                  : std::chrono::milliseconds(-1);
    (void)interrupt.wait(timeout);
  }
  return true;
}

// The run whose backend call did not return within kStopGrace of the signal: the samples its speed pass had
// published (the first stream's), marked interrupted.
result::Run abandoned_run(const runner::BenchmarkRequest& request, const core::DeviceSpec& device,
                          std::vector<double> samples) {
  result::Run run;
  run.name = request.name;
  run.backend = request.backend->name;
  run.device = core::device_to_string(device);
  run.model = request.model;
  run.config = runner::make_run_config(request, {});
  run.status = result::RunStatus::interrupted;
  run.stopped_by = "interrupted";
  run.samples.timed_wall_s = std::accumulate(samples.begin(), samples.end(), 0.0) * 1e-3;
  run.warnings.push_back(
      fmt::format("interrupted: a backend call had not returned {} s after the signal and was abandoned; kept the "
                  "{} timed iterations completed before it (throughput from their sum)",
                  kStopGrace.count(), samples.size()));
  run.samples.latency_ms = std::move(samples);
  runner::summarize_run(run);
  return run;
}

int write_run_outputs(const RunOptions& options, const RunPlan& plan, result::Result& result,
                      const std::vector<std::vector<double>>& compared, core::ExitCode exit_code, bool any_samples,
                      std::ostream& out, std::ostream& err) {
  if (!any_samples && exit_code != core::ExitCode::ok && exit_code != core::ExitCode::interrupted &&
      exit_code != core::ExitCode::terminated) {
    // Nothing was measured: no result file, the error above says why.
    return static_cast<int>(exit_code);
  }
  // Everything from here on is what this run leaves in the folder; what an earlier run left and this one
  // did not write again goes at the end (docs/reports.md, "A folder used again").
  io::OutputManifest manifest(plan.result_path.parent_path());
  finish_quality(result, compared, plan);
  io::write_file_atomically(plan.result_path, result::serialize_result(result));
  // Figures and exports beside result.json (docs/reports.md); a figure that cannot be drawn is a note.
  report::ReportOptions report_options;
  report_options.svg = options.svg;
  const report::ReportFiles reports =
      report::write_reports(result, plan.result_path.parent_path(), report_options);
  for (const auto& note : reports.notes) fmt::print(err, "note: {}\n", note);
  for (const auto& error : reports.errors) fmt::print(err, "inferbench: error: {}\n", error);
  // An export that could not be written fails the command: every error line means a non-zero exit.
  if (!reports.errors.empty() && exit_code == core::ExitCode::ok) exit_code = core::ExitCode::run_failed;
  report::print_console_table(out, result);
  fmt::print(err, "result: {}{}\n", plan.result_path.string(), result.interrupted ? " (interrupted)" : "");
  print_removed(err, manifest.finish(), plan.result_path.parent_path());
  return static_cast<int>(exit_code);
}

}  // namespace

int run_command(const RunOptions& options, const backends::Registry& registry, const InterruptGuard& interrupt,
                std::ostream& out, std::ostream& err, std::optional<std::size_t> err_columns) {
  const std::vector<std::string> flag_warnings = check_run_options(options, physical_memory_bytes());
  const cuda::CudaInfo cuda_info = cuda::query_cuda();
  RunPlan plan = make_plan(options, registry, cuda_info);
  plan.warnings.insert(plan.warnings.begin(), flag_warnings.begin(), flag_warnings.end());
  const auto platform = make_platform(plan.device, plan.requests.front().sync);
  core::SteadyClock clock;

  result::Result result;
  result.environment = capture_environment(options, plan, cuda_info);
  // Declared before the runs so NVML stays initialised while they sample.
  const std::optional<telemetry::NvmlSession> nvml = attach_telemetry(options, plan, result.environment, err);
  for (const auto& warning : plan.warnings) fmt::print(err, "inferbench: warning: {}\n", warning);
  // The progress bar: only on a terminal, and gone (its line erased) before anything else is printed.
  core::Progress progress;
  const bool show_progress = err_columns.has_value() && !options.quiet;
  Measurement measurement(plan.requests.size(), live_capacity(plan));
  for (auto& request : plan.requests) {
    request.progress = show_progress ? &progress : nullptr;
    request.live = &measurement.live;
  }
  const Measuring measuring{plan,    *platform, clock, interrupt.flag(), progress, show_progress ? err_columns : std::nullopt,
                            err};
  std::thread worker([&] {
    try {
      measure_all(measuring, measurement);
    } catch (...) {
      measurement.failure = std::current_exception();
    }
    measurement.done.store(true, std::memory_order_release);
    interrupt.wake();
  });
  const bool finished = wait_for_measurement(measurement.done, interrupt);
  if (finished) {
    worker.join();
    if (measurement.failure) std::rethrow_exception(measurement.failure);
  } else {
    worker.detach();  // in a backend call that does not return; the process ends without it (below)
    const std::lock_guard lock(measurement.bar_mutex);
    measurement.bar.reset();
  }

  auto exit_code = core::ExitCode::ok;
  bool any_samples = false;
  std::vector<std::vector<double>> compared;
  for (std::size_t i = 0; i < plan.requests.size(); ++i) {
    if (!measurement.ready[i].load(std::memory_order_acquire)) {
      if (!finished && i < measurement.started.load()) {
        result.runs.push_back(abandoned_run(plan.requests[i], plan.device, measurement.live.snapshot()));
        compared.emplace_back();
      }
      break;
    }
    Measured& measured = measurement.measured[i];
    if (measured.code != core::ExitCode::ok && exit_code == core::ExitCode::ok) exit_code = measured.code;
    result.runs.push_back(std::move(measured.run));
    compared.push_back(std::move(measured.compared));
  }
  for (const auto& run : result.runs) any_samples = any_samples || !run.samples.latency_ms.empty();
  if (interrupt.flag().load()) {
    result.interrupted = true;
    exit_code = interrupt.exit_code();
  }
  int code = 0;
  try {
    code = write_run_outputs(options, plan, result, compared, exit_code, any_samples, out, err);
  } catch (const core::Error& e) {
    if (finished) throw;
    fmt::print(err, "inferbench: error: {}\n", e.what());
    code = static_cast<int>(e.code());
  }
  // A signal while the files were written: the result is whole, but the caller asked us to stop.
  if (code == 0 && interrupt.flag().load()) code = static_cast<int>(interrupt.exit_code());
  if (!finished) {
    // Returning would run static destructors under the thread still inside the backend.
    out.flush();
    err.flush();
    std::fflush(nullptr);
    std::_Exit(code);
  }
  return code;
}

}  // namespace ib::cli
