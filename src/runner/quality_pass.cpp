#include "runner/quality_pass.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/errors.hpp"
#include "io/npy.hpp"

namespace ib::runner {
namespace {

struct Output {
  std::string name;
  core::Shape shape;
  std::vector<double> values;
};

Output read_output(const InferenceSession& session, const std::optional<std::string>& name) {
  const auto& specs = session.output_specs();
  if (specs.empty()) throw core::InputError("the model has no output to compare");
  std::size_t index = 0;
  if (name) {
    const auto found = std::find_if(specs.begin(), specs.end(),
                                    [&](const core::TensorSpec& spec) { return spec.name == *name; });
    if (found == specs.end()) {
      std::string names;
      for (const auto& spec : specs) names += (names.empty() ? "" : ", ") + spec.name;
      throw core::InputError(fmt::format("--output-name {}: the model's outputs are {}", *name, names));
    }
    index = static_cast<std::size_t>(found - specs.begin());
  }
  const core::TensorSpec& spec = specs[index];
  io::NpyArray array;
  array.dtype = spec.dtype;
  array.shape = spec.shape;
  array.data.resize(spec.size_bytes());
  std::memcpy(array.data.data(), session.output_host_data(index), array.data.size());
  return {spec.name, spec.shape, io::to_doubles(array)};
}

/// The output as a map at the image's size (when there is an image and the output is a dense map).
DepthMap to_image_size(const Output& output, const io::Image* image) {
  const auto size = dense_map_size(output.shape);
  if (!size) return {};
  DepthMap map{size->second, size->first, output.values};
  if (image != nullptr && (image->width != map.width || image->height != map.height)) {
    map.values = io::resize_map_bicubic(map.values, map.width, map.height, image->width, image->height);
    map.width = image->width;
    map.height = image->height;
  }
  return map;
}

/// Scores `prediction` (at the image's size) against the GT file, resizing the prediction to the GT's size
/// when only the scale differs.
quality::DepthMetrics score(const DepthMap& prediction, const std::filesystem::path& gt_path,
                            const quality::DepthOptions& options, std::vector<std::string>& warnings) {
  const DepthMap gt = read_depth_map(gt_path);
  try {
    if (quality::fit_ground_truth(prediction.width, prediction.height, gt.width, gt.height) ==
        quality::GroundTruthFit::same_size) {
      return quality::depth_metrics(prediction.values, gt.values, options);
    }
  } catch (const core::InputError& error) {
    throw core::InputError(fmt::format("{}: {}", gt_path.string(), error.what()));
  }
  warnings.push_back(
      fmt::format("{}: the GT is {}x{} but the image {}x{} (same aspect ratio): the prediction "
                  "was resized to the GT's size",
                  gt_path.filename().string(), gt.width, gt.height, prediction.width, prediction.height));
  const std::vector<double> resized =
      io::resize_map_bicubic(prediction.values, prediction.width, prediction.height, gt.width, gt.height);
  try {
    return quality::depth_metrics(resized, gt.values, options);
  } catch (const core::InputError& error) {
    throw core::InputError(fmt::format("{}: {}", gt_path.string(), error.what()));
  }
}

result::DepthScores scores_of(const quality::DepthMetrics& m) {
  result::DepthScores s;
  s.abs_rel = m.abs_rel;
  s.sq_rel = m.sq_rel;
  s.rmse = m.rmse;
  s.rmse_log = m.rmse_log;
  s.log10 = m.log10;
  s.silog = m.silog;
  s.d1 = m.d1;
  s.d2 = m.d2;
  s.d3 = m.d3;
  return s;
}

result::GroundTruthQuality ground_truth_record(const char* mode, std::string source,
                                               const quality::DepthMetrics& metrics, std::int64_t images,
                                               const quality::DepthOptions& options) {
  result::GroundTruthQuality gt;
  gt.mode = mode;
  gt.source = std::move(source);
  gt.images = images;
  gt.metrics = scores_of(metrics);
  gt.valid_pixels = static_cast<std::int64_t>(metrics.valid_pixels);
  gt.invalid_predictions = static_cast<std::int64_t>(metrics.invalid_predictions);
  gt.median_scaling = options.median_scaling;
  gt.disparity = options.disparity;
  gt.min_depth = options.min_depth;
  gt.max_depth = options.max_depth;
  return gt;
}

std::int64_t count_nonfinite(const std::vector<double>& values) {
  return std::count_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); });
}

}  // namespace

std::optional<std::pair<int, int>> dense_map_size(const core::Shape& shape) {
  std::vector<std::int64_t> dims;
  for (const std::int64_t d : shape) {
    if (d != 1) dims.push_back(d);
  }
  if (dims.size() != 2 || dims[0] > std::numeric_limits<int>::max() ||
      dims[1] > std::numeric_limits<int>::max()) {
    return std::nullopt;
  }
  return std::pair<int, int>{static_cast<int>(dims[0]), static_cast<int>(dims[1])};
}

DepthMap read_depth_map(const std::filesystem::path& path) {
  const io::NpyArray array = io::read_npy(path);
  const auto size = dense_map_size(array.shape);
  if (!size) {
    throw core::InputError(
        fmt::format("{}: a GT depth map must be H x W (after dropping 1-dimensions), not {}", path.string(),
                    core::shape_to_string(array.shape)));
  }
  return {size->second, size->first, io::to_doubles(array)};
}

QualityOutcome run_quality_pass(InferenceSession& session, const QualityRequest& request) {
  QualityOutcome outcome;
  session.round_trip();
  const Output output = read_output(session, request.output_name);
  result::Quality& quality = outcome.quality;
  quality.output = output.name;
  quality.output_shape = output.shape;
  quality.nonfinite_values = count_nonfinite(output.values);
  if (quality.nonfinite_values > 0) {
    outcome.warnings.push_back(
        fmt::format("output '{}' holds {} NaN/Inf values of {} (left out of every metric)", output.name,
                    quality.nonfinite_values, output.values.size()));
  }
  DepthMap map = to_image_size(output, request.image.get());
  const bool dense = !map.values.empty();
  if (dense) {
    quality.map_shape = {map.height, map.width};
    outcome.values = map.values;
  } else {
    for (const std::int64_t d : output.shape) {
      if (d != 1) quality.map_shape.push_back(d);
    }
    outcome.values = output.values;
  }

  const bool wants_ground_truth = request.dataset || request.gt_file;
  if (wants_ground_truth && !dense) {
    throw core::InputError(fmt::format(
        "output '{}' has shape {}: depth metrics need a dense H x W map (choose one with --output-name)",
        output.name, core::shape_to_string(output.shape)));
  }
  if (request.dataset) {
    const core::TensorSpec& input = session.input_specs().front();
    std::vector<quality::DepthMetrics> per_image;
    for (const quality::DatasetPair& pair : request.dataset->pairs) {
      const io::Image image = io::read_image(pair.image);
      session.set_first_input(io::to_nchw(image, input, request.preprocess));
      session.round_trip();
      const DepthMap prediction = to_image_size(read_output(session, request.output_name), &image);
      per_image.push_back(score(prediction, pair.gt, request.depth, outcome.warnings));
    }
    quality.ground_truth =
        ground_truth_record("dataset", request.dataset_source, quality::mean_metrics(per_image),
                            static_cast<std::int64_t>(per_image.size()), request.depth);
    quality.ground_truth->skipped_images = static_cast<std::int64_t>(request.dataset->skipped.size());
    if (!request.dataset->skipped.empty()) {
      outcome.warnings.push_back(fmt::format(
          "dataset: {} of {} images have no GT file and were skipped", request.dataset->skipped.size(),
          request.dataset->skipped.size() + request.dataset->pairs.size()));
    }
  } else if (request.gt_file) {
    const quality::DepthMetrics metrics = score(map, *request.gt_file, request.depth, outcome.warnings);
    quality.ground_truth =
        ground_truth_record("single-image", request.gt_file->string(), metrics, 1, request.depth);
  }
  if (quality.ground_truth && quality.ground_truth->invalid_predictions > 0) {
    outcome.warnings.push_back(fmt::format(
        "{} predictions were NaN, Inf or not positive where the GT is valid (left out of the depth "
        "metrics)",
        quality.ground_truth->invalid_predictions));
  }
  return outcome;
}

}  // namespace ib::runner
