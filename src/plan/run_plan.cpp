#include "plan/run_plan.hpp"

#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "inferbench/errors.hpp"
#include "quality/depth_map.hpp"
#include "io/image.hpp"
#include "plan/run_checks.hpp"
#include "plan/values.hpp"
#include "quality/depth_metrics.hpp"

namespace ib::plan {
namespace {

std::string unique_name(const std::string& name, std::map<std::string, int>& seen) {
  const int count = ++seen[name];
  return count == 1 ? name : fmt::format("{}#{}", name, count);
}

std::string model_name(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  for (const std::string_view ext : {".jit.pt", ".ts", ".pt"}) {
    if (name.size() > ext.size() && name.ends_with(ext)) return name.substr(0, name.size() - ext.size());
  }
  return path.stem().string();
}

// Images into a model that does not fix its input shape: a square of --input-size (518, the depth models'
// size, by default). The built-in demo fixes its own. --batch and --ch (bench_pt's flags) fill the rest.
std::vector<core::ShapeArg> shapes_of(const RunOptions& o) {
  std::vector<core::ShapeArg> shapes;
  for (const auto& text : o.shapes) shapes.push_back(core::parse_shape_arg(text));
  if (o.input_size && (*o.input_size < 1 || *o.input_size > io::kMaxImageSide))
    throw core::InputError(fmt::format("--input-size must be between 1 and {}", io::kMaxImageSide));
  const bool images_in = o.image || o.metric_images_dir;
  if (shapes.empty() && (o.input_size || (images_in && !o.models.empty()))) {
    const std::int64_t side = o.input_size.value_or(518);
    shapes.push_back(core::ShapeArg{std::nullopt, core::Shape{o.batch.value_or(1), o.channels.value_or(3), side, side}});
  }
  return shapes;
}

GroundTruth ground_truth_of(const RunOptions& o) {
  GroundTruth gt;
  if (o.gt) gt.file = *o.gt;
  if (o.metric_images_dir) gt.images_dir = *o.metric_images_dir;
  if (o.metric_gt_dir) gt.gt_dir = *o.metric_gt_dir;
  gt.min_depth = o.min_depth;
  gt.max_depth = o.max_depth;
  gt.median_scaling = o.median_scaling;
  gt.disparity = o.disparity;
  gt.gt_scale = o.gt_scale;
  return gt;
}

// The quality pass, when the flags ask for one or it has something to compare (an image, several runs).
std::optional<QualitySpec> quality_of(const RunOptions& o, std::size_t run_count, std::vector<result::Warning>& warnings) {
  const bool dataset = o.metric_images_dir || o.metric_gt_dir;
  const bool asked = o.gt || dataset || o.save_outputs || o.output_name;
  if (!asked && !o.image && run_count < 2) return std::nullopt;
  if (o.no_transfers) {
    if (asked) {
      throw core::InputError(
          "--gt, --metric-*-dir, --save-outputs and --output-name read the outputs back: drop --no-transfers");
    }
    warnings.push_back({result::WarningKind::no_transfers_no_comparison, {}, {}});
    return std::nullopt;
  }
  QualitySpec spec;
  spec.output_name = o.output_name;
  spec.save_output = o.save_outputs || o.image.has_value();
  spec.ground_truth = ground_truth_of(o);
  if (o.gt || dataset) {
    quality::validate({o.min_depth, o.max_depth, o.median_scaling, o.disparity});
  }
  if (dataset) {
    if (!o.metric_images_dir || !o.metric_gt_dir)
      throw core::InputError("dataset mode needs both --metric-images-dir and --metric-gt-dir");
    if (o.gt) warnings.push_back({result::WarningKind::dataset_overrides_gt, {}, {}});
  } else if (o.gt && !o.image) {
    throw core::InputError("--gt scores the output for --image: give --image too");
  }
  return spec;
}

// Everything every run of the plan shares; name, backend, model and dtype are filled per run.
RunSpec common_spec(const RunOptions& o) {
  RunSpec spec;
  spec.shapes = shapes_of(o);
  if (o.device != "auto") spec.device = core::parse_device(o.device);
  spec.warmup = warmup_of(o);
  spec.stop = stop_rule_of(o);
  spec.percentiles = parse_percentiles(o.percentiles);
  spec.breakdown = !o.no_breakdown;
  spec.profile_layers = o.profile_layers;
  spec.cuda_graph = o.cuda_graph;
  spec.sync = parse_sync_mode(o.sync);
  spec.streams = o.streams;
  spec.cudnn_benchmark = cudnn_benchmark_of(o);
  spec.tf32 = tf32_of(o);
  spec.transfers = !o.no_transfers;
  // Checked with or without --image: a bad value is a mistake either way.
  const ImageInput image{o.image.value_or(""), parse_triple(o.mean, "--mean"), parse_triple(o.std, "--std"),
                         static_cast<float>(o.scale)};
  if (o.image) spec.image = image;
  if (o.max_image_pixels) spec.max_image_pixels = *o.max_image_pixels;
  quality::validate(quality::DepthFileOptions{o.gt_scale, spec.max_image_pixels});
  spec.telemetry = parse_telemetry_mode(o.telemetry);
  spec.sample_interval_s = o.gpu_sample_interval_s;
  spec.gpu_id = o.gpu_id;
  return spec;
}

// The model behind one --model argument (or --demo): backend, model reference and the run's base name.
RunSpec model_spec(const RunSpec& common, const std::string& model, const RunOptions& o,
                   const backends::Registry& registry) {
  RunSpec spec = common;
  if (model.starts_with("fake:") || model.starts_with("synthetic:")) {  // these backends' models are specs
    spec.backend = registry.by_name(o.backend.value_or(model.substr(0, model.find(':')))).name;
    spec.model.builtin = model;
    spec.name = model;
  } else {
    spec.backend = o.backend ? registry.by_name(*o.backend).name : registry.for_path(model).name;
    spec.model.path = model;
    spec.name = model_name(model);
  }
  return spec;
}

RunSpec demo_spec(const RunSpec& common, const RunOptions& o, const backends::Registry& registry) {
  RunSpec spec = common;
  spec.backend = registry.by_name(o.backend.value_or("libtorch")).name;
  if (spec.backend != "libtorch") throw core::InputError("--demo runs on the libtorch backend only");
  spec.model.builtin = "demo";
  spec.name = "demo";
  return spec;
}

}  // namespace

Plan make_run_plan(const RunOptions& options, const backends::Registry& registry,
                   std::optional<std::uint64_t> memory_bytes) {
  if (options.models.empty() && !options.demo)
    throw core::InputError("nothing to benchmark: give --model FILE (or --engines FILE), or --demo");
  Plan plan;
  plan.warnings = check_run_options(options, memory_bytes);
  plan.output_dir = options.output_dir;
  plan.command_line = options.command_line;
  const std::vector<core::DType> dtypes = parse_dtype_list(options.dtype);
  std::vector<ModelArg> models;
  std::size_t run_count = options.demo ? dtypes.size() : 0;
  for (const auto& text : options.models) {
    models.push_back(parse_model_arg(text));
    run_count += models.back().dtype ? 1 : dtypes.size();
  }
  RunSpec common = common_spec(options);
  common.quality = quality_of(options, run_count, plan.warnings);

  // Each model at each precision of --dtype (the first run is the cross-engine reference), or at its own
  // (FILE@fp16). A run is named after its model, plus "@dtype" when its precision was given with it or several
  // are run.
  std::map<std::string, int> seen;
  const auto add_runs = [&](const RunSpec& spec, const std::optional<core::DType> own) {
    for (const core::DType dtype : own ? std::vector<core::DType>{*own} : dtypes) {
      RunSpec run = spec;
      run.dtype = dtype;
      if (own || dtypes.size() > 1) run.name = fmt::format("{}@{}", spec.name, core::dtype_name(dtype));
      run.name = unique_name(run.name, seen);
      plan.runs.push_back(std::move(run));
    }
  };
  if (options.demo) add_runs(demo_spec(common, options, registry), std::nullopt);
  for (const auto& [model, own_dtype] : models) add_runs(model_spec(common, model, options, registry), own_dtype);
  return plan;
}

}  // namespace ib::plan
