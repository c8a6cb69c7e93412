#include "runner/quality_pass.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "inferbench/errors.hpp"
#include "io/npy.hpp"

namespace ib::runner {
namespace {

struct Output {
  std::string name;
  core::Shape shape;
  std::vector<double> values;
};

Output read_output_at(const InferenceSession& session, std::size_t index) {
  const core::TensorSpec& spec = session.output_specs()[index];
  io::NpyArray array;
  array.dtype = spec.dtype;
  array.shape = spec.shape;
  array.data.resize(spec.size_bytes());
  std::memcpy(array.data.data(), session.output_host_data(index), array.data.size());
  return {spec.name, spec.shape, io::to_doubles(array)};
}

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
  return read_output_at(session, index);
}

/// The output as a map at the image's size (when there is an image and the output is a dense map).
quality::DepthMap to_image_size(const Output& output, const io::Image* image) {
  const auto size = quality::dense_map_size(output.shape);
  if (!size) return {};
  quality::DepthMap map{size->second, size->first, output.values};
  if (image != nullptr && (image->width != map.width || image->height != map.height)) {
    map.values = io::resize_map_bicubic(map.values, map.width, map.height, image->width, image->height);
    map.width = image->width;
    map.height = image->height;
  }
  return map;
}

/// Scores `prediction` (at the image's size) against the GT file, resizing the prediction to the GT's size
/// when only the scale differs. Nothing when the output has no usable value where the GT is valid: that is
/// the model's doing, said in a warning naming the output, and leaves the timing alone.
std::optional<quality::DepthMetrics> score(const quality::DepthMap& prediction, const std::string& output_name,
                                           const std::filesystem::path& gt_path,
                                           const QualityRequest& request,
                                           std::vector<result::Warning>& warnings) {
  const quality::DepthMap gt = quality::read_depth_map(gt_path, request.gt_files);
  std::vector<double> resized;
  try {
    if (quality::fit_ground_truth(prediction.width, prediction.height, gt.width, gt.height) ==
        quality::GroundTruthFit::resize_prediction) {
      warnings.push_back({result::WarningKind::gt_resized,
                          {{"gt_width", static_cast<double>(gt.width)},
                           {"gt_height", static_cast<double>(gt.height)},
                           {"image_width", static_cast<double>(prediction.width)},
                           {"image_height", static_cast<double>(prediction.height)}},
                          {{"gt_file", gt_path.filename().string()}}});
      resized =
          io::resize_map_bicubic(prediction.values, prediction.width, prediction.height, gt.width, gt.height);
    }
    return quality::depth_metrics(resized.empty() ? prediction.values : resized, gt.values, request.depth);
  } catch (const quality::NoValidPrediction& error) {
    warnings.push_back(
        {result::WarningKind::no_valid_prediction,
         {},
         {{"output", output_name}, {"gt_file", gt_path.filename().string()}, {"reason", error.what()}}});
    return std::nullopt;
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
                                               const QualityRequest& request) {
  const quality::DepthOptions& options = request.depth;
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
  gt.gt_scale = request.gt_files.scale.value_or(1.0);
  return gt;
}

std::int64_t count_nonfinite(const std::vector<double>& values) {
  return std::count_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); });
}

// Every image of the dataset through the session, scored against its GT; images whose prediction has no
// usable value are left out of the mean (and counted in a warning).
void score_dataset(InferenceSession& session, const QualityRequest& request, QualityOutcome& outcome) {
  const core::TensorSpec& input = session.input_specs().front();
  std::vector<quality::DepthMetrics> per_image;
  for (const quality::DatasetPair& pair : request.dataset->pairs) {
    const io::Image image = io::read_image(pair.image, request.gt_files.max_pixels);
    session.set_first_input(io::to_nchw(image, input, request.preprocess));
    session.round_trip();
    const Output output = read_output(session, request.output_name);
    const quality::DepthMap prediction = to_image_size(output, &image);
    if (auto metrics = score(prediction, output.name, pair.gt, request, outcome.warnings)) {
      per_image.push_back(*metrics);
    }
  }
  const std::size_t unusable = request.dataset->pairs.size() - per_image.size();
  if (unusable > 0) {
    outcome.warnings.push_back({result::WarningKind::dataset_unusable,
                                {{"unusable", static_cast<double>(unusable)},
                                 {"images", static_cast<double>(request.dataset->pairs.size())}},
                                {}});
  }
  if (!request.dataset->skipped.empty()) {
    outcome.warnings.push_back(
        {result::WarningKind::dataset_skipped,
         {{"skipped", static_cast<double>(request.dataset->skipped.size())},
          {"images", static_cast<double>(request.dataset->skipped.size() + request.dataset->pairs.size())}},
         {}});
  }
  if (per_image.empty()) return;
  result::Quality& quality = outcome.quality;
  quality.ground_truth =
      ground_truth_record("dataset", request.dataset_source, quality::mean_metrics(per_image),
                          static_cast<std::int64_t>(per_image.size()), request);
  quality.ground_truth->skipped_images = static_cast<std::int64_t>(request.dataset->skipped.size());
}

}  // namespace

std::vector<result::Warning> nonfinite_output_warnings(const InferenceSession& session) {
  std::vector<result::Warning> warnings;
  for (std::size_t i = 0; i < session.output_specs().size(); ++i) {
    if (!session.has_output_host_copy(i)) continue;
    const Output output = read_output_at(session, i);
    const std::int64_t nonfinite = count_nonfinite(output.values);
    if (nonfinite == 0) continue;
    const auto nan = std::count_if(output.values.begin(), output.values.end(),
                                   [](double v) { return std::isnan(v); });
    warnings.push_back({result::WarningKind::nonfinite_output,
                        {{"nonfinite", static_cast<double>(nonfinite)},
                         {"values", static_cast<double>(output.values.size())},
                         {"nan", static_cast<double>(nan)},
                         {"inf", static_cast<double>(nonfinite - nan)}},
                        {{"output", output.name}}});
  }
  return warnings;
}

QualityOutcome run_quality_pass(InferenceSession& session, const QualityRequest& request) {
  QualityOutcome outcome;
  session.round_trip();
  const Output output = read_output(session, request.output_name);
  result::Quality& quality = outcome.quality;
  quality.output = output.name;
  quality.output_shape = output.shape;
  // Counted here, warned about by nonfinite_output_warnings (for every output, with or without this pass).
  quality.nonfinite_values = count_nonfinite(output.values);
  quality::DepthMap map = to_image_size(output, request.image.get());
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
    score_dataset(session, request, outcome);
  } else if (request.gt_file) {
    const auto metrics = score(map, output.name, *request.gt_file, request, outcome.warnings);
    if (metrics) {
      quality.ground_truth =
          ground_truth_record("single-image", request.gt_file->string(), *metrics, 1, request);
    }
  }
  if (quality.ground_truth && quality.ground_truth->invalid_predictions > 0) {
    outcome.warnings.push_back({result::WarningKind::invalid_predictions,
                                {{"count", static_cast<double>(quality.ground_truth->invalid_predictions)}},
                                {}});
  }
  return outcome;
}

}  // namespace ib::runner
