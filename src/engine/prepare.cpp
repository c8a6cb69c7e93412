#include "engine/prepare.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "inferbench/errors.hpp"
#include "quality/depth_map.hpp"
#include "io/file_info.hpp"
#include "quality/dataset.hpp"

namespace ib::engine {
namespace {

io::Preprocess preprocess_of(const RunSpec& spec) {
  io::Preprocess preprocess;
  if (spec.image) {
    preprocess.mean = spec.image->mean;
    preprocess.std = spec.image->std;
    preprocess.scale = spec.image->scale;
  }
  return preprocess;
}

// Every dataset image's header against the pixel limit, and a scale for PNG GT files, before anything runs.
void check_dataset_files(const quality::Dataset& dataset, const quality::DepthFileOptions& gt_files) {
  for (const quality::DatasetPair& pair : dataset.pairs) {
    (void)io::read_image_size(pair.image, gt_files.max_pixels);
    if (!gt_files.scale && quality::is_png_depth_file(pair.gt)) {
      throw core::InputError(fmt::format(
          "--metric-gt-dir: {} is a PNG depth map: give --gt-scale, the number its values are divided by "
          "to give depth (KITTI: 256; millimetres to metres: 1000)",
          pair.gt.string()));
    }
  }
}

// The single-image GT: readable, of the image's aspect ratio, with at least one valid pixel.
void check_gt_file(const std::filesystem::path& file, const io::Image& image, const runner::QualityRequest& request) {
  const quality::DepthMap gt = quality::read_depth_map(file, request.gt_files);
  try {
    (void)quality::fit_ground_truth(image.width, image.height, gt.width, gt.height);
  } catch (const core::InputError& error) {
    throw core::InputError(fmt::format("--gt {}: {}", file.string(), error.what()));
  }
  const auto valid = [&](double d) {
    return std::isfinite(d) && d >= request.depth.min_depth && d <= request.depth.max_depth;
  };
  if (std::none_of(gt.values.begin(), gt.values.end(), valid)) {
    throw core::InputError(fmt::format("--gt {}: no valid pixel (finite and within --min-depth {} / --max-depth {})",
                                       file.string(), request.depth.min_depth, request.depth.max_depth));
  }
}

result::ModelInfo model_identity(const RunSpec& spec, const backends::BackendInfo& backend) {
  result::ModelInfo model;
  if (spec.model.builtin == "demo") {
    const std::string archive = backend.demo_archive();
    model.path = "builtin:demo";
    model.size_bytes = archive.size();
    model.sha256 = io::sha256_hex(archive);
  } else if (!spec.model.builtin.empty()) {
    model.path = spec.model.builtin;
  } else {
    if (backend.check_file) backend.check_file(spec.model.path);
    const io::FileInfo file = io::describe_file(spec.model.path);
    model.path = spec.model.path.string();
    model.size_bytes = file.size_bytes;
    model.sha256 = file.sha256;
    model.mtime = file.mtime_utc;
  }
  return model;
}

}  // namespace

core::DeviceSpec resolve_device(const std::optional<core::DeviceSpec>& asked,
                                const std::vector<const backends::BackendInfo*>& backends,
                                const cuda::CudaInfo& cuda_info) {
  const bool all_support_cuda =
      std::all_of(backends.begin(), backends.end(), [](const auto* backend) { return backend->supports_cuda; });
  if (!asked) {
    return cuda_info.available && all_support_cuda ? core::DeviceSpec{core::DeviceKind::cuda, 0}
                                                   : core::DeviceSpec{core::DeviceKind::cpu, 0};
  }
  if (asked->kind == core::DeviceKind::cpu) return *asked;
  const std::string text = core::device_to_string(*asked);
  if (!cuda_info.available) throw core::UnavailableError("--device " + text + " requested but " + cuda_info.reason);
  if (asked->index >= static_cast<int>(cuda_info.devices.size())) {
    throw core::UnavailableError(
        fmt::format("--device {} requested but this machine has {} CUDA device(s)", text, cuda_info.devices.size()));
  }
  for (const auto* backend : backends) {
    if (!backend->supports_cuda) {
      throw core::UnavailableError("backend '" + backend->name + "' in this build cannot run on CUDA" +
                                   " (LibTorch from Debian is CPU-only; build with a CUDA LibTorch); use --device cpu");
    }
  }
  return *asked;
}

std::shared_ptr<const io::Image> read_input_image(const RunSpec& spec) {
  if (!spec.image) return nullptr;
  // Decoded once here; resized and normalised once per model, when its input shape is known, before
  // anything is timed.
  return std::make_shared<const io::Image>(io::read_image(spec.image->file, spec.max_image_pixels));
}

std::optional<runner::QualityRequest> quality_request(const RunSpec& spec, std::shared_ptr<const io::Image> image) {
  if (!spec.quality) return std::nullopt;
  const GroundTruth& gt = spec.quality->ground_truth;
  runner::QualityRequest request;
  request.output_name = spec.quality->output_name;
  request.image = std::move(image);
  request.preprocess = preprocess_of(spec);
  request.depth = {gt.min_depth, gt.max_depth, gt.median_scaling, gt.disparity};
  request.gt_files = {gt.gt_scale, spec.max_image_pixels};
  if (gt.images_dir && gt.gt_dir) {
    request.dataset = quality::pair_dataset(*gt.images_dir, *gt.gt_dir);
    request.dataset_source = gt.gt_dir->string();
    check_dataset_files(*request.dataset, request.gt_files);
  } else if (gt.file && request.image) {
    check_gt_file(*gt.file, *request.image, request);
    request.gt_file = *gt.file;
  }
  return request;
}

runner::BenchmarkRequest benchmark_request(const RunSpec& spec, const backends::BackendInfo& backend,
                                           const core::DeviceSpec& device,
                                           const std::shared_ptr<const io::Image>& image,
                                           const std::optional<runner::QualityRequest>& quality) {
  runner::BenchmarkRequest request;
  request.name = spec.name;
  request.backend = &backend;
  request.load.model = {spec.model.path, spec.model.builtin};
  request.load.device = device;
  request.load.dtype = spec.dtype;
  request.load.shapes = spec.shapes;
  request.load.cudnn_benchmark = spec.cudnn_benchmark;
  request.load.tf32 = spec.tf32;
  request.model = model_identity(spec, backend);
  request.loop = runner::loop_plan_for(spec.warmup, spec.stop, spec.breakdown);
  request.percentiles = spec.percentiles;
  request.session.transfers = spec.transfers;
  if (image) {
    request.session.first_input = [image, preprocess = preprocess_of(spec)](const core::TensorSpec& tensor) {
      return io::to_nchw(*image, tensor, preprocess);
    };
    request.input_image = spec.image->file.string();
  }
  request.cuda_graph = spec.cuda_graph;
  request.profile_layers = spec.profile_layers;
  request.sync = spec.sync;
  request.streams = spec.streams;
  request.quality = quality;
  return request;
}

std::vector<result::Warning> check_device_use(const RunSpec& spec, const core::DeviceSpec& device) {
  std::vector<result::Warning> warnings;
  if (device.kind != core::DeviceKind::cpu) return warnings;
  if (spec.gpu_id)
    warnings.push_back({result::WarningKind::gpu_id_unused_on_cpu, {{"gpu_id", static_cast<double>(*spec.gpu_id)}}, {}});
  if (spec.cuda_graph) throw core::UnavailableError("--cuda-graph needs a CUDA device; this run is on the CPU");
  if (spec.sync != SyncMode::automatic)
    throw core::InputError("--sync sets how the host waits for a GPU; this run is on the CPU");
  return warnings;
}

}  // namespace ib::engine
